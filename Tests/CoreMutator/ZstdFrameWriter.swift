/// Writes zstd frames by hand (RFC 8878) from raw and RLE blocks, so that every header field
/// can be made wrong: the declared content size, the window size, the last-block flag, the
/// checksum. Raw blocks need no compressor, and RLE blocks make gigabytes out of kilobytes.
enum ZstdFrameWriter {
    static let magic: [UInt8] = [0x28, 0xb5, 0x2f, 0xfd]
    static let maximumBlockSize = 1 << 17

    /// How a frame is written; the defaults make a valid frame.
    struct Options {
        /// `Frame_Content_Size` to declare; nil declares none.
        var declaredSize: UInt64?
        /// log2 of the window (10 ... 41; the decoder refuses above 27 by default).
        var windowLog = 17
        /// Zero bytes after the content, as RLE blocks of 128 KiB.
        var zeroTail: UInt64 = 0
        /// Whether the last block says it is the last; a frame without one never ends.
        var marksLastBlock = true
        /// A 4-byte content checksum to append (the flag is set); nil for none.
        var checksum: [UInt8]?
        /// A block header to put first, for block types and sizes the format forbids.
        var leadingBlockHeader: UInt32?
    }

    static func frame(_ content: [UInt8], options: Options = Options()) -> [UInt8] {
        var bytes = magic
        var descriptor: UInt8 = options.declaredSize == nil ? 0 : 3 << 6
        if options.checksum != nil { descriptor |= 1 << 2 }
        bytes.append(descriptor)
        bytes.append(UInt8((options.windowLog - 10) << 3))
        if let size = options.declaredSize { bytes.appendInteger(size, width: 8) }
        if let header = options.leadingBlockHeader { bytes.appendInteger(UInt64(header), width: 3) }
        let blockCount = (content.count + maximumBlockSize - 1) / maximumBlockSize
        let zeroBlocks = (options.zeroTail + UInt64(maximumBlockSize) - 1) / UInt64(maximumBlockSize)
        for block in 0..<blockCount {
            let start = block * maximumBlockSize
            let end = min(content.count, start + maximumBlockSize)
            let last = options.marksLastBlock && zeroBlocks == 0 && block == blockCount - 1
            bytes.appendInteger(UInt64((end - start) << 3 | (last ? 1 : 0)), width: 3)
            bytes += content[start..<end]
        }
        var remaining = options.zeroTail
        while remaining > 0 {
            let size = min(remaining, UInt64(maximumBlockSize))
            remaining -= size
            let last = options.marksLastBlock && remaining == 0
            bytes.appendInteger(size << 3 | 1 << 1 | (last ? 1 : 0), width: 3)
            bytes.append(0)
        }
        if blockCount == 0 && zeroBlocks == 0 && options.marksLastBlock {
            bytes.appendInteger(1, width: 3)  // an empty last raw block
        }
        if let checksum = options.checksum { bytes += checksum }
        return bytes
    }

    /// A skippable frame (magic `0x184D2A5?`) whose size field says `declaredSize`.
    static func skippableFrame(payload: [UInt8], declaredSize: UInt32? = nil) -> [UInt8] {
        var bytes: [UInt8] = [0x50, 0x2a, 0x4d, 0x18]
        bytes.appendInteger(UInt64(declaredSize ?? UInt32(payload.count)), width: 4)
        return bytes + payload
    }
}
