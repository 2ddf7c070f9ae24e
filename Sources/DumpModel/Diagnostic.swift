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

    /// How much it matters.
    public var severity: Severity
    /// One line, lower case, saying what happened and what to do about it.
    public var message: String

    public init(severity: Severity, message: String) {
        self.severity = severity
        self.message = message
    }

    /// A warning with the given message.
    public static func warning(_ message: String) -> Diagnostic {
        Diagnostic(severity: .warning, message: message)
    }

    /// A note with the given message.
    public static func note(_ message: String) -> Diagnostic {
        Diagnostic(severity: .note, message: message)
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}
