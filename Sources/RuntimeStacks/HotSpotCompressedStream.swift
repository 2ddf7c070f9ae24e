/// HotSpot's `CompressedReadStream` over a process's memory: UNSIGNED5 numbers (bytes below
/// 192 end a number, each further byte adds 6 bits), signed ones zigzag-coded.
struct HotSpotCompressedStream {
    let memory: HotSpotMemory
    var position: UInt64

    /// The next byte.
    mutating func byte() throws(HotSpotReadError) -> UInt64 {
        let value = try memory.word("a compressed stream", at: position, size: 1)
        position &+= 1
        return value
    }

    /// The next UNSIGNED5 number (at most five bytes).
    mutating func unsignedInt() throws(HotSpotReadError) -> UInt64 {
        let lowLimit: UInt64 = 192
        var sum = try byte()
        guard sum >= lowLimit else { return sum }
        var shift: UInt64 = 6
        for _ in 1..<5 {
            let next = try byte()
            sum &+= next << shift
            if next < lowLimit { break }
            shift += 6
        }
        return sum & 0xffff_ffff
    }

    /// The next signed number: `(n >> 1) ^ -(n & 1)` of an UNSIGNED5 number.
    mutating func signedInt() throws(HotSpotReadError) -> Int64 {
        let value = try unsignedInt()
        return Int64(Int32(truncatingIfNeeded: (value >> 1) ^ (0 &- (value & 1))))
    }
}
