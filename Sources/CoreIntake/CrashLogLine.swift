/// The one line `analyze-dump handle` logs per crash, as `key=value` pairs separated by spaces,
/// in a fixed order (docs/pipeline.md):
///
/// `exe=nginx pid=1234 signal=SIGSEGV signature=crash/0123456789abcdef finding="Null pointer
/// dereference" stored=/var/lib/analyze-dump/spool/core.nginx.0....zst`
///
/// A value holding a space, a quote or a backslash is quoted; control characters and bytes
/// outside printable ASCII are written as `\xNN`, so a hostile command name cannot forge
/// fields or lines.
public struct CrashLogLine: Equatable, Sendable {
    public var fields: [(key: String, value: String)]

    public init(_ fields: [(key: String, value: String)]) {
        self.fields = fields
    }

    public static func == (lhs: CrashLogLine, rhs: CrashLogLine) -> Bool {
        lhs.fields.map(\.key) == rhs.fields.map(\.key) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    /// The line.
    public var text: String {
        fields.map { "\($0.key)=\(Self.escaped($0.value))" }.joined(separator: " ")
    }

    /// `value` escaped as described above; an empty value is `""`.
    public static func escaped(_ value: String) -> String {
        var text = ""
        var needsQuotes = value.isEmpty
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                needsQuotes = true
                text += "\\" + String(UnicodeScalar(byte))
            case UInt8(ascii: " "):
                needsQuotes = true
                text += " "
            case 0x21...0x7E:
                text.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return needsQuotes ? "\"" + text + "\"" : text
    }
}
