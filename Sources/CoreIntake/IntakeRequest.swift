import DumpModel

/// What `analyze-dump handle` was asked to do for one crash: the kernel's `%` arguments, the
/// spool and the limits.
public struct IntakeRequest: Sendable {
    /// The PID in the initial PID namespace (`%P`): `/proc/PID` is read through it.
    public var pid: Int32
    /// The TID that took the signal, in the process's own PID namespace (`%i`), as the core
    /// numbers its threads.
    public var tid: Int32
    public var signal: Int32
    /// `%t`: seconds since the epoch.
    public var time: Int64
    public var uid: UInt32
    public var gid: UInt32
    public var hostname: String
    /// `%e`: the command name.
    public var command: String
    /// The variables whose values may be recorded (`--environment`).
    public var allowedEnvironment: [String] = []
    /// The largest core stored, in bytes (`--max-size`); larger ones are refused.
    public var maximumCoreSize: UInt64?
    /// The most bytes the spool's cores and reports may use together (`--max-use`).
    public var maximumSpoolUse: UInt64?
    /// The free bytes to leave on the spool's file system (`--keep-free`).
    public var keepFree: UInt64?
    public var overallRateLimit: RateLimit?
    public var executableRateLimit: RateLimit?
    /// How long reading the core may take, in seconds; what was read by then is stored.
    public var readDeadlineSeconds: Int = 300
    /// Temporary files older than this (seconds) are removed from `.tmp/`.
    public var staleTemporaryAge: Int = 3600
    /// How long (seconds) a stored core may wait for its handler's report before `--max-use`
    /// and `--keep-free` may delete it: the analysis time limit and a margin.
    public var analysisGraceSeconds: Int = 120

    public init(pid: Int32, tid: Int32, signal: Int32, time: Int64, uid: UInt32, gid: UInt32, hostname: String, command: String) {
        self.pid = pid
        self.tid = tid
        self.signal = signal
        self.time = time
        self.uid = uid
        self.gid = gid
        self.hostname = hostname
        self.command = command
    }

    /// The note's fields that come from the arguments.
    var argumentNote: HandlerNote {
        HandlerNote(pid: pid, tid: tid, uid: uid, gid: gid, signal: signal, time: time, hostname: hostname, command: command)
    }
}
