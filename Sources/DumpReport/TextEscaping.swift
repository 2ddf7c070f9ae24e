/// Makes text that came from a core (paths, the command line, symbol and thread names, source
/// files, assertion messages, diagnostics quoting any of them) safe to write where a person
/// reads it: a text report, a terminal, standard error, a page.
///
/// A core is input the tool does not control. A name holding a newline could forge a report
/// line, an escape sequence (`ESC [2J`) or a BEL could drive the terminal that shows the
/// report, and a bidirectional control could make the text around it display in another
/// order. Every such character is written visibly instead: `\n`, `\t`, `\r`, or `\u{1b}` with
/// the scalar's value in hex.
///
/// Outside quotes a backslash is kept as it is, so escaping twice changes nothing: a line
/// built from pieces that were already escaped can be escaped again as a whole. The cost is
/// that a name holding the six characters `\u{1b}` reads the same as one holding an ESC; the
/// JSON report keeps the exact text for anyone who needs to tell them apart.
public enum TextEscaping {
    /// `text` with every hidden character (``isHidden(_:)``) written visibly; `text` itself
    /// when it has none.
    public static func escaped(_ text: String) -> String {
        guard needsEscaping(text, quoting: false) else { return text }
        var buffer = TextBuffer(capacity: text.utf8.count + 16)
        appendEscaped(text, quoting: false, to: &buffer)
        return buffer.string
    }

    /// `text` in double quotes, hidden characters written visibly and `"` and `\` escaped
    /// with a backslash: a quoted name cannot end its quotes early or pass for another field
    /// (thread names, a capture's trigger).
    public static func quoted(_ text: String) -> String {
        var buffer = TextBuffer(capacity: text.utf8.count + 2)
        buffer.append("\"")
        appendEscaped(text, quoting: true, to: &buffer)
        buffer.append("\"")
        return buffer.string
    }

    /// Whether `scalar` must not be written as itself: the C0 controls (newline, carriage
    /// return, tab, backspace, BEL, ESC ...), DEL and the C1 controls, the line and paragraph
    /// separators, and the bidirectional controls (marks, embeddings, overrides, isolates).
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Appends `text` escaped as ``escaped(_:)`` does (or, with `quoting`, also `"` and `\`,
    /// without the quotes), for renderers that write into one buffer.
    static func appendEscaped(_ text: String, quoting: Bool = false, to buffer: inout TextBuffer) {
        guard needsEscaping(text, quoting: quoting) else {
            buffer.append(text)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": buffer.append("\\n")
            case "\t": buffer.append("\\t")
            case "\r": buffer.append("\\r")
            case "\"" where quoting: buffer.append("\\\"")
            case "\\" where quoting: buffer.append("\\\\")
            case _ where isHidden(scalar):
                buffer.append("\\u{")
                buffer.append(String(scalar.value, radix: 16))
                buffer.append("}")
            default:
                if let encoded = UTF8.encode(scalar) { buffer.append(utf8: encoded) }
            }
        }
    }

    /// Whether `text` has a byte that may be (part of) a hidden character, or with
    /// `quoting` a quote or backslash: printable ASCII text, the common case, is copied as is.
    static func needsEscaping(_ text: String, quoting: Bool) -> Bool {
        text.utf8.contains { byte in
            byte < 0x20 || byte >= 0x7F || (quoting && (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")))
        }
    }
}
