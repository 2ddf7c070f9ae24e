/// A streaming decoder of one ``CompressionFormat``, fed the compressed file chunk by chunk
/// (``CoreDecompressor``): the C library's state behind a small interface, one class per format.
protocol StreamDecoder: AnyObject {
    /// Decodes `input`, passing each piece of output to `emit` as it comes; `isLast` when the
    /// file ends after it (`input` may then be empty).
    ///
    /// - Throws: ``StreamDecodeFailure`` when the data is not valid in the format; whatever
    ///   `emit` throws.
    func decode(_ input: UnsafeRawBufferPointer, isLast: Bool, emit: (UnsafeRawBufferPointer) throws -> Void) throws

    /// Whether the input decoded so far ends where a frame or stream ends: false for a file
    /// cut short.
    var isAtEnd: Bool { get }
}

/// Data a ``StreamDecoder`` cannot decode, with the library's words for why.
struct StreamDecodeFailure: Error {
    var reason: String
}

/// The size of the output buffer each decoder fills before passing it on.
let streamDecoderOutputCapacity = 1 << 18
