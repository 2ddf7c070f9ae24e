/// What the analysis of one core concluded, for grouping: the token stored in the database's
/// `kind` column and printed by triage.
public enum CoreOutcome: String, CaseIterable, Sendable {
    /// The process crashed: the group key is the crash signature.
    case crash
    /// The process hung (a lock, a queue, a runaway thread): the group key is the hang signature.
    case hang
    /// The core was read and shows neither a crash nor a hang.
    case healthy
    /// The core could not be analysed: the group key is the kind of error.
    case error
}
