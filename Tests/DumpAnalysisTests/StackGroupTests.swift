import Testing
import DumpModel
import DumpAnalysis

/// Stack grouping on models built in code.
@Suite struct StackGroupTests {
    private func frame(_ function: String, offset: UInt64, line: Int) -> Frame {
        Frame(pc: 0x400000 + offset, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: offset,
              function: function, source: SourceLocation(file: "app.c", line: line))
    }

    private func thread(_ tid: Int32, _ frames: [Frame]) -> Thread {
        Thread(
            tid: tid, isMainThread: false, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: .zero, registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: frames, unwindStatus: .complete)
    }

    private func process(_ threads: [Thread]) -> Process {
        Process(pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
                threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
    }

    @Test func identicalStacksFoldIntoOneGroupWithEveryTID() {
        let waiting = [frame("lock_wait", offset: 0x10, line: 0), frame("lookup_model", offset: 0x20, line: 59)]
        let spinning = [frame("warm_up_model_cache", offset: 0x30, line: 39)]
        let groups = StackGroup.groups(of: process([
            thread(10, spinning), thread(11, waiting), thread(12, waiting), thread(13, waiting),
        ]))
        #expect(groups.count == 2)
        #expect(groups[0].tids == [11, 12, 13])
        #expect(groups[0].frames.map(\.function) == ["lock_wait", "lookup_model"])
        #expect(groups[1].tids == [10])
    }

    @Test func sameFunctionAtAnotherLineIsAnotherStack() {
        let groups = StackGroup.groups(of: process([
            thread(1, [frame("handle", offset: 0x10, line: 5)]),
            thread(2, [frame("handle", offset: 0x18, line: 7)]),
        ]))
        #expect(groups.map(\.tids) == [[1], [2]])
    }

    @Test func equalSizedGroupsKeepThreadOrder() {
        let groups = StackGroup.groups(of: process([
            thread(5, [frame("b", offset: 2, line: 2)]), thread(6, [frame("a", offset: 1, line: 1)]),
        ]))
        #expect(groups.map(\.tids) == [[5], [6]])
    }
}
