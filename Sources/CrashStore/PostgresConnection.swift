internal import CPostgres
import Glibc

/// A connection to a PostgreSQL server through libpq, which reads the URL (and the usual
/// `PG*` environment variables and `~/.pgpass` for what the URL leaves out).
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres
    let displayName: String
    private let connection: OpaquePointer

    /// Connects to the server `url` names.
    init(url: String, displayName: String) throws(StoreError) {
        self.displayName = displayName
        guard let handle = PQconnectdb(url) else {
            throw .cannotOpen(location: displayName, reason: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Self.message(PQerrorMessage(handle))
            PQfinish(handle)
            throw .cannotOpen(location: displayName, reason: reason)
        }
        connection = handle
        // The server's notices ("relation already exists, skipping") are not errors, and go to
        // stderr by default.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue], operation: String) throws(StoreError) -> [[SQLValue]] {
        let texts = parameters.map(\.text)
        let cStrings = texts.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let values = cStrings.map { UnsafePointer($0) }
        guard let result = PQexecParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0) else {
            throw .statementFailed(operation: operation, reason: Self.message(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK:
            return []
        case PGRES_TUPLES_OK:
            let rowCount = PQntuples(result), columnCount = PQnfields(result)
            return (0..<rowCount).map { row in
                (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) != 0 ? .null : .text(String(cString: PQgetvalue(result, row, column)))
                }
            }
        default:
            throw .statementFailed(operation: operation, reason: Self.message(PQresultErrorMessage(result)))
        }
    }

    /// libpq's message without its trailing newline.
    private static func message(_ text: UnsafePointer<CChar>?) -> String {
        var message = text.map { String(cString: $0) } ?? "unknown error"
        while message.last == "\n" { message.removeLast() }
        return message
    }
}
