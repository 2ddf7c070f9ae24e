internal import CElfUtils

/// xz streams through liblzma's stream decoder (`lzma_stream_decoder`), concatenated streams
/// and stream padding included, its memory use capped at ``memoryLimit``.
final class XZStreamDecoder: StreamDecoder {
    /// The most memory liblzma may use: `xz -9` needs 65 MiB to decompress; a header asking
    /// for more is refused rather than allocated.
    static let memoryLimit: UInt64 = 256 << 20

    /// `LZMA_CONCATENATED` (lzma/container.h), a `UINT32_C` macro Swift does not import:
    /// decode every stream of the file, as `xz -d` does, and report the end only at the end
    /// of the input.
    private static let concatenated: UInt32 = 0x08

    /// liblzma's state, at a fixed address for the stream's life.
    private let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
    private let output = UnsafeMutableRawPointer.allocate(byteCount: streamDecoderOutputCapacity, alignment: 16)
    private(set) var isAtEnd = false

    /// - Throws: ``StreamDecodeFailure`` when liblzma cannot set up its decoder.
    init() throws {
        // lzma_stream() is all zeros and null pointers: LZMA_STREAM_INIT.
        stream.initialize(to: lzma_stream())
        let result = lzma_stream_decoder(stream, Self.memoryLimit, Self.concatenated)
        guard result == LZMA_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            output.deallocate()
            throw StreamDecodeFailure(reason: "liblzma could not set up a decoder (\(Self.describe(result)))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, isLast: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_in = input.count
        let action = isLast ? LZMA_FINISH : LZMA_RUN
        while true {
            stream.pointee.next_out = output.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = streamDecoderOutputCapacity
            let result = lzma_code(stream, action)
            let produced = streamDecoderOutputCapacity - stream.pointee.avail_out
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: output, count: produced)) }
            switch result {
            case LZMA_OK:
                // More to do only while input is left or the output filled up.
                if stream.pointee.avail_in == 0 && produced < streamDecoderOutputCapacity && !isLast { return }
            case LZMA_STREAM_END:
                isAtEnd = true
                return
            case LZMA_BUF_ERROR:
                // No progress is possible: at the end of the file, a stream cut short.
                return
            default:
                throw StreamDecodeFailure(reason: Self.describe(result))
            }
        }
    }

    /// liblzma's result codes in words (it has no function for them).
    private static func describe(_ result: lzma_ret) -> String {
        switch result {
        case LZMA_MEM_ERROR: "out of memory"
        case LZMA_MEMLIMIT_ERROR: "the stream needs more than \(memoryLimit >> 20) MiB of memory to decompress"
        case LZMA_FORMAT_ERROR: "not an xz stream"
        case LZMA_OPTIONS_ERROR: "unsupported compression options"
        case LZMA_DATA_ERROR: "corrupt compressed data"
        case LZMA_UNSUPPORTED_CHECK: "unsupported integrity check"
        case LZMA_PROG_ERROR: "liblzma was called wrongly"
        default: "liblzma error \(result.rawValue)"
        }
    }
}
