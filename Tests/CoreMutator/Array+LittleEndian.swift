extension Array where Element == UInt8 {
    /// The little-endian unsigned integer of `width` bytes at `offset`; bytes past the end
    /// read as zero.
    public func integer(at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in 0..<width where offset + byte >= 0 && offset + byte < count {
            value |= UInt64(self[offset + byte]) << (8 * byte)
        }
        return value
    }

    /// Stores the low `width` bytes of `value` at `offset`, little-endian; bytes that would
    /// fall outside the array are dropped.
    public mutating func setInteger(_ value: UInt64, at offset: Int, width: Int) {
        for byte in 0..<width where offset + byte >= 0 && offset + byte < count {
            self[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte))
        }
    }

    /// Appends the low `width` bytes of `value`, little-endian.
    public mutating func appendInteger(_ value: UInt64, width: Int) {
        for byte in 0..<width {
            append(UInt8(truncatingIfNeeded: value >> (8 * byte)))
        }
    }

    /// Appends zeros up to a multiple of `alignment`.
    public mutating func pad(to alignment: Int) {
        while count % alignment != 0 { append(0) }
    }
}
