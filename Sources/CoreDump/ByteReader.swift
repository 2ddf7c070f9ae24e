/// Bounds-checked little-endian reads from a span of a core file. Every read returns nil
/// instead of trapping when it would leave the span, because core files are hostile input.
struct ByteReader {
    /// The bytes read from.
    let bytes: UnsafeRawBufferPointer

    /// The number of bytes in the span.
    var count: Int { bytes.count }

    /// A reader over `count` bytes starting at `offset`, or nil when that leaves the span.
    func slice(at offset: Int, count: Int) -> ByteReader? {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            return nil
        }
        return ByteReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
    }

    func uint8(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }

    func uint16(at offset: Int) -> UInt16? { integer(at: offset) }
    func uint32(at offset: Int) -> UInt32? { integer(at: offset) }
    func uint64(at offset: Int) -> UInt64? { integer(at: offset) }
    func int32(at offset: Int) -> Int32? { uint32(at: offset).map { Int32(bitPattern: $0) } }

    /// A signed 16-bit value, sign-extended.
    func int16(at offset: Int) -> Int16? { uint16(at: offset).map { Int16(bitPattern: $0) } }

    /// A pointer-sized unsigned value: 4 bytes for 32-bit cores, 8 for 64-bit ones.
    func word(at offset: Int, size: Int) -> UInt64? {
        size == 4 ? uint32(at: offset).map(UInt64.init) : uint64(at: offset)
    }

    /// A pointer-sized signed value, sign-extended to 64 bits.
    func signedWord(at offset: Int, size: Int) -> Int64? {
        size == 4 ? int32(at: offset).map(Int64.init) : uint64(at: offset).map { Int64(bitPattern: $0) }
    }

    /// The bytes up to the first NUL (or `maxLength`) decoded as UTF-8, invalid sequences
    /// repaired, or nil when `offset` is outside the span.
    func cString(at offset: Int, maxLength: Int) -> String? {
        cStringWithByteCount(at: offset, maxLength: maxLength)?.string
    }

    /// ``cString(at:maxLength:)`` and how many bytes it was decoded from, which is where the
    /// next string of a list starts: repairing invalid sequences changes the UTF-8 length.
    func cStringWithByteCount(at offset: Int, maxLength: Int) -> (string: String, byteCount: Int)? {
        cStringByteCount(at: offset, maxLength: maxLength).map {
            (String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + $0)]), as: UTF8.self), $0)
        }
    }

    /// How many bytes precede the first NUL at `offset` (at most `maxLength`, and at most the
    /// span's end), or nil when `offset` is outside the span.
    private func cStringByteCount(at offset: Int, maxLength: Int) -> Int? {
        guard offset >= 0, offset <= bytes.count else { return nil }
        let end = offset + min(bytes.count - offset, max(0, maxLength))
        var stop = offset
        while stop < end && bytes[stop] != 0 { stop += 1 }
        return stop - offset
    }

    private func integer<T: FixedWidthInteger>(at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count - size else { return nil }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
