/// A JSON document read by ``JSONValue/parse(_:maximumDepth:)``: just enough of RFC 8259 to
/// read the summary fields of a report a child wrote. The report is a child's output, and a
/// core can make it say anything its strings hold, so the parser is bounded: nesting deeper
/// than `maximumDepth` is refused, numbers are kept as their text, and every error is a value.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as it was written (`12`, `-1.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// An object's members in document order (a repeated key keeps its first value for
    /// ``subscript(_:)``).
    case object([(String, JSONValue)])

    /// The member `key` of an object, nil for anything else or a missing key.
    public subscript(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The string, nil for anything else.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number as an integer, nil when it is not a number or not an integer in range.
    public var integer: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    /// The array's elements, nil for anything else.
    public var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Whether this is JSON's `null`.
    public var isNull: Bool { self == .null }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// Parses `text` as one JSON value with nothing but whitespace after it.
    /// - Throws: ``JSONParseError`` with the byte offset where the text stops being JSON.
    public static func parse(_ text: String, maximumDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    /// Parses UTF-8 `bytes` as one JSON value with nothing but whitespace after it.
    /// - Parameter keptMembers: when the document is an object, the members to build; the
    ///   others are checked and dropped as they are read, so that memory follows what is kept,
    ///   not the document's size. nil keeps every member.
    /// - Throws: ``JSONParseError`` with the byte offset where the bytes stop being JSON.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = 64, keptMembers: Set<String>? = nil) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, keptMembers: keptMembers)
        return try parser.parseDocument()
    }
}

/// Why a text is not a JSON document ``JSONValue/parse(_:maximumDepth:)`` accepts.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var reason: String
    /// The byte offset it was found at.
    public var offset: Int

    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
