/// Something the reader could not do or wants the user to know, reported instead of failing
/// the run.
public struct Diagnostic: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// How much a diagnostic matters for the completeness of the report.
    public enum Severity: String, Equatable, Hashable, Sendable {
        /// Part of the report is missing or may be wrong (a module not found, a stack cut
        /// short, a truncated core): the CLI exits with status 1.
        case warning
        /// A fact worth knowing that does not make the report incomplete (the core has no
        /// CPU accounting).
        case note
    }

    /// What made a warning, where a summary of the report counts it by kind (the one line the
    /// CLI writes with exit status 1); nil for a diagnostic that needs no such count.
    public enum Cause: String, Equatable, Hashable, Sendable {
        /// The file holds less than the core's headers promise.
        case truncatedCore
        /// A module's file was not found.
        case moduleNotFound
        /// A module's file has another build-id than the core recorded, so it was not used.
        case buildIDMismatch
        /// One or more stacks were cut short or could not be unwound.
        case incompleteStack
        /// A `--queue` expression could not be read.
        case unreadableCounter
    }

    /// How much it matters.
    public var severity: Severity
    /// One line, lower case, saying what happened and what to do about it.
    public var message: String
    /// What made it, where a summary counts it by kind.
    public var cause: Cause?

    public init(severity: Severity, message: String, cause: Cause? = nil) {
        self.severity = severity
        self.message = message
        self.cause = cause
    }

    /// A warning with the given message and, where a summary counts it by kind, its cause.
    public static func warning(_ message: String, cause: Cause? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, message: message, cause: cause)
    }

    /// A note with the given message.
    public static func note(_ message: String) -> Diagnostic {
        Diagnostic(severity: .note, message: message)
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}
