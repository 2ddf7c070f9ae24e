extension Array where Element == UInt8 {
    /// The little-endian 64-bit word at `offset`, or nil when the bytes end before it does
    /// (registers and XSAVE areas as ptrace returns them).
    func littleEndianUInt64(at offset: Int) -> UInt64? {
        guard offset >= 0, count >= offset + 8 else { return nil }
        return self[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
