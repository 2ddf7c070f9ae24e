/// The cores that share an outcome and a signature: one problem, however many hosts and
/// runs it happened on.
public struct CrashGroup: Equatable, Sendable {
    public var outcome: CoreOutcome
    public var signature: String
    /// How many cores.
    public var count: Int
    /// The earliest and latest time a core of the group was seen, microseconds since the epoch.
    public var firstSeenMicroseconds: Int64
    public var lastSeenMicroseconds: Int64
    /// The distinct hosts, executables, build-ids and systemd units, sorted.
    public var hosts: [String]
    public var executables: [String]
    public var buildIDs: [String]
    public var units: [String]
    /// The newest core of the group: its stored id (for ``CrashStore/report(recordID:)``), host
    /// and path, and its top finding or error.
    public var exampleRecordID: Int64
    public var exampleHost: String
    public var examplePath: String
    public var exampleTopFinding: String?
    public var exampleError: String?

    public init(
        outcome: CoreOutcome, signature: String, count: Int, firstSeenMicroseconds: Int64, lastSeenMicroseconds: Int64,
        hosts: [String], executables: [String], buildIDs: [String], units: [String] = [], exampleRecordID: Int64, exampleHost: String,
        examplePath: String, exampleTopFinding: String?, exampleError: String?
    ) {
        self.outcome = outcome
        self.signature = signature
        self.count = count
        self.firstSeenMicroseconds = firstSeenMicroseconds
        self.lastSeenMicroseconds = lastSeenMicroseconds
        self.hosts = hosts
        self.executables = executables
        self.buildIDs = buildIDs
        self.units = units
        self.exampleRecordID = exampleRecordID
        self.exampleHost = exampleHost
        self.examplePath = examplePath
        self.exampleTopFinding = exampleTopFinding
        self.exampleError = exampleError
    }
}
