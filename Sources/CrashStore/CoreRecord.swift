/// One analysed core as the triage database keeps it: where it is, what it came from, and
/// what the analysis concluded.
public struct CoreRecord: Equatable, Sendable {
    /// The host the core was found on (the crashing host's name when the core records it).
    public var host: String
    /// The core's path on that host.
    public var path: String
    /// The file, so that a second triage run over the same directory skips it.
    public var identity: CoreIdentity
    /// The crashing program's path (or name, when only that is known).
    public var executable: String?
    /// The executable's GNU build-id, lowercase hex.
    public var buildID: String?
    /// When the process crashed or was captured, in microseconds since the epoch; nil when
    /// the core does not say (the store then uses ``analysedAtMicroseconds`` to place it in
    /// time).
    public var crashTimeMicroseconds: Int64?
    /// When it was analysed, in microseconds since the epoch.
    public var analysedAtMicroseconds: Int64
    /// The signal that ended the process (`SIGSEGV`), nil for a hang or when none.
    public var signal: String?
    /// The systemd unit the process ran in (`nginx.service`, a user's unit), from
    /// systemd-coredump's journal entry; nil when unknown.
    public var unit: String?
    /// The process's command line, its arguments separated by spaces as systemd-coredump's
    /// journal entry records it; nil when unknown.
    public var commandLine: String?
    public var outcome: CoreOutcome
    /// The group key within ``outcome``: a crash or hang signature, or the kind of error;
    /// empty for a healthy core.
    public var signature: String
    /// The report's top finding's title, plain text.
    public var topFinding: String?
    /// Why the core could not be analysed, for ``CoreOutcome/error``.
    public var error: String?
    /// The whole JSON report, nil when there is none.
    public var reportJSON: String?

    public init(
        host: String, path: String, identity: CoreIdentity, executable: String? = nil, buildID: String? = nil,
        crashTimeMicroseconds: Int64? = nil, analysedAtMicroseconds: Int64, signal: String? = nil,
        unit: String? = nil, commandLine: String? = nil, outcome: CoreOutcome, signature: String, topFinding: String? = nil, error: String? = nil, reportJSON: String? = nil
    ) {
        self.host = host
        self.path = path
        self.identity = identity
        self.executable = executable
        self.buildID = buildID
        self.crashTimeMicroseconds = crashTimeMicroseconds
        self.analysedAtMicroseconds = analysedAtMicroseconds
        self.signal = signal
        self.unit = unit
        self.commandLine = commandLine
        self.outcome = outcome
        self.signature = signature
        self.topFinding = topFinding
        self.error = error
        self.reportJSON = reportJSON
    }

    /// The executable's file name: what `triage --executable NAME` matches.
    public var executableName: String? {
        executable.map { path in path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// The time the record is placed at: the crash's, else the analysis's.
    public var seenAtMicroseconds: Int64 { crashTimeMicroseconds ?? analysedAtMicroseconds }
}
