internal import CElfUtils

/// LZ4 frames through liblz4's frame API (`LZ4F_decompress`), as `lz4` and systemd-coredump
/// write them; concatenated frames included. The legacy format (`lz4 -l`) is not a frame and
/// is not recognised.
final class LZ4FrameDecoder: StreamDecoder {
    private let context: OpaquePointer
    private let output = UnsafeMutableRawPointer.allocate(byteCount: streamDecoderOutputCapacity, alignment: 16)
    /// `LZ4F_decompress`'s last hint: 0 once a frame is decoded and flushed.
    private var hint = 1
    /// Whether the last call filled the output: liblz4 may hold more without new input.
    private var outputWasFull = false

    var isAtEnd: Bool { hint == 0 && !outputWasFull }

    /// - Throws: ``StreamDecodeFailure`` when liblz4 cannot allocate its context.
    init() throws {
        var context: OpaquePointer?
        let result = LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))
        guard LZ4F_isError(result) == 0, let context else {
            output.deallocate()
            throw StreamDecodeFailure(reason: "lz4 could not allocate a context")
        }
        self.context = context
    }

    deinit {
        LZ4F_freeDecompressionContext(context)
        output.deallocate()
    }

    func decode(_ input: UnsafeRawBufferPointer, isLast: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var position = 0
        while position < input.count || outputWasFull {
            var produced = streamDecoderOutputCapacity
            var consumed = input.count - position
            let result = LZ4F_decompress(context, output, &produced, input.baseAddress.map { $0 + position }, &consumed, nil)
            if LZ4F_isError(result) != 0 {
                throw StreamDecodeFailure(reason: String(cString: LZ4F_getErrorName(result)))
            }
            hint = result
            position += consumed
            outputWasFull = produced == streamDecoderOutputCapacity
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: output, count: produced)) }
            if consumed == 0 && produced == 0 { break }
        }
    }
}
