/// Writes a JSON document in one pass into a byte buffer, keys in the order they are written:
/// the report has hundreds of thousands of frames on a large core, and a fixed key order keeps
/// the output diffable. Strings are escaped as RFC 8259 requires; everything else a caller
/// writes is a number, a boolean or null.
struct JSONWriter {
    private var text: TextBuffer
    /// For each open container, whether it already has an element (a comma comes next).
    private var hasElement: [Bool] = []

    init(capacity: Int) { text = TextBuffer(capacity: capacity) }

    /// The document.
    var string: String { text.string }

    /// `{`, as a value.
    mutating func beginObject() {
        separate()
        text.append("{")
        hasElement.append(false)
    }

    /// `}`.
    mutating func endObject() {
        hasElement.removeLast()
        text.append("}")
    }

    /// `[`, as a value.
    mutating func beginArray() {
        separate()
        text.append("[")
        hasElement.append(false)
    }

    /// `]`.
    mutating func endArray() {
        hasElement.removeLast()
        text.append("]")
    }

    /// `"name":`, before the member's value.
    mutating func key(_ name: StaticString) {
        separate()
        text.append("\"")
        text.append(name)
        text.append("\":")
        pendingMember = true
    }

    /// Set between a key and its value: the value takes no comma.
    private var pendingMember = false

    /// A string value, escaped.
    mutating func string(_ value: String) {
        separate()
        text.append("\"")
        var escaped = value
        escaped.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if start < index { text.append(utf8: bytes[start..<index]) }
                switch byte {
                case UInt8(ascii: "\""): text.append("\\\"")
                case UInt8(ascii: "\\"): text.append("\\\\")
                case 0x0a: text.append("\\n")
                case 0x0d: text.append("\\r")
                case 0x09: text.append("\\t")
                default:
                    text.append("\\u00")
                    text.append(byte < 0x10 ? "0" : "1")
                    text.append(String(byte & 0xf, radix: 16))
                }
                start = index + 1
            }
            if start < bytes.count { text.append(utf8: bytes[start...]) }
        }
        text.append("\"")
    }

    /// An address as a `"0x…"` string: JSON numbers lose precision above 2^53.
    mutating func address(_ value: UInt64) {
        separate()
        text.append("\"")
        text.appendHex(value)
        text.append("\"")
    }

    /// An integer value.
    mutating func number(_ value: Int) {
        separate()
        text.appendDecimal(value)
    }

    /// An unsigned integer value (CPU microseconds, sizes).
    mutating func number(_ value: UInt64) {
        separate()
        text.append(String(value))
    }

    /// A fraction, with up to four decimals.
    mutating func number(_ value: Double) {
        separate()
        let scaled = (value * 10_000).rounded()
        text.append(scaled.isFinite ? String(scaled / 10_000) : "0")
    }

    /// `true` or `false`.
    mutating func bool(_ value: Bool) {
        separate()
        text.append(value ? "true" : "false")
    }

    /// `null`.
    mutating func null() {
        separate()
        text.append("null")
    }

    /// A comma before every element of a container but the first; nothing after a key.
    private mutating func separate() {
        if pendingMember {
            pendingMember = false
            return
        }
        guard !hasElement.isEmpty else { return }
        if hasElement[hasElement.count - 1] { text.append(",") }
        hasElement[hasElement.count - 1] = true
    }
}
