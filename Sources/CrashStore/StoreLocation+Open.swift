extension StoreLocation {
    /// Opens the database, creating it (an SQLite file and its directory) or its schema when
    /// missing, and migrating an older schema.
    /// - Throws: ``StoreError`` when it cannot be reached, opened or migrated.
    public func open() throws(StoreError) -> any CrashStore {
        switch self {
        case .sqlite(let path): try SQLCrashStore(connection: SQLiteConnection(path: path))
        case .postgres(let url): try SQLCrashStore(connection: PostgresConnection(url: url, displayName: displayName))
        }
    }
}
