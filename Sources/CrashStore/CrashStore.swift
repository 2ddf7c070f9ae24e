/// The triage database: one row per analysed core, and the groups they form. SQLite on the
/// host by default, PostgreSQL when many hosts share one (``StoreLocation``); both keep the
/// same schema, created and migrated when the store is opened, and are safe with several
/// writers at once (each insert is one statement; a core two writers race for is stored once).
///
/// Not thread-safe: one store per thread.
public protocol CrashStore: AnyObject {
    /// Whether a core with this identity was already stored for `host`.
    func contains(_ identity: CoreIdentity, host: String) throws(StoreError) -> Bool

    /// Stores `record`; returns false, storing nothing, when a record of the same host and
    /// identity is already there (another writer may have stored it first).
    @discardableResult
    func insert(_ record: CoreRecord) throws(StoreError) -> Bool

    /// The groups of the cores `query` selects, the largest first (then the most recently
    /// seen first).
    func groups(_ query: GroupQuery) throws(StoreError) -> [CrashGroup]

    /// The JSON report stored with a record, nil when it has none or there is no such record.
    func report(recordID: Int64) throws(StoreError) -> String?

    /// How many cores are stored.
    func count() throws(StoreError) -> Int
}
