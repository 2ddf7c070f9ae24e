/// A growing UTF-8 byte buffer for renderers that write hundreds of thousands of lines:
/// appending bytes and formatting numbers in place is several times faster than building
/// Swift strings piece by piece.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Appends a string's UTF-8 bytes.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends UTF-8 bytes.
    mutating func append<Bytes: Collection>(utf8 slice: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: slice)
    }

    /// Appends a literal.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends a non-negative number in decimal.
    mutating func appendDecimal(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDigits(UInt64(value.magnitude), radix: 10, minimumWidth: 1)
        } else {
            appendDigits(UInt64(value), radix: 10, minimumWidth: 1)
        }
    }

    /// Appends `0x` and the value in lower-case hex, zero-padded to `minimumWidth` digits.
    mutating func appendHex(_ value: UInt64, minimumWidth: Int = 1) {
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        appendDigits(value, radix: 16, minimumWidth: minimumWidth)
    }

    private mutating func appendDigits(_ value: UInt64, radix: UInt64, minimumWidth: Int) {
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
        withUnsafeMutableBytes(of: &digits) { scratch in
            var remaining = value
            var position = 32
            repeat {
                position -= 1
                scratch[position] = Self.digitCharacters[Int(remaining % radix)]
                remaining /= radix
            } while remaining > 0
            while 32 - position < minimumWidth && position > 0 {
                position -= 1
                scratch[position] = UInt8(ascii: "0")
            }
            bytes.append(contentsOf: scratch[position...])
        }
    }

    private static let digitCharacters: [UInt8] = Array("0123456789abcdef".utf8)

    /// The text as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }
}
