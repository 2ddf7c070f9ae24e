/// Mutations of the zstd container the reader accepts: the fixture's `core.zst` cut short or
/// corrupted, frames concatenated with other frames and garbage, hand-written frames whose
/// headers lie, and small frames that expand to gigabytes of zeros.
enum ZstdMutations {
    /// The zstd stream to write.
    static func apply(_ kind: MutationKind, seed: UInt64, to context: inout MutationContext) -> [UInt8] {
        let compressed = context.source.compressed
        let plain = context.editor.bytes
        switch kind {
        case .zstdTruncate:
            let cuts = [0, 1, 3, 4, 5, 6, 9, 12, compressed.count / 2, compressed.count - 4, compressed.count - 1, context.random.index(compressed.count)]
            let length = context.random.pick(cuts)
            context.say("core.zst cut to \(length) of \(compressed.count) bytes")
            return Array(compressed.prefix(length))
        case .zstdCorrupt:
            var bytes = compressed
            let flips = 1 + context.random.index(16)
            let start = context.random.chance(1, in: 4) ? 4 : 0
            for _ in 0..<flips {
                bytes[start + context.random.index(min(bytes.count - start, context.random.chance(1, in: 2) ? 64 : bytes.count))] = UInt8(truncatingIfNeeded: context.random.next())
            }
            context.say("\(flips) bytes of core.zst set at random")
            return bytes
        case .zstdConcatenate:
            let garbage = (0..<context.random.pick([1, 7, 100, 4096])).map { _ in UInt8(truncatingIfNeeded: context.random.next()) }
            let variants: [(String, [UInt8])] = [
                ("core.zst twice", compressed + compressed),
                ("a skippable frame, then core.zst", ZstdFrameWriter.skippableFrame(payload: garbage) + compressed),
                ("core.zst, then \(garbage.count) garbage bytes", compressed + garbage),
                ("core.zst, then half of it again", compressed + compressed.prefix(compressed.count / 2)),
                ("an empty frame, then core.zst", ZstdFrameWriter.frame([]) + compressed),
                ("core.zst, then a skippable frame claiming 4 GiB", compressed + ZstdFrameWriter.skippableFrame(payload: garbage, declaredSize: .max)),
                ("core.zst, then a raw frame of garbage", compressed + ZstdFrameWriter.frame(garbage)),
            ]
            let (name, bytes) = context.random.pick(variants)
            context.say(name)
            return bytes
        case .zstdFrameHeader:
            var options = ZstdFrameWriter.Options(declaredSize: UInt64(plain.count))
            let variant = context.random.index(7)
            switch variant {
            case 0: options.declaredSize = UInt64(plain.count) - 1
            case 1: options.declaredSize = UInt64(plain.count) + 4096
            case 2: options.declaredSize = context.random.pick([0, .max, 1 << 40])
            case 3: options.windowLog = context.random.pick([28, 31, 41])
            case 4: options.marksLastBlock = false
            case 5: options.checksum = [0xde, 0xad, 0xbe, 0xef]
            default: options.leadingBlockHeader = context.random.pick([3 << 1, UInt32(ZstdFrameWriter.maximumBlockSize + 1) << 3, 0xff_ffff])
            }
            context.say("raw-block frame of the core: " + ["content size 1 short", "content size 4096 long", "content size \(options.declaredSize ?? 0)", "window 2^\(options.windowLog)", "no last block", "wrong checksum", "a forbidden block header first"][variant])
            return ZstdFrameWriter.frame(plain, options: options)
        default:
            // The size follows the seed, so the test's few seeds stay small.
            let mebibytes = ([256, 1024, 4096] as [UInt64])[Int(seed % 3)]
            let declared = context.random.chance(1, in: 2)
            context.say("raw-block frame of the core followed by \(mebibytes) MiB of zeros in RLE blocks\(declared ? ", size declared" : "")")
            return ZstdFrameWriter.frame(plain, options: .init(
                declaredSize: declared ? UInt64(plain.count) + mebibytes << 20 : nil, zeroTail: mebibytes << 20))
        }
    }
}
