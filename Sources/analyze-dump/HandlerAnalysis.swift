import CoreDump
import CoreIntake
import DumpAnalysis
import DumpModel
import DumpReport
import Glibc

/// The analysis `analyze-dump handle` runs on the core it has just stored, in its own process,
/// the way ``SummaryCommand`` does, under an address-space limit (`RLIMIT_AS`) and a real-time timer (`SIGALRM`).
/// The core is already in the spool when it starts: an analysis that runs out of time or
/// memory, or crashes, ends the handler after its prepared log line is written from the signal
/// handler (``HandlerAnalysis/install(failureRecord:descriptor:)``); no report is written then.
enum HandlerAnalysis {
    /// The limits of one analysis.
    struct Limits {
        var seconds: Duration
        var addressSpace: UInt64
    }

    /// What the analysis produced.
    struct Report {
        /// The JSON report, nil when the core could not be read.
        var json: String?
        var summary: HandledCrash.ReportSummary
    }

    /// The exit status after the analysis was cut short by a signal.
    static let cutShortStatus: Int32 = 70
    /// The log line's `error` then.
    static let cutShortMessage = "analysis exceeded its time or memory limit"

    /// Analyses the core at `corePath`.
    /// - Parameters:
    ///   - failureLine: the line logged when the analysis is cut short.
    static func run(corePath: String, limits: Limits, log: LogSink, failureLine: String) -> Report {
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0 {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(limits.addressSpace))
            setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        }
        armDeadline(after: limits.seconds, log: log, failureLine: failureLine)
        defer {
            setAlarm(after: .zero)
            uninstall()
        }
        let core: LoadedCore
        do {
            core = try CoreReader.read(path: corePath, options: CoreReadOptions(readsHostPerfMap: false))
        } catch {
            return Report(json: nil, summary: .failed("\(error)"))
        }
        let analysis = ProcessAnalysis.analyze(core.image)
        let json = JSONReport.render(core.process, analysis: analysis, toolVersion: AnalyzeDump.configuration.version)
        let signature = analysis.signature.map { (kind: $0.kind.rawValue, value: $0.value) }
        return Report(json: json, summary: .analysed(signature: signature, finding: analysis.findings.first?.title))
    }

    /// Ends the handler after `duration` with `failureLine` logged and status
    /// ``cutShortStatus``, as for an analysis cut short; a later call replaces the deadline.
    static func armDeadline(after duration: Duration, log: LogSink, failureLine: String) {
        setAlarm(after: .zero)
        install(failureRecord: log.record(failureLine), descriptor: log.descriptor)
        setAlarm(after: duration)
    }

    /// Arms `SIGALRM` after `duration` (to the microsecond, at least 1 µs), or disarms it for
    /// `.zero`.
    private static func setAlarm(after duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var microseconds = attoseconds / 1_000_000_000_000
        if seconds == 0 && microseconds == 0 && duration > .zero { microseconds = 1 }
        var timer = itimerval()
        timer.it_value.tv_sec = Int(clamping: max(0, seconds))
        timer.it_value.tv_usec = Int(clamping: max(0, microseconds))
        setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
    }

    /// The signals an analysis that goes wrong ends with: the alarm, and the crashes of a
    /// failed allocation or a bug.
    private static let fatalSignals: [Int32] = [SIGALRM, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Installs the handler that writes `failureRecord` to `descriptor` and exits.
    private static func install(failureRecord: [UInt8], descriptor: Int32) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: failureRecord.count, alignment: 1)
        buffer.copyBytes(from: failureRecord)
        let replaced = pendingFailure.bytes
        pendingFailure = PendingFailure(bytes: UnsafeRawBufferPointer(buffer), descriptor: descriptor)
        replaced.deallocate()
        // The mask is inherited across exec: a parent that blocks SIGALRM (a test runner, a
        // supervisor) would otherwise leave the time limit without effect.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in fatalSignals { sigaddset(&unblocked, number) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for number in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = cutShort
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(number, &action, nil)
        }
    }

    private static func uninstall() {
        for number in fatalSignals { Glibc.signal(number, SIG_DFL) }
    }
}

/// The record the signal handler writes: prepared before, so that the handler only calls
/// `write` and `_exit`, which are async-signal-safe.
private struct PendingFailure {
    var bytes: UnsafeRawBufferPointer
    var descriptor: Int32
}

nonisolated(unsafe) private var pendingFailure = PendingFailure(bytes: UnsafeRawBufferPointer(start: nil, count: 0), descriptor: -1)

private let cutShort: @convention(c) (Int32) -> Void = { _ in
    let failure = pendingFailure
    if failure.descriptor >= 0, let base = failure.bytes.baseAddress {
        _ = write(failure.descriptor, base, failure.bytes.count)
    }
    _exit(HandlerAnalysis.cutShortStatus)
}
