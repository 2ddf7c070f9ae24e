/// A wait as the runtime recorded it itself, in its own words: PostgreSQL's
/// `pg_stat_activity.wait_event_type` and `wait_event` (`Lock`, `transactionid`), read from
/// the backend's memory rather than inferred from its stack.
public struct RecordedWaitEvent: Equatable, Hashable, Sendable {
    /// The class of wait: `Lock`, `LWLock`, `Client` ... (`class 0x2` for one the release
    /// does not define).
    public var type: String
    /// The event within it: `transactionid`, `ClientRead` ... (`event 12` when the release's
    /// numbering of that class is not known).
    public var event: String

    public init(type: String, event: String) {
        self.type = type
        self.event = event
    }

    /// `Lock/transactionid`.
    public var description: String { type + "/" + event }
}
