import CrashStore

/// A file triage will analyse, or skip when the database has it already: its path, its
/// identity, and what its name, attributes and journal entry say of the crash before any
/// analysis. Where they disagree, the attributes come first (they travel with the file), then
/// the journal entry, then the name.
public struct CoreCandidate: Equatable, Sendable {
    /// The path the child is given.
    public var path: String
    public var identity: CoreIdentity
    /// The systemd-coredump or spool name's fields, nil for another name.
    public var fileName: CoreFileName?
    /// systemd-coredump's `user.coredump.*` attributes (empty when the file has none).
    public var attributes: CoredumpAttributes
    /// systemd-coredump's journal entry for the file, nil when not read or not found.
    public var journal: CoredumpJournalEntry?

    public init(path: String, identity: CoreIdentity, fileName: CoreFileName?, attributes: CoredumpAttributes, journal: CoredumpJournalEntry? = nil) {
        self.path = path
        self.identity = identity
        self.fileName = fileName
        self.attributes = attributes
        self.journal = journal
    }

    /// When the process crashed, by the file's attributes, else its journal entry, else its name.
    public var crashTimeMicroseconds: Int64? { attributes.timeMicroseconds ?? journal?.timeMicroseconds ?? fileName?.timeMicroseconds }

    /// The program's path, by the file's attributes, else its journal entry.
    public var executable: String? { attributes.executable ?? journal?.executable }
}
