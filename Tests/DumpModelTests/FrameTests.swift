import Testing
import DumpModel

@Suite struct FrameTests {
    @Test func callFrameIsLookedUpOneByteBeforeItsReturnAddress() {
        let frame = Frame(pc: 0x4017C9, kind: .call, trust: .cfi)
        #expect(frame.lookupAddress == 0x4017C8)
    }

    @Test func interruptedFrameIsLookedUpAtItsPC() {
        let frame = Frame(pc: 0x401796, kind: .interrupted, trust: .context)
        #expect(frame.lookupAddress == 0x401796)
    }

    @Test func callFrameAtAddressZeroDoesNotWrapAround() {
        #expect(Frame(pc: 0, kind: .call, trust: .framePointer).lookupAddress == 0)
    }

    @Test func onlyInlinedTrustMarksAnInlinedFrame() {
        #expect(Frame(pc: 1, kind: .call, trust: .inlined).isInlined)
        #expect(!Frame(pc: 1, kind: .call, trust: .cfi).isInlined)
    }
}

@Suite struct ProcessTests {
    private func thread(_ tid: Int32, main: Bool = false, userMicroseconds: UInt64) -> Thread {
        Thread(
            tid: tid, isMainThread: main, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: userMicroseconds, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: [], unwindStatus: .complete)
    }

    private func process(_ threads: [Thread], diagnostics: [Diagnostic] = []) -> Process {
        Process(
            pid: 100, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: diagnostics)
    }

    @Test func totalCPUTimeIsTheMainThreadsRecord() {
        let model = process([thread(100, main: true, userMicroseconds: 2_500_000), thread(101, userMicroseconds: 2_000_000)])
        #expect(model.totalCPUTime == CPUTime(userMicroseconds: 2_500_000, systemMicroseconds: 0))
        #expect(model.hasCPUAccounting)
    }

    @Test func allZeroTimesMeanNoCPUAccounting() {
        #expect(!process([thread(100, main: true, userMicroseconds: 0), thread(101, userMicroseconds: 0)]).hasCPUAccounting)
    }

    @Test func threadsAndTheirIndexCannotDisagree() {
        var model = process([thread(100, main: true, userMicroseconds: 1), thread(101, userMicroseconds: 2), thread(101, userMicroseconds: 3)])
        #expect(model.threads.map(\.tid) == [100, 101])
        #expect(model.thread(tid: 101)?.recordedCPUTime.userMicroseconds == 2)
        model.threads.removeFirst()
        #expect(model.thread(tid: 100) == nil)
        #expect(model.thread(tid: 101)?.recordedCPUTime.userMicroseconds == 2)
        model.threads.append(thread(101, userMicroseconds: 4))
        model.threads.insert(thread(102, userMicroseconds: 5), at: 0)
        #expect(model.threads.map(\.tid) == [102, 101])
        #expect(model.thread(tid: 101)?.recordedCPUTime.userMicroseconds == 2)
        model.threads[1].recordedCPUTime = .zero
        #expect(model.thread(tid: 101)?.recordedCPUTime == .zero)
    }

    @Test func notesDoNotMakeAReportIncompleteButWarningsDo() {
        #expect(process([], diagnostics: [.note("fyi")]).isComplete)
        #expect(!process([], diagnostics: [.warning("missing")]).isComplete)
    }

    @Test func signalNamesFollowLinuxNumbering() {
        #expect(Signal.name(of: 11) == "SIGSEGV")
        #expect(Signal.name(of: 3) == "SIGQUIT")
        #expect(Signal.name(of: 36) == "SIGRTMIN+2")
        #expect(Signal.name(of: 99) == "signal 99")
    }

    @Test func cpuTimeConvertsMicrosecondsToSeconds() {
        let time = CPUTime(userMicroseconds: 2_040_580, systemMicroseconds: 3_837)
        #expect(time.userSeconds == 2.04058)
        #expect(time.totalSeconds == 2.04058 + 0.003837)
    }
}
