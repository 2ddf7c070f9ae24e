import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// The text renderers on a model built in code: every frame form, thread headings, grouping.
@Suite struct TextReportTests {
    static let modules = [
        Module(name: "/srv/app/server", startAddress: 0x400000, endAddress: 0x500000, buildID: "ab12",
               filePath: "/srv/app/server", debugFilePath: nil, symbolStatus: .debugInfo),
        Module(name: "/lib/libc.so.6", startAddress: 0x7F00_0000_0000, endAddress: 0x7F00_0020_0000, buildID: nil,
               filePath: nil, debugFilePath: nil, symbolStatus: .missing),
    ]

    static func thread(_ tid: Int32, main: Bool, frames: [Frame], user: UInt64 = 0, status: UnwindStatus = .complete) -> Thread {
        Thread(
            tid: tid, isMainThread: main, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: user, systemMicroseconds: 30_000),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: true, frames: frames, unwindStatus: status)
    }

    static let waitingFrames = [
        Frame(pc: 0x7F00_0001_0010, kind: .interrupted, trust: .context, moduleIndex: 1, moduleOffset: 0x10010),
        Frame(pc: 0x401234, kind: .call, trust: .inlined, moduleIndex: 0, moduleOffset: 0x1234,
              function: "std::mutex::lock()", source: SourceLocation(file: "/usr/include/c++/12/bits/std_mutex.h", line: 100)),
        Frame(pc: 0x401234, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: 0x1234,
              function: "cache::lookup(int)", mangledName: "_ZN5cache6lookupEi", functionOffset: 0x1f,
              source: SourceLocation(file: "/src/cache.cpp", line: 42)),
        Frame(pc: 0xDEAD, kind: .call, trust: .framePointer),
    ]

    static func process(threads: [Thread]) -> Process {
        Process(
            pid: 100, architecture: .x86_64, producer: .kernel,
            status: ProcessStatus(command: "server", arguments: "/srv/app/server --port 80", state: "S", nice: 0, flags: 0,
                                  uid: 1000, gid: 1000, parentPID: 1, processGroupID: 100, sessionID: 100),
            signal: SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil),
            signalledThreadTID: 101, threads: threads, modules: modules, mappedFiles: [], auxiliaryVector: [],
            diagnostics: [.warning("cannot find /lib/libc.so.6: its frames show as module+offset; pass --sysroot or --debug-dir")])
    }

    @Test func stacksShowEveryFrameFormAndHowItWasFound() {
        let model = Self.process(threads: [
            Self.thread(100, main: true, frames: [], user: 1_500_000),
            Self.thread(101, main: false, frames: Self.waitingFrames, user: 1_200_000, status: .stopped(reason: "no matching address range")),
        ])
        #expect(StacksTextReport.render(model) == """
            Thread 100 (main thread): user 1.50 s, system 0.03 s (process total)

            Thread 101 (received SIGSEGV): user 1.20 s, system 0.03 s [stack incomplete: no matching address range]
              #0  0x00007f0000010010 libc.so.6+0x10010 [context]
              #1  0x0000000000401234 std::mutex::lock() at /usr/include/c++/12/bits/std_mutex.h:100 (server) [inlined]
              #2  0x0000000000401234 cache::lookup(int)+0x1f at /src/cache.cpp:42 (server) [cfi]
              #3  0x000000000000dead ?? [frame pointer]


            """)
    }

    /// Issue 14: 300 threads on one stack made a 3,900-character heading.
    @Test func aGroupOf300ThreadsNamesEightAndCountsTheRest() {
        let model = Self.process(threads: (101...400).map { Self.thread(Int32($0), main: false, frames: Self.waitingFrames) })
        let text = StacksTextReport.render(model, groups: StackGroup.groups(of: model))
        let lines = text.split(separator: "\n")
        #expect(lines.first == "300 threads: 101, 102, 103, 104, 105, 106, 107, 108, … and 292 more")
        #expect(lines.count == 1 + Self.waitingFrames.count)
    }

    /// Nine threads are the first that fold: eight named, "… and 1 more".
    @Test func aGroupOfNineFoldsOneAndAGroupOfEightNamesAll() {
        let nine = Self.process(threads: (1...9).map { Self.thread(Int32($0), main: false, frames: Self.waitingFrames) })
        #expect(StacksTextReport.render(nine, groups: StackGroup.groups(of: nine)).hasPrefix("9 threads: 1, 2, 3, 4, 5, 6, 7, 8, … and 1 more\n"))
        let eight = Self.process(threads: (1...8).map { Self.thread(Int32($0), main: false, frames: Self.waitingFrames) })
        #expect(StacksTextReport.render(eight, groups: StackGroup.groups(of: eight)).hasPrefix("8 threads: 1, 2, 3, 4, 5, 6, 7, 8\n"))
    }

    /// `--tid` in the summary: only the threads asked for, in each group and in the state
    /// table; a TID the process lacks lists nothing.
    @Test func theSummaryWithTIDsListsOnlyThoseThreads() {
        let model = Self.process(threads: (101...110).map { Self.thread(Int32($0), main: $0 == 101, frames: Self.waitingFrames) })
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: model, memory: NoMemory(), symbols: NoSymbols()))
        let text = AnalysisTextReport.render(model, analysis: analysis, options: TextReportOptions(tids: [103, 107, 999]))
        let lines = text.components(separatedBy: "\n")
        #expect(lines.contains("Stacks (10 threads, 1 distinct): the 2 threads of --tid"))
        #expect(lines.contains("2 threads: 103, 107"))
        #expect(lines.contains("  8 more threads not listed (without --tid)"))
        let states = lines.drop { !$0.hasPrefix("Thread states: 10 threads: ") }.dropFirst().prefix { !$0.isEmpty }
        #expect(states.map { $0.prefix(8) } == ["  103   ", "  107   ", "  8 more"])
    }

    @Test func groupsListCountAndTIDs() {
        let model = Self.process(threads: [
            Self.thread(7, main: false, frames: Self.waitingFrames),
            Self.thread(8, main: false, frames: [Self.waitingFrames[0]]),
            Self.thread(9, main: false, frames: Self.waitingFrames),
        ])
        let text = StacksTextReport.render(model, groups: StackGroup.groups(of: model))
        #expect(text.hasPrefix("2 threads: 7, 9\n  #0  0x00007f0000010010 libc.so.6+0x10010 [context]\n"))
        #expect(text.contains("\n1 thread: 8\n  #0  0x00007f0000010010 libc.so.6+0x10010 [context]\n\n"))
    }

    @Test func dumpInformationNamesProcessSignalModulesAndDiagnostics() {
        let text = DumpInformationTextReport.render(Self.process(threads: [Self.thread(100, main: true, frames: [], user: 2_000_000)]))
        #expect(text.hasPrefix("""
            Process 100 server
              command line: /srv/app/server --port 80
              parent 1, uid 1000, gid 1000, state S
              x86_64 core written by the kernel, 1 threads
              signal SIGSEGV (11), si_code 1, fault address 0x10, received by thread 101
              process CPU time: user 2.00 s, system 0.03 s

            Modules (2)
              0x0000000000400000-0x0000000000500000 /srv/app/server  [debug info] build-id ab12
              0x00007f0000000000-0x00007f0000200000 /lib/libc.so.6  [missing]

            Diagnostics
            """))
        #expect(text.hasSuffix("Diagnostics\n  warning: cannot find /lib/libc.so.6: its frames show as module+offset; pass --sysroot or --debug-dir\n"))
    }

    @Test func thirtyTwoBitAddressesHaveEightDigitsAndNoCPUWhenNoneRecorded() {
        var model = Self.process(threads: [Self.thread(5, main: true, frames: [
            Frame(pc: 0xF7F0_1549, kind: .interrupted, trust: .context, moduleIndex: 0, moduleOffset: 0x1549, function: "__kernel_vsyscall", functionOffset: 9),
        ])])
        model.architecture = .i386
        model.threads[0].recordedCPUTime = .zero
        #expect(StacksTextReport.render(model) == "Thread 5 (main thread)\n  #0  0xf7f01549 __kernel_vsyscall+0x9 (server) [context]\n\n")
    }

    // MARK: Thread names and the capture record (analyze-dump capture cores)

    /// 2026-11-22T10:15:00.123456789Z.
    static let captureTime: Int64 = 1_795_342_500_123_456_789

    /// `threads` as `analyze-dump capture` records them: no signal, a capture note.
    static func captured(_ threads: [Thread], trigger: String = "CPU at or above 70% of one CPU for 5 s") -> Process {
        var model = process(threads: threads)
        model.producer = .analyzeDump
        model.signal = nil
        model.signalledThreadTID = nil
        model.diagnostics = []
        model.capture = CaptureNote(
            captureTimeNanoseconds: captureTime, stoppedNanoseconds: 9_449_999, trigger: trigger,
            threads: threads.map { CaptureNote.ThreadRecord(tid: $0.tid, name: $0.name ?? "") })
        return model
    }

    static func named(_ thread: Thread, _ name: String?) -> Thread {
        var thread = thread
        thread.name = name
        return thread
    }

    static func analysis(of model: Process) -> ProcessAnalysis {
        ProcessAnalysis.analyze(ProcessImage(process: model, memory: NoMemory(), symbols: NoSymbols()))
    }

    final class NoMemory: ProcessMemory {
        func readWord(at address: UInt64, size: Int) -> UInt64? { nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    final class NoSymbols: SymbolLookup {
        func symbol(containing address: UInt64) -> SymbolReference? { nil }
        func address(ofSymbol name: String) -> UInt64? { nil }
    }

    @Test func headingsAndGroupsNameEachThreadTheCoreNames() {
        let model = Self.captured([
            Self.named(Self.thread(100, main: true, frames: [], user: 1_500_000), "server"),
            Self.named(Self.thread(101, main: false, frames: Self.waitingFrames, user: 1_200_000), "worker-1"),
            Self.thread(102, main: false, frames: Self.waitingFrames),
        ])
        let stacks = StacksTextReport.render(model)
        #expect(stacks.hasPrefix("Thread 100 \"server\" (main thread): user 1.50 s, system 0.03 s (process total)\n\n"))
        #expect(stacks.contains("\nThread 101 \"worker-1\": user 1.20 s, system 0.03 s\n  #0  "))
        #expect(stacks.contains("\nThread 102: user 0.00 s, system 0.03 s\n  #0  "))
        let groups = StacksTextReport.render(model, groups: StackGroup.groups(of: model))
        #expect(groups.hasPrefix("2 threads: 101 \"worker-1\", 102\n  #0  0x00007f0000010010 libc.so.6+0x10010 [context]\n"))
        #expect(groups.contains("\n1 thread: 100 \"server\"\n"))
    }

    @Test func hostileNamesAreQuotedAndCannotBreakALine() {
        let model = Self.captured([Self.named(Self.thread(7, main: true, frames: []), "a\n\"b\"\\\u{1B}[2J\t")])
        #expect(StacksTextReport.render(model) == #"Thread 7 "a\n\"b\"\\\u{1b}[2J\t" (main thread): user 0.00 s, system 0.03 s (process total)"# + "\n\n")
        // A right-to-left override or a line separator would reorder or break the line.
        let reordered = Self.captured([Self.named(Self.thread(7, main: true, frames: []), "ok\u{202E}gnp.exe\u{2028}x")])
        #expect(StacksTextReport.render(reordered) == #"Thread 7 "ok\u{202e}gnp.exe\u{2028}x" (main thread): user 0.00 s, system 0.03 s (process total)"# + "\n\n")
    }

    @Test func dumpInformationOfACaptureHasItsTimeTriggerAndStoppedTime() {
        let threads = [Self.named(Self.thread(100, main: true, frames: [], user: 2_000_000), "server")]
        let text = DumpInformationTextReport.render(Self.captured(threads))
        #expect(text.contains("""
              x86_64 core written by analyze-dump capture at 2026-11-22T10:15:00.123Z, trigger "CPU at or above 70% of one CPU for 5 s", process stopped 9.4 ms, 1 threads
              no signal recorded

            """))
        #expect(DumpInformationTextReport.render(Self.captured(threads, trigger: "")).contains(
            "core written by analyze-dump capture at 2026-11-22T10:15:00.123Z, no trigger, process stopped 9.4 ms, 1 threads\n"))
        var times = Self.captured(threads)
        times.capture?.captureTimeNanoseconds = -1
        #expect(DumpInformationTextReport.render(times).contains(" at 1969-12-31T23:59:59.999Z, "))
        times.capture?.captureTimeNanoseconds = 951_868_799_000_000_000
        times.capture?.stoppedNanoseconds = 50_000
        #expect(DumpInformationTextReport.render(times).contains(" at 2000-02-29T23:59:59.000Z, trigger \"CPU at or above 70% of one CPU for 5 s\", process stopped 0.1 ms, "))
        var unreadable = Self.captured(threads)
        unreadable.capture = nil
        #expect(DumpInformationTextReport.render(unreadable).contains(
            "  x86_64 core written by analyze-dump capture (its ANALYZEDUMP note is unreadable: time and trigger unknown), 1 threads\n"))
    }

    @Test func analysisTablesHaveANameColumnOnlyWhenTheCoreNamesThreads() {
        let threads = [
            Self.thread(100, main: true, frames: [], user: 1_500_000),
            Self.thread(101, main: false, frames: Self.waitingFrames, user: 1_200_000),
        ]
        let named = Self.captured([Self.named(threads[0], "server"), Self.named(threads[1], "worker-1")])
        let report = AnalysisTextReport.render(named, analysis: Self.analysis(of: named))
        #expect(report.contains("\n  TID      name              user      system    total     share  where\n"))
        #expect(report.contains("\n  101      \"worker-1\"        1.20 s    0.03 s    1.23 s    "))
        // The thread states do not fit 100 columns at their preferred widths: each column
        // takes its longest value's width.
        #expect(report.contains("\n  100* \"server\"   running\n  101  \"worker-1\" running cache::lookup(int) (cache.cpp:42)\n"))

        var kernel = Self.process(threads: threads)
        kernel.signal = nil
        kernel.signalledThreadTID = nil
        let plain = AnalysisTextReport.render(kernel, analysis: Self.analysis(of: kernel))
        #expect(plain.contains("\n  TID      user      system    total     share  where\n"))
        #expect(plain.contains("\n  101      1.20 s    0.03 s    1.23 s    "))
    }

    /// A capture taken on a signal is judged like a kernel core: a fault is a crash, a signal
    /// sent by another process is a requested dump; a gcore core is never a crash.
    @Test func signalOfACaptureIsJudgedLikeAKernelCore() throws {
        var model = Self.captured([
            Self.named(Self.thread(100, main: true, frames: []), "server"),
            Self.named(Self.thread(101, main: false, frames: Self.waitingFrames), "worker-1"),
        ])
        model.signal = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil)
        model.signalledThreadTID = 101
        let crash = try #require(Self.analysis(of: model).crash)
        #expect(crash.crashingTID == 101)
        let report = AnalysisTextReport.render(model, analysis: Self.analysis(of: model))
        #expect(report.contains("\nCrash\n  signal: SIGSEGV (11), "))
        #expect(report.contains("\n  thread: 101 \"worker-1\"\n"))
        #expect(report.contains("signal SIGSEGV (11), si_code 1, fault address 0x10, received by thread 101 \"worker-1\"\n"))

        model.signal = SignalInfo(number: 11, code: 0, errorNumber: 0, faultAddress: nil, senderPID: 4242, senderUID: 0)
        #expect(Self.analysis(of: model).crash == nil, "kill -SEGV from pid 4242")
        model.signal = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil)
        model.producer = .tool
        #expect(Self.analysis(of: model).crash == nil, "gcore")
    }
}

/// A process image with no readable memory and no symbols: the analysis sees frames only.
private final class NoMemory: ProcessMemory {
    func readWord(at address: UInt64, size: Int) -> UInt64? { nil }
    func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
}

private final class NoSymbols: SymbolLookup {
    func symbol(containing address: UInt64) -> SymbolReference? { nil }
    func address(ofSymbol name: String) -> UInt64? { nil }
}
