import DumpModel
import Testing
@testable import RuntimeStacks

/// The reader on corrupt CPython structures: every failure leaves the native frames as they
/// were and says in a note what could not be read; nothing traps or loops.
@Suite struct CPythonHostileInputTests {
    static let native = ["PyThread_acquire_lock_timed", "_PyEval_EvalFrameDefault", "start_thread"]

    /// A fake with one thread state (TID 7) running `handle_request` from an entry frame.
    static func fake() -> (FakeCPython, code: UInt64, frame: UInt64, threadState: UInt64) {
        let python = FakeCPython()
        let code = python.code("handle_request", file: "/srv/app.py", firstLine: 1, lines: [3])
        let frame = python.chain([(code, 0, true)])
        let state = python.threadState(tid: 7, frame: frame)
        return (python, code, frame, state)
    }

    func nativeFunctions(_ process: Process) -> [String] {
        process.thread(tid: 7)?.frames.map { $0.function ?? "" } ?? []
    }

    @Test func aFrameChainThatLoopsIsCutAndNoted() {
        let (python, _, frame, state) = Self.fake()
        python.memory.write(0, at: frame + UInt64(python.layout.frameIsEntry ?? 0), size: 1)
        python.memory.write(frame, at: frame + UInt64(python.layout.framePrevious))
        let process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.map(\.message) == [
            "the python frames of one thread state of CPython 3.11 are not read (the first, at 0x\(String(state, radix: 16)): thread 7's frame chain loops back to 0x\(String(frame, radix: 16))): those threads show the evaluation loop",
        ])
    }

    @Test func aThreadListThatLoopsStopsTheWholeRead() {
        let (python, _, _, state) = Self.fake()
        python.memory.write(state, at: state + UInt64(python.layout.threadNext))
        let process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.runtimeLocks == [])
        #expect(process.diagnostics.map(\.message) == [
            "the python stacks of CPython 3.11 are not read: the thread state list loops back to 0x\(String(state, radix: 16)) (a corrupt or truncated core)",
        ])
    }

    @Test func aFrameChainLongerThanTheLimitIsRefused() {
        let python = FakeCPython()
        let code = python.code("recurse", file: "/srv/app.py", firstLine: 1, lines: [2])
        let calls = (0...CPythonThreadStack.maxFrames).map { _ in (code: code, instruction: 0, isEntry: false) }
        python.threadState(tid: 7, frame: python.chain(calls))
        let process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.first?.message.contains("thread 7's frame chain is longer than 4096 entries") == true)
    }

    @Test func misalignedAndUnreadablePointersAreNoted() {
        let (python, code, frame, _) = Self.fake()
        python.memory.write(code + 3, at: frame + UInt64(python.layout.frameCode))
        var process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.first?.message.contains("a frame's code is not a valid pointer (0x\(String(code + 3, radix: 16)))") == true)

        python.memory.write(0xdead_0000, at: frame + UInt64(python.layout.frameCode))
        process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(process.diagnostics.first?.message.contains("the core does not hold a code object at 0xdead0000") == true)
    }

    @Test func anObjectOfAnotherTypeIsRefused() {
        let (python, code, _, _) = Self.fake()
        python.memory.write(FakeCPython.bytesType, at: code + 8)
        let process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.first?.message.contains("a code object at 0x\(String(code, radix: 16)) is not of its type") == true)
    }

    /// A string claiming 2^40 characters is read up to the cap; a line table claiming 2^62
    /// bytes is cut at its cap and then not held by the core.
    @Test func hugeLengthsAreCapped() throws {
        let (python, code, _, _) = Self.fake()
        let long = python.string(String(repeating: "a", count: CPythonString.maxLength + 10))
        python.memory.write(1 << 40, at: long + 16)
        python.memory.write(long, at: code + UInt64(python.layout.codeQualifiedName))
        var process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(process.thread(tid: 7)?.frames[1].function == String(repeating: "a", count: CPythonString.maxLength))

        let table = try #require(python.memory.readWord(at: code + UInt64(python.layout.codeLineTable), size: 8))
        python.memory.write(1 << 62, at: table + 16)
        process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.first?.message.contains("the core does not hold co_linetable") == true)
    }

    /// A `native_thread_id` that is no TID (negative, beyond 32 bits) is refused, not converted.
    @Test func aNativeThreadIDOutOfRangeIsRefused() {
        let (python, _, _, state) = Self.fake()
        python.memory.write(1 << 40, at: state + UInt64(python.layout.threadNativeID))
        let process = python.read([FakeCPython.thread(7, Self.native)])
        #expect(nativeFunctions(process) == Self.native)
        #expect(process.diagnostics.first?.message.contains("native_thread_id is out of range (0x10000000000)") == true)
    }
}
