/// Little-endian bytes appended at explicit sizes, for ELF headers and notes.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { append(value) }
    mutating func u32(_ value: UInt32) { append(value) }
    mutating func i32(_ value: Int32) { append(UInt32(bitPattern: value)) }
    mutating func u64(_ value: UInt64) { append(value) }
    mutating func i64(_ value: Int64) { append(UInt64(bitPattern: value)) }
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// A string in a fixed-size field: cut to `size - 1` bytes and NUL-padded.
    mutating func fixedString(_ utf8: [UInt8], size: Int) {
        let kept = utf8.prefix(size - 1)
        bytes.append(contentsOf: kept)
        zeros(size - kept.count)
    }

    /// Zeros up to the next multiple of `alignment`.
    mutating func pad(to alignment: Int) {
        zeros((alignment - bytes.count % alignment) % alignment)
    }

    private mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
