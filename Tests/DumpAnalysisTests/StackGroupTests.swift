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

    /// A recursion cut at the frame limit is a lower bound, one that reached the entry point is
    /// exact: the same frames with two endings are two groups, each with its own recursion,
    /// which the call tree takes from the group instead of finding it again.
    @Test func theSameFramesCutAtTheLimitAreAnotherGroup() {
        let frames = (0..<9).map { _ in frame("descend", offset: 0x10, line: 27) }
        var cut = thread(2, frames)
        cut.unwindStatus = .truncated(limit: 9)
        let process = process([thread(1, frames), cut])
        let groups = StackGroup.groups(of: process)
        #expect(groups.map(\.tids) == [[1], [2]])
        #expect(groups[0].recursion?.repetitions == 9)
        #expect(groups[0].recursion?.isLowerBound == false)
        #expect(groups[1].recursion?.isLowerBound == true)
        #expect(groups[1].recursion?.frameLimit == 9)
        #expect(groups.map(\.recursion) == process.threads.map { StackRecursion.find(in: $0, of: process) })
        let usage = CPUUsage.measure(process), classifier = ApplicationFrames(process: process)
        let tree = CallTree.build(process, usage: usage, frames: classifier, stackGroups: groups)
        #expect(tree == CallTree.build(process, usage: usage, frames: classifier))
        #expect(tree.nodes.compactMap(\.recursion) == [
            CallTree.Recursion(rounds: 9, isLowerBound: false), CallTree.Recursion(rounds: 9, isLowerBound: true),
        ])
    }
}
