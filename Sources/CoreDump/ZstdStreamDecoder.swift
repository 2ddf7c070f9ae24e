internal import CElfUtils

/// zstd frames through libzstd's streaming API (`ZSTD_decompressStream`), concatenated frames
/// and skippable frames included.
final class ZstdStreamDecoder: StreamDecoder {
    private let stream: OpaquePointer
    private let output = UnsafeMutableRawPointer.allocate(byteCount: streamDecoderOutputCapacity, alignment: 16)
    /// `ZSTD_decompressStream`'s last hint: 0 once a frame is decoded and flushed.
    private var hint = 1
    /// Whether the last call filled the output: libzstd may hold more without new input.
    private var outputWasFull = false

    var isAtEnd: Bool { hint == 0 && !outputWasFull }

    /// - Throws: ``StreamDecodeFailure`` when libzstd cannot allocate its state.
    init() throws {
        guard let stream = ZSTD_createDStream() else {
            output.deallocate()
            throw StreamDecodeFailure(reason: "zstd could not allocate a stream")
        }
        self.stream = stream
        ZSTD_initDStream(stream)
    }

    deinit {
        ZSTD_freeDStream(stream)
        output.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, isLast: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        // Calling with no input past the end of a frame would ask for the next frame's
        // header, so a file ending on a frame boundary is not called again.
        while inBuffer.pos < inBuffer.size || outputWasFull {
            let consumedBefore = inBuffer.pos
            var outBuffer = ZSTD_outBuffer(dst: output, size: streamDecoderOutputCapacity, pos: 0)
            let result = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            if ZSTD_isError(result) != 0 {
                throw StreamDecodeFailure(reason: String(cString: ZSTD_getErrorName(result)))
            }
            hint = result
            outputWasFull = outBuffer.pos == streamDecoderOutputCapacity
            if outBuffer.pos > 0 { try emit(UnsafeRawBufferPointer(start: output, count: outBuffer.pos)) }
            if inBuffer.pos == consumedBefore && outBuffer.pos == 0 { break }
        }
    }
}
