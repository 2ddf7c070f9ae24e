/// Writes a JSON document in one pass into a byte buffer, keys in the order they are written:
/// the report has hundreds of thousands of frames on a large core, and a fixed key order keeps
/// the output diffable. Strings are escaped as RFC 8259 requires; everything else a caller
/// writes is a number, a boolean or null.
package struct JSONWriter {
    private var text: TextBuffer
    /// For each open container, whether it already has an element (a comma comes next).
    private var hasElement: [Bool] = []

    package init(capacity: Int) { text = TextBuffer(capacity: capacity) }

    /// The document.
    package var string: String { text.string }

    /// `{`, as a value.
    package mutating func beginObject() {
        separate()
        text.append("{")
        hasElement.append(false)
    }

    /// `}`.
    package mutating func endObject() {
        hasElement.removeLast()
        text.append("}")
    }

    /// `[`, as a value.
    package mutating func beginArray() {
        separate()
        text.append("[")
        hasElement.append(false)
    }

    /// `]`.
    package mutating func endArray() {
        hasElement.removeLast()
        text.append("]")
    }

    /// `"name":`, before the member's value.
    package mutating func key(_ name: StaticString) {
        separate()
        text.append("\"")
        text.append(name)
        text.append("\":")
        pendingMember = true
    }

    /// Set between a key and its value: the value takes no comma.
    private var pendingMember = false

    /// A string value, escaped: `"` and `\`, and every control character, line separator and
    /// bidirectional control (``TextEscaping/isHidden(_:)``) as a JSON escape, so that the
    /// document shown on a terminal cannot drive it and parses to the exact text.
    package mutating func string(_ value: String) {
        separate()
        text.append("\"")
        if TextEscaping.needsEscaping(value, quoting: true) {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text.append("\\\"")
                case "\\": text.append("\\\\")
                case "\n": text.append("\\n")
                case "\r": text.append("\\r")
                case "\t": text.append("\\t")
                case _ where TextEscaping.isHidden(scalar):
                    let digits = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - digits.count) + digits)
                default:
                    if let encoded = UTF8.encode(scalar) { text.append(utf8: encoded) }
                }
            }
        } else {
            text.append(value)
        }
        text.append("\"")
    }

    /// An address as a `"0x…"` string: JSON numbers lose precision above 2^53.
    package mutating func address(_ value: UInt64) {
        separate()
        text.append("\"")
        text.appendHex(value)
        text.append("\"")
    }

    /// An integer value.
    package mutating func number(_ value: Int) {
        separate()
        text.appendDecimal(value)
    }

    /// An unsigned integer value (CPU microseconds, sizes).
    package mutating func number(_ value: UInt64) {
        separate()
        text.append(String(value))
    }

    /// A fraction, with up to four decimals.
    package mutating func number(_ value: Double) {
        separate()
        let scaled = (value * 10_000).rounded()
        text.append(scaled.isFinite ? String(scaled / 10_000) : "0")
    }

    /// A value that is already a JSON document, written as it is: the caller has checked that
    /// it parses (a stored report embedded in triage's output).
    package mutating func serialized(_ json: String) {
        separate()
        text.append(json)
    }

    /// `true` or `false`.
    package mutating func bool(_ value: Bool) {
        separate()
        text.append(value ? "true" : "false")
    }

    /// `null`.
    package mutating func null() {
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
