import DumpModel
import Testing
@testable import RuntimeStacks

/// The reader of CPython 3.8 to 3.10 on interpreters built in memory: frames merged into the
/// native stacks by pthread_t, lines from each version's table, the GIL's holder, and hostile
/// structures noted instead of read.
@Suite struct CPythonLegacyReaderTests {
    static let loop = "_PyEval_EvalFrameDefault"

    /// `main` (line 1) calls `work`, which runs its third instruction (line 7).
    static func twoFrames(_ python: FakeLegacyCPython) -> UInt64 {
        let main = python.code("<module>", file: "app.py", firstLine: 1, lines: [1, 2])
        let work = python.code("work", file: "app.py", firstLine: 4, lines: [5, 6, 7, 5])
        return python.frame(work, instruction: 2, back: python.frame(main, instruction: 1, back: 0))
    }

    func pythonFrames(_ thread: DumpModel.Thread) -> [String] {
        thread.frames.filter { $0.runtime == .python }.map { "\($0.function ?? "") \($0.symbol?.source?.file ?? ""):\($0.symbol?.source?.line ?? 0)" }
    }

    @Test(arguments: [8, 9, 10]) func framesReplaceTheEvaluationLoopAndTheGILHolderIsNamed(minor: Int) throws {
        let python = FakeLegacyCPython(minor: minor)
        let state = python.threadState(pthread: 0x7F00_0000_1000, frame: Self.twoFrames(python))
        python.holdGIL(state)
        let waiter = python.code("wait", file: "app.py", firstLine: 9, lines: [10])
        python.threadState(pthread: 0x7F00_0000_2000, frame: python.frame(waiter, instruction: 0, back: 0))
        let process = python.read([
            FakeLegacyCPython.thread(7, pthread: 0x7F00_0000_1000, ["PyNumber_Add", Self.loop, "call", Self.loop, "main"]),
            FakeLegacyCPython.thread(8, pthread: 0x7F00_0000_2000, ["PyEval_RestoreThread", Self.loop, "main"]),
        ])
        #expect(process.diagnostics.isEmpty, "\(process.diagnostics)")
        #expect(process.threads[0].frames.map { $0.function ?? "" } == ["PyNumber_Add", "work", "call", "<module>", "main"])
        #expect(pythonFrames(process.threads[0]) == ["work app.py:7", "<module> app.py:2"])
        #expect(pythonFrames(process.threads[1]) == ["wait app.py:10"])
        let gil = try #require(process.runtimeLocks.first)
        #expect(gil.ownerTID == 7 && gil.waiterTIDs == [8] && gil.name == "the GIL")
        #expect(gil.address == python.gil + UInt64(CPythonLayout.gilCondition))
    }

    @Test func aThreadStateOfNoThreadOfTheCoreIsNoted() {
        let python = FakeLegacyCPython()
        python.threadState(pthread: 0x7F00_0000_3000, frame: Self.twoFrames(python))
        let process = python.read([FakeLegacyCPython.thread(7, pthread: 0x7F00_0000_1000, [Self.loop, "main"])])
        #expect(process.threads[0].frames.map(\.function) == [Self.loop, "main"])
        #expect(process.diagnostics.map(\.message).contains { $0.contains("thread_id 0x7f0000003000 is the pthread_t of no thread in the core") }, "\(process.diagnostics)")
    }

    @Test func aCoreWithoutThreadPointersIsNotRead() {
        let python = FakeLegacyCPython()
        python.threadState(pthread: 0x7F00_0000_1000, frame: Self.twoFrames(python))
        let process = python.read([FakeLegacyCPython.thread(7, pthread: nil, [Self.loop, "main"])])
        #expect(process.runtimeLocks.isEmpty)
        #expect(process.diagnostics.map(\.message) == [
            "the python stacks of CPython 3.9 are not read: its thread states name threads by pthread_t, which only an x86_64 core's fs_base registers give: use pystack core CORE",
        ])
    }

    @Test func aFrameChainThatLoopsIsNotedAndTheNativeFramesStay() {
        let python = FakeLegacyCPython()
        let code = python.code("spin", file: "app.py", firstLine: 1, lines: [2])
        let first = python.frame(code, instruction: 0, back: 0)
        let second = python.frame(code, instruction: 0, back: first)
        python.memory.write(second, at: first + UInt64(CPythonLegacyLayout.frameBack))
        python.threadState(pthread: 0x7F00_0000_1000, frame: second)
        let process = python.read([FakeLegacyCPython.thread(7, pthread: 0x7F00_0000_1000, [Self.loop, "main"])])
        #expect(process.threads[0].frames.map(\.function) == [Self.loop, "main"])
        #expect(process.diagnostics.map(\.message).contains { $0.contains("thread 7's frame chain loops back to 0x\(String(second, radix: 16))") }, "\(process.diagnostics)")
    }

    @Test func aFrameOfAnotherTypeOrAMisalignedCodeIsRefused() {
        let python = FakeLegacyCPython()
        let frame = Self.twoFrames(python)
        python.threadState(pthread: 0x7F00_0000_1000, frame: frame)
        python.memory.write(FakeCPython.codeType, at: frame + 8)
        var process = python.read([FakeLegacyCPython.thread(7, pthread: 0x7F00_0000_1000, [Self.loop, "main"])])
        #expect(process.diagnostics.map(\.message).contains { $0.contains("a frame at 0x\(String(frame, radix: 16)) is not of its type") }, "\(process.diagnostics)")
        python.memory.write(FakeLegacyCPython.frameType, at: frame + 8)
        python.memory.write(0x1234_5671, at: frame + UInt64(CPythonLegacyLayout.frameCode))
        process = python.read([FakeLegacyCPython.thread(7, pthread: 0x7F00_0000_1000, [Self.loop, "main"])])
        #expect(process.diagnostics.map(\.message).contains { $0.contains("a frame's code is not a valid pointer (0x12345671)") }, "\(process.diagnostics)")
        #expect(process.threads[0].frames.map(\.function) == [Self.loop, "main"])
    }
}
