/// Read access to the process memory a core holds. Every read is bounds-checked: it returns
/// nil when the core does not hold all of the requested bytes.
public protocol ProcessMemory: AnyObject {
    /// A little-endian word of `size` bytes (1, 2, 4 or 8) at `address`.
    func readWord(at address: UInt64, size: Int) -> UInt64?
    /// `count` bytes at `address`.
    func read(at address: UInt64, count: Int) -> [UInt8]?
}

extension ProcessMemory {
    /// A signed 32-bit value at `address`.
    public func readInt32(at address: UInt64) -> Int32? {
        readWord(at: address, size: 4).map { Int32(truncatingIfNeeded: $0) }
    }

    /// A NUL-terminated string of at most `maxLength` bytes at `address`, decoded as UTF-8
    /// with invalid bytes repaired. Reads stop at the end of the memory the core holds.
    public func readCString(at address: UInt64, maxLength: Int = 4096) -> String? {
        var bytes: [UInt8] = []
        var position = address
        let chunk = 256
        while bytes.count < maxLength {
            let wanted = min(chunk, maxLength - bytes.count)
            // Near the end of a segment fewer bytes are readable: fall back to byte reads.
            guard let piece = read(at: position, count: wanted) ?? read(at: position, count: 1) else { break }
            if let end = piece.firstIndex(of: 0) {
                bytes += piece[..<end]
                return String(decoding: bytes, as: UTF8.self)
            }
            bytes += piece
            position &+= UInt64(piece.count)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
