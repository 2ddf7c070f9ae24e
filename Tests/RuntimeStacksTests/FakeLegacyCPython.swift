import DumpModel
@testable import RuntimeStacks

/// A CPython 3.8 to 3.10 built in memory for the reader, in a ``FakeCPython``'s memory (whose
/// strings these versions share) with a `_PyRuntime` of its own: one interpreter, thread
/// states naming their threads by pthread_t, `PyFrameObject` chains, and code objects with a
/// `co_lnotab` (3.8, 3.9) or `co_linetable` (3.10), laid out as ``CPythonLegacyLayout`` says.
final class FakeLegacyCPython {
    static let frameType: UInt64 = 0x12_0400
    let minor: Int
    let layout: CPythonLegacyLayout
    let heap = FakeCPython()
    let runtime: UInt64
    let interpreter: UInt64
    private var lastThreadState: UInt64?

    init(minor: Int = 9) {
        self.minor = minor
        layout = CPythonLegacyLayout.layout(major: 3, minor: minor)!
        runtime = heap.allocate(2048)
        interpreter = heap.allocate(64)
        heap.symbols.addresses["_PyRuntime"] = runtime
        heap.symbols.addresses["Py_Version"] = nil
        heap.symbols.addresses["PyFrame_Type"] = Self.frameType
        memory.write(interpreter, at: runtime + UInt64(CPythonLegacyLayout.runtimeInterpretersHead))
    }

    var memory: ByteMemory { heap.memory }
    /// The GIL's state.
    var gil: UInt64 { runtime + UInt64(layout.gil) }

    /// A `bytes` object.
    func bytes(_ data: [UInt8]) -> UInt64 {
        let object = heap.allocate(CPythonLayout.bytesData + data.count + 1)
        memory.write(FakeCPython.bytesType, at: object + 8)
        memory.write(UInt64(data.count), at: object + UInt64(CPythonLayout.objectSize))
        memory.write(bytes: data, at: object + UInt64(CPythonLayout.bytesData))
        return object
    }

    /// A code object of one instruction (two bytes) per entry of `lines`, whose line table
    /// puts each on its line.
    func code(_ name: String, file: String, firstLine: Int, lines: [Int]) -> UInt64 {
        var table: [UInt8] = []
        var line = firstLine
        for (index, target) in lines.enumerated() {
            // lnotab: the line advance applies from this pair's address; 3.10: each pair covers 2 bytes.
            table += [minor == 10 || index > 0 ? 2 : 0, UInt8(bitPattern: Int8(target - line))]
            line = target
        }
        let object = heap.allocate(160)
        memory.write(FakeCPython.codeType, at: object + 8)
        memory.write(heap.string(name), at: object + UInt64(CPythonLegacyLayout.codeName))
        memory.write(heap.string(file), at: object + UInt64(CPythonLegacyLayout.codeFileName))
        memory.write(UInt64(firstLine), at: object + UInt64(CPythonLegacyLayout.codeFirstLine), size: 4)
        memory.write(bytes([UInt8](repeating: 0, count: 2 * lines.count)), at: object + UInt64(CPythonLegacyLayout.codeBytecode))
        memory.write(bytes(table), at: object + UInt64(CPythonLegacyLayout.codeLineTable))
        return object
    }

    /// A frame running `code` at instruction `instruction` (`f_lasti`: bytes before 3.10, code
    /// units in 3.10) called from `back`.
    func frame(_ code: UInt64, instruction: Int, back: UInt64) -> UInt64 {
        let frame = heap.allocate(128)
        memory.write(Self.frameType, at: frame + 8)
        memory.write(back, at: frame + UInt64(CPythonLegacyLayout.frameBack))
        memory.write(code, at: frame + UInt64(CPythonLegacyLayout.frameCode))
        memory.write(UInt64(minor == 10 ? instruction : 2 * instruction), at: frame + UInt64(layout.frameLastInstruction), size: 4)
        return frame
    }

    /// A thread state of the thread whose pthread_t is `pthread`, running `frame`, appended to
    /// the interpreter's list.
    @discardableResult
    func threadState(pthread: UInt64, frame: UInt64) -> UInt64 {
        let state = heap.allocate(200)
        memory.write(frame, at: state + UInt64(CPythonLegacyLayout.threadFrame))
        memory.write(pthread, at: state + UInt64(CPythonLegacyLayout.threadID))
        let link = lastThreadState.map { $0 + UInt64(CPythonLegacyLayout.threadNext) }
            ?? interpreter + UInt64(CPythonLegacyLayout.interpreterThreadsHead)
        memory.write(state, at: link)
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
        heap.read(threads, program: "/usr/bin/python3.\(minor)")
    }
}
