/// The recursive-descent reader behind ``JSONValue/parse(_:maximumDepth:)``.
struct JSONParser {
    private let bytes: [UInt8]
    private let maximumDepth: Int
    /// The top-level object's members that are built; nil for all. The others are read (the
    /// document must still be JSON) and dropped as they are read: a report's threads, stacks
    /// and memory are most of its size, and triage reads none of them.
    private let keptMembers: Set<String>?
    private var offset = 0
    private var depth = 0

    init(bytes: [UInt8], maximumDepth: Int, keptMembers: Set<String>?) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.keptMembers = keptMembers
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(building: true)
        skipWhitespace()
        guard offset == bytes.count else { throw failure("text after the document") }
        return value
    }

    private func failure(_ reason: String) -> JSONParseError { JSONParseError(reason: reason, offset: offset) }

    private mutating func skipWhitespace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    /// The value at `offset`; `.null` for any value when not `building`.
    private mutating func parseValue(building: Bool) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseContainer(closing: UInt8(ascii: "}"), building: building)
        case UInt8(ascii: "["): return try parseContainer(closing: UInt8(ascii: "]"), building: building)
        case UInt8(ascii: "\""):
            let text = try parseString(building: building)
            return building ? .string(text) : .null
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        default: return try parseNumber()
        }
    }

    private mutating func expectWord(_ word: String) throws(JSONParseError) {
        let expected = Array(word.utf8)
        guard bytes.count - offset >= expected.count, Array(bytes[offset..<offset + expected.count]) == expected else {
            throw failure("expected \(word)")
        }
        offset += expected.count
    }

    /// An object (`closing` is `}`) or an array (`]`), the opening byte at `offset`.
    private mutating func parseContainer(closing: UInt8, building: Bool) throws(JSONParseError) -> JSONValue {
        depth += 1
        guard depth <= maximumDepth else { throw failure("nested deeper than \(maximumDepth)") }
        defer { depth -= 1 }
        offset += 1
        var members: [(String, JSONValue)] = []
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == closing {
            offset += 1
            return closing == UInt8(ascii: "}") ? .object([]) : .array([])
        }
        while true {
            if closing == UInt8(ascii: "}") {
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                let key = try parseString(building: building)
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                offset += 1
                let keeping = building && (depth > 1 || keptMembers?.contains(key) ?? true)
                let value = try parseValue(building: keeping)
                if keeping { members.append((key, value)) }
            } else {
                let value = try parseValue(building: building)
                if building { elements.append(value) }
            }
            skipWhitespace()
            guard offset < bytes.count else { throw failure("unexpected end") }
            if bytes[offset] == closing {
                offset += 1
                return closing == UInt8(ascii: "}") ? .object(members) : .array(elements)
            }
            guard bytes[offset] == UInt8(ascii: ",") else { throw failure("expected ',' or the container's end") }
            offset += 1
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = offset
        while offset < bytes.count, Self.isNumberByte(bytes[offset]) { offset += 1 }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard !text.isEmpty, Double(text) != nil else {
            offset = start
            throw failure("expected a value")
        }
        return .number(text)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(byte)
    }

    /// A string, the opening quote at `offset`; escapes decoded, a lone surrogate replaced by
    /// U+FFFD. Empty when not `building` (only checked).
    private mutating func parseString(building: Bool) throws(JSONParseError) -> String {
        offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        func flushRun(_ parser: JSONParser, to end: Int) {
            guard building else { return }
            scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                flushRun(self, to: offset)
                offset += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("control character in a string") }
            if byte != UInt8(ascii: "\\") {
                offset += 1
                continue
            }
            flushRun(self, to: offset)
            offset += 1
            guard offset < bytes.count else { break }
            let escape = bytes[offset]
            offset += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                if building { scalars.append(scalar) }
            default: throw failure("unknown escape")
            }
            runStart = offset
        }
        throw failure("unterminated string")
    }

    /// The scalar of a `\uXXXX` escape (the `u` consumed), joining a surrogate pair.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try parseHexQuad()
        if (0xD800..<0xDC00).contains(first), bytes.count - offset >= 6,
           bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
            let saved = offset
            offset += 2
            let second = try parseHexQuad()
            if (0xDC00..<0xE000).contains(second) {
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
            }
            offset = saved
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func parseHexQuad() throws(JSONParseError) -> UInt32 {
        guard bytes.count - offset >= 4,
              let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16) else {
            throw failure("bad \\u escape")
        }
        offset += 4
        return value
    }
}
