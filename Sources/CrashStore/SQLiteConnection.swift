internal import CSQLite
import Glibc

/// A connection to an SQLite database file through libsqlite3: write-ahead logging, so that
/// readers never wait for writers, and a busy timeout, so that concurrent triage runs wait
/// for each other's writes instead of failing.
final class SQLiteConnection: SQLConnection {
    let dialect = SQLDialect.sqlite
    let displayName: String
    private let database: OpaquePointer

    /// How long a statement waits for another connection's write lock.
    static let busyTimeoutMilliseconds: Int32 = 30_000

    /// Opens (creating it, and its directory, when missing) the database at `path`.
    init(path: String) throws(StoreError) {
        displayName = path
        try Self.createDirectory(of: path)
        try Self.createFile(at: path)
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(handle)
            throw .cannotOpen(location: path, reason: reason)
        }
        database = handle
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        do {
            try query("PRAGMA journal_mode=WAL", [], operation: "use write-ahead logging")
            // In WAL mode a commit is durable at the next checkpoint: a crash of the host may
            // lose the last analyses, never corrupt the database, and triage redoes them.
            try query("PRAGMA synchronous=NORMAL", [], operation: "set its synchronous mode")
        } catch {
            sqlite3_close(handle)
            throw .cannotOpen(location: path, reason: "\(error)")
        }
    }

    deinit { sqlite3_close(database) }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue], operation: String) throws(StoreError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, Self.sqliteText(sql), -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(operation)
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let integer): status = sqlite3_bind_int64(statement, index, integer)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            }
            guard status == SQLITE_OK else { throw failure(operation) }
        }
        var rows: [[SQLValue]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append((0..<sqlite3_column_count(statement)).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_NULL: .null
                    case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                    default: sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
                    }
                })
            case SQLITE_DONE:
                return rows
            default:
                throw failure(operation)
            }
        }
    }

    /// `$N` placeholders as SQLite's `?N`. The store's SQL has no `$` in its literals.
    private static func sqliteText(_ sql: String) -> String {
        String(sql.map { $0 == "$" ? "?" : $0 })
    }

    /// SQLite copies a bound text at once (`SQLITE_TRANSIENT`, a macro Swift does not import).
    private static let transient = unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)

    private func failure(_ operation: String) -> StoreError {
        .statementFailed(operation: operation, reason: String(cString: sqlite3_errmsg(database)))
    }

    /// Creates the database file, readable and writable by its owner only, when it is
    /// missing: SQLite would create it with the process's umask, and it gives its journal
    /// files the database file's mode.
    private static func createFile(at path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw .cannotOpen(location: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Creates the directories above `path` that are missing, readable only by their owner
    /// (the database holds command lines and reports).
    private static func createDirectory(of path: String) throws(StoreError) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        guard !components.isEmpty else { return }
        var directory = path.hasPrefix("/") ? "" : "."
        if components.first == "" { components.removeFirst() }
        for component in components where !component.isEmpty {
            directory += "/" + component
            if mkdir(directory, 0o700) != 0 && errno != EEXIST {
                throw .cannotOpen(location: path, reason: "cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
    }
}
