/// A value bound to a statement or read from a row: the only types the schema uses.
enum SQLValue: Equatable {
    case null
    case integer(Int64)
    case text(String)

    /// The value as an integer: PostgreSQL returns every column as text.
    var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .text(let text): Int64(text)
        case .null: nil
        }
    }

    /// The value as text, nil for NULL.
    var text: String? {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .null: nil
        }
    }

    /// `.text(value)` or `.null`.
    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }

    /// `.integer(value)` or `.null`.
    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.integer) ?? .null }
}
