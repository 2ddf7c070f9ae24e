import DumpModel

/// What `analyze-dump handle` did with one core.
public struct IntakeOutcome: Sendable {
    /// Whether the core was stored, and if not, why.
    public enum Disposition: Equatable, Sendable {
        /// Stored at ``IntakeOutcome/name``.
        case stored
        /// Larger than `--max-size`: the bytes read before it was given up (more than the limit).
        case tooLarge(limit: UInt64)
        /// Over a rate limit: which.
        case rateLimited(String)
        /// Storing more would leave less than `--keep-free` on the file system, with no older
        /// core left to delete: the bytes that were free for the core.
        case noSpace(room: UInt64)
    }

    public var disposition: Disposition
    /// The metadata recorded: in the stored core's note (unless ``noteRefusal``) and in the log.
    public var note: HandlerNote
    /// The spool file names.
    public var name: SpoolName
    /// The bytes of core read from standard input.
    public var coreBytes: UInt64 = 0
    /// The compressed file's size.
    public var storedBytes: UInt64 = 0
    /// Why the note was not inserted (the core was stored as it came), nil when it was.
    public var noteRefusal: String?
    /// Whether reading stopped at the deadline, leaving the stored core truncated.
    public var hitDeadline = false
    /// Cores deleted to keep within `--max-use` and `--keep-free`.
    public var evicted: [String] = []
}
