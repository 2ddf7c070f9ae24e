import ArgumentParser
import CoreIntake
import DumpModel
import Glibc

/// `analyze-dump handle`: the kernel's `core_pattern` pipe handler. Stores the core from
/// standard input in the spool with the dying process's metadata, analyses it, writes the JSON
/// report beside it and logs one line (docs/pipeline.md).
struct HandleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handle",
        abstract: "Store and analyse a core piped by the kernel (core_pattern handler).",
        discussion: """
            Install as the kernel's core_pattern (docs/pipeline.md):
              |/usr/local/bin/analyze-dump handle -- %P %i %s %t %u %g %h %e
            The core is read from standard input and stored zstd-compressed as \
            SPOOL/core.EXE.UID.BOOT_ID.PID.TIME_US.zst (mode 0600) with the command line, \
            cgroup, unit, container, thread names, perf map and allowed environment of the \
            dying process in an ANALYZEDUMP note; then it is analysed (within \
            --analysis-time and --analysis-memory) and the JSON report written beside it \
            (.json). One line per crash goes to the syslog socket (else /dev/kmsg, else \
            stderr). Put `--` before the % arguments: a command or host name may start with \
            a dash.

            EXAMPLES:
              echo '|/usr/local/bin/analyze-dump handle -- %P %i %s %t %u %g %h %e' \\
                  > /proc/sys/kernel/core_pattern
              analyze-dump handle --spool /tmp/spool -- 4242 4242 11 1733300000 \\
                  1000 1000 web1 server < core.4242
                  (a handler run by hand on a core, as the kernel would run it)
            """)

    @Option(help: ArgumentHelp("The spool directory (created 0700; must be a directory owned by root with mode 0700, not a link).", valueName: "dir"))
    var spool = "/var/lib/analyze-dump/spool"

    @Option(name: .customLong("max-size"), help: ArgumentHelp("Do not store a core larger than this (K, M, G suffixes; default 32G).", valueName: "size"))
    var maximumSize: ByteCountArgument?

    @Option(name: .customLong("max-use"), help: ArgumentHelp("Delete the oldest cores so that the spool uses at most this.", valueName: "size"))
    var maximumUse: ByteCountArgument?

    @Option(name: .customLong("keep-free"), help: ArgumentHelp("Delete the oldest cores so that this much disk stays free (default 1G).", valueName: "size"))
    var keepFree: ByteCountArgument?

    @Option(name: .customLong("rate-limit"), help: ArgumentHelp("Store at most COUNT cores per DURATION over all executables (10/1m).", valueName: "count/duration"))
    var overallRateLimit: RateLimitArgument?

    @Option(name: .customLong("executable-rate-limit"), help: ArgumentHelp("Store at most COUNT cores per DURATION of one executable (3/1m).", valueName: "count/duration"))
    var executableRateLimit: RateLimitArgument?

    @Option(name: .customLong("environment"), help: ArgumentHelp("An environment variable whose value is recorded (repeatable); no other value is.", valueName: "key"))
    var environment: [String] = []

    @Option(name: .customLong("read-time"), help: ArgumentHelp("How long reading the core may take; what was read by then is stored (default 5m).", valueName: "duration"))
    var readTime: DurationArgument?

    @Option(name: .customLong("analysis-time"), help: ArgumentHelp("How long the analysis of the stored core may take (default 60s).", valueName: "duration"))
    var analysisTime: DurationArgument?

    @Option(name: .customLong("analysis-memory"), help: ArgumentHelp("The address space the analysis may use (RLIMIT_AS; default 4G).", valueName: "size"))
    var analysisMemory: ByteCountArgument?

    @Option(name: .customLong("log-socket"), help: ArgumentHelp("The syslog socket the crash line is sent to.", valueName: "path"))
    var logSocket = "/dev/log"

    @Argument(help: ArgumentHelp("%P: the PID in the initial PID namespace.", valueName: "pid"))
    var pid: Int32
    @Argument(help: ArgumentHelp("%i: the TID that took the signal, in the process's own PID namespace.", valueName: "tid"))
    var tid: Int32
    @Argument(help: ArgumentHelp("%s: the signal number.", valueName: "signal"))
    var signal: Int32
    @Argument(help: ArgumentHelp("%t: the time of the dump, seconds since the epoch.", valueName: "time"))
    var time: Int64
    @Argument(help: ArgumentHelp("%u: the real UID.", valueName: "uid"))
    var uid: UInt32
    @Argument(help: ArgumentHelp("%g: the real GID.", valueName: "gid"))
    var gid: UInt32
    @Argument(help: ArgumentHelp("%h: the host name.", valueName: "hostname"))
    var hostname: String
    @Argument(help: ArgumentHelp("%e: the command name.", valueName: "comm"))
    var command: String

    func validate() throws {
        for (name, duration) in [("--read-time", readTime), ("--analysis-time", analysisTime)] {
            if let duration, duration.duration <= .zero { throw ValidationError("\(name) must be longer than 0") }
        }
    }

    func run() throws {
        umask(0o077)
        Self.openMissingStandardDescriptors()
        let log = LogSink.open(socketPath: logSocket)
        var request = IntakeRequest(
            pid: pid, tid: tid, signal: signal, time: time, uid: uid, gid: gid, hostname: hostname, command: command)
        request.allowedEnvironment = environment
        request.maximumCoreSize = maximumSize?.bytes ?? 32 << 30
        request.maximumSpoolUse = maximumUse?.bytes
        request.keepFree = keepFree?.bytes ?? 1 << 30
        request.overallRateLimit = overallRateLimit?.limit
        request.executableRateLimit = executableRateLimit?.limit
        request.readDeadlineSeconds = max(1, Int(readTime?.duration.components.seconds ?? 300))
        let analysisLimit = analysisTime?.duration ?? .seconds(60)
        request.analysisGraceSeconds = Int(clamping: analysisLimit.components.seconds) &+ 60
        let facts = HandledCrash(request: request, spoolPath: spool)
        // Reading /proc (a FUSE mount can stall a read), waiting for the spool's lock and
        // reading the core are bounded together; the analysis sets its own limit.
        let intakeLimit = Self.preAnalysisMargin * 2 + .seconds(request.readDeadlineSeconds)
        HandlerAnalysis.armDeadline(
            after: intakeLimit, log: log,
            failureLine: facts.failureLine("the handler passed its \(intakeLimit.components.seconds) s limit before the analysis (reading /proc, waiting for the spool lock or reading the core)"))
        let outcome: IntakeOutcome
        do {
            let directory = try SpoolDirectory(path: spool)
            outcome = try CoreIntake.store(
                from: STDIN_FILENO, request: request, spool: directory, bootID: HandledCrash.bootID(), now: CoreIntake.realtimeMicroseconds())
            guard outcome.disposition == .stored else {
                log.send(facts.logLine(outcome: outcome))
                throw ExitCode(1)
            }
            let limits = HandlerAnalysis.Limits(seconds: analysisLimit, addressSpace: analysisMemory?.bytes ?? 4 << 30)
            // A compressed core is decompressed into a deleted temporary file: on the spool's
            // file system, not in a /tmp that may be memory.
            setenv("TMPDIR", spool + "/" + SpoolDirectory.temporaryDirectoryName, 1)
            let report = HandlerAnalysis.run(
                corePath: facts.storedPath(outcome), limits: limits, log: log,
                failureLine: facts.logLine(outcome: outcome, report: .failed(HandlerAnalysis.cutShortMessage)))
            if let json = report.json {
                do {
                    try directory.replaceFile(outcome.name.reportFileName, with: Array(json.utf8))
                } catch {
                    log.send(facts.logLine(outcome: outcome, report: .failed("cannot write the report: \(error)")))
                    throw ExitCode(1)
                }
            }
            log.send(facts.logLine(outcome: outcome, report: report.summary))
        } catch let error as IntakeError {
            log.send(facts.failureLine("\(error)"))
            throw ExitCode(1)
        }
    }
}

extension HandleCommand {
    /// The time allowed for reading /proc and for the spool's lock, each.
    static let preAnalysisMargin: Duration = .seconds(30)

    /// The kernel starts a pipe handler with only standard input open: the next files opened
    /// (the log, the spool) would become descriptors 1 and 2, where a runtime error message
    /// would be written. `/dev/null` takes them first.
    static func openMissingStandardDescriptors() {
        while true {
            let descriptor = open("/dev/null", O_RDWR)
            if descriptor < 0 { return }
            if descriptor > STDERR_FILENO {
                close(descriptor)
                return
            }
        }
    }
}

/// A rate limit on the command line: `10/1m`.
struct RateLimitArgument: ExpressibleByArgument {
    var limit: RateLimit

    init?(argument: String) {
        guard let limit = RateLimit(parsing: argument) else { return nil }
        self.limit = limit
    }
}
