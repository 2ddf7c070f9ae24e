import ArgumentParser
import CoreCapture
import Glibc

/// `analyze-dump capture`: writes cores of a live process, now or when a trigger fires,
/// with every thread's real CPU time and name (gcore writes neither), and prints their paths.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Write cores of a running process, now or on a trigger, with per-thread CPU times and names (x86_64).",
        discussion: """
            Without a trigger one core is written now. With one, the process is watched \
            (its /proc/PID/stat read every 0.5 s) until the condition holds: --cpu N for --for \
            (CPU at or above N% of one CPU, so 200 means two CPUs busy), --cpu-below N for \
            --for, --memory MIB (resident set above), --thread-count N (more threads than N). \
            --count N writes a series, at least --interval apart, each when the trigger holds \
            again (a CPU trigger that stays true gives cores exactly --interval apart).

            The process is stopped while its registers and memory are read and its memory \
            written (zero pages are skipped), and resumed before the headers and notes are \
            written; how long it was stopped is printed on stderr. Each \
            core is written whole or not at all, as NAME_PID_TRIGGER_UTCTIME.core in the -o \
            directory, and its path printed on stdout. That directory and its missing parents \
            are created readable by their owner only (mode 0700), as a core holds the \
            process's memory; the cores themselves are 0600. --analyze writes, once the last \
            core is taken (so that analysing does not delay a series), the text, JSON and HTML reports next to each \
            core (CORE.txt, CORE.json, CORE.html), and for a series the comparison of its cores (NAME_PID_compare_UTCTIME.txt, .json and .html).

            --timeout gives up waiting (for --name and the trigger) after that long from the \
            start. Exit status: 0 when every core was written, 1 when a series was cut short, \
            2 when no core was written (no such process, the directory cannot be created, \
            a timeout).

            Sizes are in MiB unless they end in K, M, G or T.

            EXAMPLES:
              analyze-dump capture --pid 4242 -o cores
              analyze-dump capture --name server --cpu 90 --for 10s -o cores --analyze
              analyze-dump capture --pid 4242 --count 3 --interval 5s -o cores --analyze
              analyze-dump capture --name server --signal SIGSEGV -o cores
            """)

    @Option(help: ArgumentHelp("The process to capture.", valueName: "pid"))
    var pid: Int32?

    @Option(help: ArgumentHelp("Wait for the one process with this name (its comm or the file name of its program), then capture it.", valueName: "name"))
    var name: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The directory the cores are written to, created with its missing parents (mode 0700: cores hold memory).", valueName: "dir"))
    var directory: String = "."

    @Option(help: ArgumentHelp("Trigger: CPU at or above this % of one CPU for --for.", valueName: "percent"))
    var cpu: Double?

    @Option(name: .customLong("cpu-below"), help: ArgumentHelp("Trigger: CPU at or below this % of one CPU for --for.", valueName: "percent"))
    var cpuBelow: Double?

    @Option(name: .customLong("for"), help: ArgumentHelp("How long a CPU trigger must hold (5s, 500ms, 1m).", valueName: "duration"))
    var sustained: DurationArgument = DurationArgument(argument: "5s")!

    @Option(help: ArgumentHelp("Trigger: resident memory above this size.", valueName: "size"))
    var memory: ByteCountArgument?

    @Option(name: .customLong("thread-count"), help: ArgumentHelp("Trigger: more threads than this.", valueName: "n"))
    var threadCount: Int?

    @Option(help: ArgumentHelp("Trigger: a thread is about to receive this signal (SIGSEGV, USR1, 10).", valueName: "signal"))
    var signal: SignalArgument?

    @Option(help: "How many cores to write.")
    var count: Int = 1

    @Option(help: ArgumentHelp("The least time between the cores of a series.", valueName: "duration"))
    var interval: DurationArgument = DurationArgument(argument: "10s")!

    @Option(help: ArgumentHelp("Give up waiting for the process or the trigger after this long.", valueName: "duration"))
    var timeout: DurationArgument?

    @Flag(name: .customLong("skip-readonly-files"), help: "Leave out file-backed read-only mappings (code, read-only data), as gcore users ask for: a much smaller core.")
    var skipReadOnlyFiles = false

    @Option(name: .customLong("max-size"), help: ArgumentHelp("The most memory one core holds: module headers, then stacks, then writable memory are kept first.", valueName: "size"))
    var maxSize: ByteCountArgument?

    @Option(name: .customLong("max-mapping-size"), help: ArgumentHelp("The most bytes kept of any one mapping.", valueName: "size"))
    var maxMappingSize: ByteCountArgument?

    @Flag(help: "Analyse each core and write its reports next to it (and compare a series).")
    var analyze = false

    @Flag(name: .customLong("jvm-perf-map"), help: "Before each core, ask the JVM to write its perf map (jcmd PID Compiler.perfmap), which the core then carries to name JIT-compiled Java methods.")
    var jvmPerfMap = false

    func validate() throws {
        guard (pid == nil) != (name == nil) else { throw ValidationError("give either --pid or --name") }
        if let pid, pid <= 0 { throw ValidationError("--pid must be a positive process id") }
        guard !directory.isEmpty else { throw ValidationError("-o needs a directory (. for the current one)") }
        let triggers = [cpu != nil, cpuBelow != nil, memory != nil, threadCount != nil, signal != nil].filter { $0 }.count
        guard triggers <= 1 else { throw ValidationError("give at most one trigger of --cpu, --cpu-below, --memory, --thread-count and --signal") }
        for percent in [cpu, cpuBelow].compactMap({ $0 }) where !(percent >= 0 && percent <= 100_000) {
            throw ValidationError("a CPU trigger is a percentage of one CPU, from 0")
        }
        if let threadCount, threadCount < 0 { throw ValidationError("--thread-count must be 0 or more") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    /// The trigger the options ask for.
    var trigger: CaptureTrigger {
        if let cpu { return .cpuAbove(percent: cpu, sustained: sustained.duration) }
        if let cpuBelow { return .cpuBelow(percent: cpuBelow, sustained: sustained.duration) }
        if let memory { return .residentMemoryAbove(bytes: memory.bytes) }
        if let threadCount { return .threadCountAbove(threadCount) }
        if let signal { return .signal(signal.number) }
        return .immediately
    }

    func run() throws {
        let options = CaptureOptions(
            skipFileBackedReadOnly: skipReadOnlyFiles, maxSegmentBytes: maxMappingSize?.bytes, maxCoreBytes: maxSize?.bytes)
        let waitStarted = ContinuousClock.now
        let deadline = timeout.map { waitStarted + $0.duration }
        var cores: [String] = []
        var comparisonStem = ""
        var complete = true
        var failure: CaptureError?
        do throws(CaptureError) {
            let givenProcess = try processOfGivenPID()
            try CoreDirectory.create(directory)
            let pid = if let givenProcess { givenProcess } else { try namedProcess(deadline: deadline) }
            var monitor = TriggerMonitor(pid: pid, trigger: trigger, waitStarted: waitStarted)
            var earliest = ContinuousClock.now
            for index in 0..<count {
                if trigger != .immediately {
                    StandardStream.error.writeLine("analyze-dump: waiting for \(trigger.description) in process \(pid)")
                } else if index > 0 {
                    StandardStream.error.writeLine("analyze-dump: waiting for --interval (\(interval.text)) before the next core of process \(pid)")
                }
                let reading = try monitor.waitUntilFired(notBefore: earliest, deadline: deadline)
                earliest = .now + interval.duration
                var triggerText = trigger.description + (reading.map { " (read \($0))" } ?? "")
                if jvmPerfMap { try JVMPerfMapRequest.run(pid: pid) }
                let result: CaptureResult
                if case .signal(let number) = trigger {
                    let (captured, receiver) = try CoreCapturer.captureAtSignal(
                        number, pid: pid, options: options, trigger: triggerText, deadline: deadline
                    ) {
                        CaptureFileName.path(in: directory, pid: pid, trigger: trigger)
                    }
                    result = captured
                    earliest = .now + interval.duration
                    triggerText += " (received by thread \(receiver))"
                } else {
                    result = try CoreCapturer.capture(
                        pid: pid, to: CaptureFileName.path(in: directory, pid: pid, trigger: trigger), options: options,
                        trigger: triggerText)
                }
                StandardStream.error.writeLine(
                    "analyze-dump: captured \(result.threadCount) thread\(result.threadCount == 1 ? "" : "s") of pid \(pid) (\(triggerText)); the process was stopped for \(Self.milliseconds(result.stoppedDuration)) ms")
                CoreLoading.writeReport(result.path)
                monitor.restart()
                if cores.isEmpty { comparisonStem = CaptureFileName.comparisonStem(in: directory, pid: pid) }
                cores.append(result.path)
            }
        } catch {
            failure = error
        }
        if let failure {
            CoreLoading.writeError(failure.description + (cores.isEmpty ? "" : " (\(cores.count) of \(count) cores written)"))
        }
        if analyze, !cores.isEmpty { complete = try CaptureReports.writeAll(cores, comparisonStem: comparisonStem) && complete }
        if failure != nil { throw cores.isEmpty ? ExitStatus.fatal : ExitStatus.incomplete }
        throw complete ? ExitStatus.success : ExitStatus.incomplete
    }

    /// The process `--pid` names (the process of a thread's ID), nil with `--name`.
    /// - Throws: ``CaptureError/noSuchProcess(pid:)`` when no such process or thread exists.
    private func processOfGivenPID() throws(CaptureError) -> Int32? {
        guard let pid else { return nil }
        guard let process = ProcessFinder.process(ofThread: pid) else { throw CaptureError.noSuchProcess(pid: pid) }
        if process != pid {
            StandardStream.error.writeLine("analyze-dump: \(pid) is a thread of process \(process): capturing the process")
        }
        return process
    }

    /// The one process called `--name`, once it exists.
    private func namedProcess(deadline: ContinuousClock.Instant?) throws(CaptureError) -> Int32 {
        let name = name ?? ""
        if ProcessFinder.processes(named: name).isEmpty {
            StandardStream.error.writeLine("analyze-dump: waiting for a process named \(name)")
        }
        return try ProcessFinder.waitForProcess(named: name, deadline: deadline)
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
