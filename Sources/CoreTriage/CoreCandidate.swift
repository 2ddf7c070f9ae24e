import CrashStore

/// A file triage will analyse, or skip when the database has it already: its path, its
/// identity, and what its name and attributes say of the crash before any analysis.
public struct CoreCandidate: Equatable, Sendable {
    /// The path the child is given.
    public var path: String
    public var identity: CoreIdentity
    /// The systemd-coredump or spool name's fields, nil for another name.
    public var fileName: CoreFileName?
    /// systemd-coredump's `user.coredump.*` attributes (empty when the file has none).
    public var attributes: CoredumpAttributes

    public init(path: String, identity: CoreIdentity, fileName: CoreFileName?, attributes: CoredumpAttributes) {
        self.path = path
        self.identity = identity
        self.fileName = fileName
        self.attributes = attributes
    }

    /// When the process crashed, by the file's attributes, else its name.
    public var crashTimeMicroseconds: Int64? { attributes.timeMicroseconds ?? fileName?.timeMicroseconds }
}
