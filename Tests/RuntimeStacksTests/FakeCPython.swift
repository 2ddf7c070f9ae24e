import DumpModel
@testable import RuntimeStacks

/// A CPython built in memory for the reader: `_PyRuntime`, one interpreter, thread states,
/// frames, code objects and strings laid out as a version's ``CPythonLayout`` says (3.11 unless
/// given), in a byte map every other address of which is not in the core. Tests corrupt it
/// field by field.
final class FakeCPython {

    static let runtime: UInt64 = 0x10_0000
    static let interpreter: UInt64 = 0x11_0000
    /// Where the 3.12 interpreter's GIL pointer points.
    static let interpreterGIL: UInt64 = 0x11_8000
    static let unicodeType: UInt64 = 0x12_0000
    static let codeType: UInt64 = 0x12_0100
    static let bytesType: UInt64 = 0x12_0200
    static let pyVersion: UInt64 = 0x12_0300
    let layout: CPythonLayout
    /// The GIL's state.
    let gil: UInt64
    let memory = ByteMemory()
    let symbols = NamedSymbols()
    private var next: UInt64 = 0x20_0000
    /// The thread states, in list order.
    private(set) var threadStates: [UInt64] = []

    init(layout: CPythonLayout = .python311, pyVersion: UInt64 = 0x030B_02F0) {
        self.layout = layout
        switch layout.gil {
        case .runtime(let offset):
            gil = Self.runtime + UInt64(offset)
        case .interpreterPointer(let offset):
            gil = Self.interpreterGIL
            memory.write(gil, at: Self.interpreter + UInt64(offset))
        }
        symbols.addresses = [
            "_PyRuntime": Self.runtime, "Py_Version": Self.pyVersion, "PyUnicode_Type": Self.unicodeType,
            "PyCode_Type": Self.codeType, "PyBytes_Type": Self.bytesType,
        ]
        memory.write(pyVersion, at: Self.pyVersion, size: 4)
        memory.write(Self.interpreter, at: Self.runtime + UInt64(layout.runtimeInterpretersHead))
        memory.write(0, at: Self.interpreter + UInt64(layout.interpreterNext))
        memory.write(0, at: Self.interpreter + UInt64(layout.interpreterThreadsHead))
        memory.write(0, at: gil + UInt64(CPythonLayout.gilLocked), size: 4)
        memory.write(0, at: gil + UInt64(CPythonLayout.gilLastHolder))
    }

    /// `size` zeroed bytes, 16-byte aligned.
    func allocate(_ size: Int) -> UInt64 {
        let address = next
        memory.write(bytes: [UInt8](repeating: 0, count: size), at: address)
        next += (UInt64(size) + 15) & ~15
        return address
    }

    /// A compact ASCII `str`.
    func string(_ text: String) -> UInt64 {
        let data = Array(text.utf8)
        let object = allocate(layout.asciiData + data.count + 1)
        memory.write(Self.unicodeType, at: object + 8)
        memory.write(UInt64(data.count), at: object + 16)
        memory.write(1 << 2 | 0x20 | 0x40, at: object + 32, size: 1)
        memory.write(bytes: data, at: object + UInt64(layout.asciiData))
        return object
    }

    /// A compact `str` of `kind` bytes a character that is not ASCII.
    func string(scalars: [UInt32], kind: Int) -> UInt64 {
        let object = allocate(layout.compactData + scalars.count * kind + kind)
        memory.write(Self.unicodeType, at: object + 8)
        memory.write(UInt64(scalars.count), at: object + 16)
        memory.write(UInt64(kind) << 2 | 0x20, at: object + 32, size: 1)
        for (index, scalar) in scalars.enumerated() {
            memory.write(UInt64(scalar), at: object + UInt64(layout.compactData + index * kind), size: kind)
        }
        return object
    }

    /// A code object of `instructions` code units whose location table gives each instruction
    /// its line in `lines` (one-line entries of one code unit each).
    func code(_ name: String, qualifiedName: String? = nil, file: String, firstLine: Int, lines: [Int]) -> UInt64 {
        var table: [UInt8] = []
        var line = firstLine
        for target in lines {
            // Code 13 (no columns) with a signed varint delta: one code unit.
            let delta = target - line
            let encoded = UInt64(delta < 0 ? (-delta << 1) | 1 : delta << 1)
            table.append(0x80 | 13 << 3)
            var rest = encoded
            repeat {
                var byte = UInt8(rest & 63)
                rest >>= 6
                if rest != 0 { byte |= 64 }
                table.append(byte)
            } while rest != 0
            line = target
        }
        let tableObject = allocate(32 + table.count + 1)
        memory.write(Self.bytesType, at: tableObject + 8)
        memory.write(UInt64(table.count), at: tableObject + 16)
        memory.write(bytes: table, at: tableObject + 32)
        let object = allocate(layout.codeBytecode + 2 * max(lines.count, 1))
        memory.write(Self.codeType, at: object + 8)
        memory.write(string(name), at: object + UInt64(layout.codeName))
        memory.write(string(qualifiedName ?? name), at: object + UInt64(layout.codeQualifiedName))
        memory.write(string(file), at: object + UInt64(layout.codeFileName))
        memory.write(UInt64(firstLine), at: object + UInt64(layout.codeFirstLine), size: 4)
        memory.write(tableObject, at: object + UInt64(layout.codeLineTable))
        return object
    }

    /// An interpreter frame running `code` at instruction `instruction` (in code units); an
    /// entry frame is marked `is_entry` (3.11) or has an entry shim frame below it (3.12).
    func frame(_ code: UInt64, instruction: Int, previous: UInt64, isEntry: Bool) -> UInt64 {
        var previous = previous
        if isEntry, let cStack = layout.ownerCStack {
            let shim = allocate(80)
            memory.write(UInt64(cStack), at: shim + UInt64(layout.frameOwner), size: 1)
            memory.write(previous, at: shim + UInt64(layout.framePrevious))
            previous = shim
        }
        let frame = allocate(80)
        memory.write(code, at: frame + UInt64(layout.frameCode))
        memory.write(previous, at: frame + UInt64(layout.framePrevious))
        memory.write(code + UInt64(layout.codeBytecode + 2 * instruction), at: frame + UInt64(layout.frameInstruction))
        if let isEntryOffset = layout.frameIsEntry { memory.write(isEntry ? 1 : 0, at: frame + UInt64(isEntryOffset), size: 1) }
        return frame
    }

    /// Frames for `calls` (outermost first: code, instruction, whether it is an entry frame);
    /// returns the innermost.
    func chain(_ calls: [(code: UInt64, instruction: Int, isEntry: Bool)]) -> UInt64 {
        calls.reduce(0) { previous, call in frame(call.code, instruction: call.instruction, previous: previous, isEntry: call.isEntry) }
    }

    /// A thread state of OS thread `tid` whose current frame is `frame`, appended to the
    /// interpreter's list.
    @discardableResult
    func threadState(tid: Int32, frame: UInt64) -> UInt64 {
        let state = allocate(360)
        var link = state
        for offset in layout.threadCurrentFramePath.dropLast() {
            let next = allocate(24)
            memory.write(next, at: link + UInt64(offset))
            link = next
        }
        memory.write(frame, at: link + UInt64(layout.threadCurrentFramePath.last ?? 0))
        memory.write(UInt64(tid), at: state + UInt64(layout.threadNativeID))
        if let last = threadStates.last {
            memory.write(state, at: last + UInt64(layout.threadNext))
        } else {
            memory.write(state, at: Self.interpreter + UInt64(layout.interpreterThreadsHead))
        }
        threadStates.append(state)
        return state
    }

    /// Marks the GIL held by `threadState`.
    func holdGIL(_ threadState: UInt64) {
        memory.write(1, at: gil + UInt64(CPythonLayout.gilLocked), size: 4)
        memory.write(threadState, at: gil + UInt64(CPythonLayout.gilLastHolder))
    }

    /// A thread whose native stack is `functions`, innermost first.
    static func thread(_ tid: Int32, _ functions: [String]) -> DumpModel.Thread {
        Thread(
            tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: functions.enumerated().map {
                Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call, trust: .cfi, moduleIndex: 0, function: $0.element)
            },
            unwindStatus: .complete)
    }

    /// The process of `threads` with `program` (python3.11 unless given) loaded, as the reader
    /// leaves it.
    func read(_ threads: [DumpModel.Thread], program: String = "/usr/bin/python3.11") -> Process {
        let module = Module(
            name: program, startAddress: 0x40_0000, endAddress: 0x90_0000, buildID: nil,
            filePath: nil, debugFilePath: nil, symbolStatus: .symbolsOnly)
        var process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: threads, modules: [module], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        CPythonStackReader().read(ProcessImage(process: process, memory: memory, symbols: symbols), context: RuntimeReadContext(), into: &process)
        return process
    }
}
