import Testing
import DumpModel
import DumpReport

/// The causes of exit status 1 in one phrase, from the model and the reader's warnings.
@Suite struct IncompleteReportTests {
    static func process(diagnostics: [Diagnostic], statuses: [UnwindStatus] = [], modules: [SymbolStatus] = []) -> Process {
        Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: statuses.enumerated().map { index, status in
                Thread(
                    tid: Int32(index + 1), isMainThread: index == 0, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
                    recordedCPUTime: .zero, registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
                    hasFloatingPointRegisters: false, frames: [], unwindStatus: status)
            },
            modules: modules.enumerated().map { index, status in
                Module(name: "/lib/m\(index).so", startAddress: UInt64(index) << 20, endAddress: UInt64(index + 1) << 20,
                       buildID: nil, filePath: nil, debugFilePath: nil, symbolStatus: status)
            },
            mappedFiles: [], auxiliaryVector: [], diagnostics: diagnostics)
    }

    @Test func aCompleteReportHasNoSummary() {
        #expect(IncompleteReport.summary(of: Self.process(diagnostics: [.note("no CPU times")], statuses: [.complete])) == nil)
    }

    @Test func everyCauseIsCountedOnceInItsOrder() {
        let model = Self.process(
            diagnostics: [
                .warning("the core is truncated inside its notes (10 of 20 bytes present): threads after the cut are missing", cause: .truncatedCore),
                .warning("the core is truncated: 4096 bytes of process memory from 0x1000 are missing from the file; stacks stored there cannot be unwound", cause: .truncatedCore),
                .warning("cannot find /lib/m1.so: its frames show as module+offset; pass --sysroot or --debug-dir", cause: .moduleNotFound),
                .warning("/x/m2.so has build-id 01 but the core recorded 02 for /lib/m2.so: it was not used", cause: .buildIDMismatch),
                .warning("/x/m3.so has build-id 03 but the core recorded 04 for /lib/m3.so: it was not used", cause: .buildIDMismatch),
                .warning("thread 1: unwinding stopped after 2 frames: no matching address range", cause: .incompleteStack),
                .warning("thread 2: no stack: libdwfl did not list the thread", cause: .incompleteStack),
                .warning("thread 3: the stack is deeper than 10 frames; the innermost 10 are shown (raise --max-frames)", cause: .incompleteStack),
                .warning("--queue depth: no variable `depth`", cause: .unreadableCounter),
                .warning("corrupt note at offset 12 of the note segment at file offset 400: the notes after it were skipped"),
                .note("the core records no CPU time for any thread"),
            ],
            statuses: [.stopped(reason: "no matching address range"), .failed(reason: "x"), .truncated(limit: 10), .complete],
            modules: [.debugInfo, .missing, .buildIDMismatch(fileBuildID: "01"), .buildIDMismatch(fileBuildID: "03")])
        #expect(IncompleteReport.summary(of: model) == "the core is truncated; 1 module was not found; 2 modules' files have another build-id than the core recorded; 3 stacks are incomplete; 1 --queue expression could not be read; 1 other warning")
    }

    @Test func warningsOfNoKnownCauseAreCounted() {
        let model = Self.process(diagnostics: [.warning("the NT_FILE note is corrupt: mapped file names unknown"), .warning("the core has more than one ANALYZEDUMP note: only the first was read")])
        #expect(IncompleteReport.summary(of: model) == "2 warnings")
        let one = Self.process(diagnostics: [.warning("thread 1: no stack: x", cause: .incompleteStack)], statuses: [.failed(reason: "x")])
        #expect(IncompleteReport.summary(of: one) == "1 stack is incomplete")
    }
}
