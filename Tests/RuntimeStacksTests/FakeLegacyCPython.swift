import DumpModel
@testable import RuntimeStacks

/// A CPython 3.8 to 3.10 built in memory for the reader: `_PyRuntime`, one interpreter, thread
/// states naming their threads by pthread_t, `PyFrameObject` chains, code objects with a
/// `co_lnotab` (3.9) or `co_linetable` (3.10) and strings, laid out as ``CPythonLegacyLayout``
/// says, in a byte map every other address of which is not in the core.
final class FakeLegacyCPython {
    static let runtime: UInt64 = 0x10_0000
    static let interpreter: UInt64 = 0x11_0000
    static let unicodeType: UInt64 = 0x12_0000
    static let codeType: UInt64 = 0x12_0100
    static let bytesType: UInt64 = 0x12_0200
    static let frameType: UInt64 = 0x12_0300
    let minor: Int
    let layout: CPythonLegacyLayout
    let memory = ByteMemory()
    let symbols = NamedSymbols()
    private var next: UInt64 = 0x20_0000
    private var lastThreadState: UInt64?

    init(minor: Int = 9) {
        self.minor = minor
        layout = CPythonLegacyLayout.layout(major: 3, minor: minor)!
        symbols.addresses = [
            "_PyRuntime": Self.runtime, "PyUnicode_Type": Self.unicodeType, "PyCode_Type": Self.codeType,
            "PyBytes_Type": Self.bytesType, "PyFrame_Type": Self.frameType,
        ]
        memory.write(Self.interpreter, at: Self.runtime + UInt64(CPythonLegacyLayout.runtimeInterpretersHead))
        memory.write(0, at: Self.interpreter + UInt64(CPythonLegacyLayout.interpreterNext))
        memory.write(0, at: Self.interpreter + UInt64(CPythonLegacyLayout.interpreterThreadsHead))
        memory.write(0, at: gil + UInt64(CPythonLayout.gilLocked), size: 4)
    }

    /// The GIL's state.
    var gil: UInt64 { Self.runtime + UInt64(layout.gil) }

    /// `size` zeroed bytes, 16-byte aligned.
    func allocate(_ size: Int) -> UInt64 {
        let address = next
        memory.write(bytes: [UInt8](repeating: 0, count: size), at: address)
        next += (UInt64(size) + 15) & ~15
        return address
    }

    /// A `bytes` object.
    func bytes(_ data: [UInt8]) -> UInt64 {
        let object = allocate(32 + data.count + 1)
        memory.write(Self.bytesType, at: object + 8)
        memory.write(UInt64(data.count), at: object + 16)
        memory.write(bytes: data, at: object + 32)
        return object
    }

    /// A compact ASCII `str`.
    func string(_ text: String) -> UInt64 {
        let data = Array(text.utf8)
        let object = allocate(CPythonLegacyLayout.asciiData + data.count + 1)
        memory.write(Self.unicodeType, at: object + 8)
        memory.write(UInt64(data.count), at: object + 16)
        memory.write(1 << 2 | 0x20 | 0x40, at: object + 32, size: 1)
        memory.write(bytes: Array(data), at: object + UInt64(CPythonLegacyLayout.asciiData))
        return object
    }

    /// A code object of one instruction (two bytes) per entry of `lines`, whose line table
    /// puts each on its line.
    func code(_ name: String, file: String, firstLine: Int, lines: [Int]) -> UInt64 {
        var table: [UInt8] = []
        var line = firstLine
        for (index, target) in lines.enumerated() {
            // lnotab: the line advance applies from this pair's address; 3.10: each pair covers 2 bytes.
            table += minor == 10 ? [2, UInt8(bitPattern: Int8(target - line))] : [index == 0 ? 0 : 2, UInt8(bitPattern: Int8(target - line))]
            line = target
        }
        let object = allocate(160)
        memory.write(Self.codeType, at: object + 8)
        memory.write(string(name), at: object + UInt64(CPythonLegacyLayout.codeName))
        memory.write(string(file), at: object + UInt64(CPythonLegacyLayout.codeFileName))
        memory.write(UInt64(firstLine), at: object + UInt64(CPythonLegacyLayout.codeFirstLine), size: 4)
        memory.write(bytes([UInt8](repeating: 0, count: 2 * lines.count)), at: object + UInt64(CPythonLegacyLayout.codeBytecode))
        memory.write(bytes(table), at: object + UInt64(CPythonLegacyLayout.codeLineTable))
        return object
    }

    /// A frame running `code` at instruction `instruction` (`f_lasti`: bytes before 3.10, code
    /// units in 3.10) called from `back`.
    func frame(_ code: UInt64, instruction: Int, back: UInt64) -> UInt64 {
        let frame = allocate(128)
        memory.write(Self.frameType, at: frame + 8)
        memory.write(back, at: frame + UInt64(CPythonLegacyLayout.frameBack))
        memory.write(code, at: frame + UInt64(CPythonLegacyLayout.frameCode))
        memory.write(UInt64(UInt32(bitPattern: Int32(minor == 10 ? instruction : 2 * instruction))), at: frame + UInt64(layout.frameLastInstruction), size: 4)
        return frame
    }

    /// A thread state of the thread whose pthread_t is `pthread`, running `frame`, appended to
    /// the interpreter's list.
    @discardableResult
    func threadState(pthread: UInt64, frame: UInt64) -> UInt64 {
        let state = allocate(200)
        memory.write(frame, at: state + UInt64(CPythonLegacyLayout.threadFrame))
        memory.write(pthread, at: state + UInt64(CPythonLegacyLayout.threadID))
        memory.write(state, at: (lastThreadState ?? Self.interpreter) + UInt64(lastThreadState == nil ? CPythonLegacyLayout.interpreterThreadsHead : CPythonLegacyLayout.threadNext))
        lastThreadState = state
        return state
    }

    /// Marks the GIL held by `threadState`.
    func holdGIL(_ threadState: UInt64) {
        memory.write(1, at: gil + UInt64(CPythonLayout.gilLocked), size: 4)
        memory.write(threadState, at: gil + UInt64(CPythonLayout.gilLastHolder))
    }

    /// A thread whose thread pointer (`fs_base`) is `pthread` and native stack `functions`.
    static func thread(_ tid: Int32, pthread: UInt64?, _ functions: [String]) -> DumpModel.Thread {
        var thread = FakeCPython.thread(tid, functions)
        if let pthread { thread.registers.registers = [.init(name: "fs_base", value: pthread)] }
        return thread
    }

    /// The process of `threads` with python3.`minor` loaded, as the reader leaves it.
    func read(_ threads: [DumpModel.Thread]) -> Process {
        let module = Module(
            name: "/usr/bin/python3.\(minor)", startAddress: 0x40_0000, endAddress: 0x90_0000, buildID: nil,
            filePath: nil, debugFilePath: nil, symbolStatus: .symbolsOnly)
        var process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: threads, modules: [module], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        CPythonStackReader().read(ProcessImage(process: process, memory: memory, symbols: symbols), context: RuntimeReadContext(), into: &process)
        return process
    }
}
