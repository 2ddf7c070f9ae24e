internal import CCoreIntake
import Glibc

/// Compresses a stream into an open file with libzstd's streaming compressor, in fixed-size
/// buffers: memory use does not grow with the core (the compressor's window at level 3 is a
/// few MiB). The frame carries a content checksum, as systemd-coredump's do.
final class ZstdFileWriter {
    private let descriptor: Int32
    private let stream: OpaquePointer
    private let output: UnsafeMutableRawBufferPointer
    /// The compressed bytes written so far.
    private(set) var compressedSize: UInt64 = 0

    /// - Parameters:
    ///   - descriptor: the file to write, open for writing; the caller closes it.
    ///   - level: the zstd level (3 is zstd's default and systemd-coredump's).
    init(descriptor: Int32, level: Int32 = 3) throws(IntakeError) {
        guard let stream = ZSTD_createCCtx() else { throw .compressionFailed(reason: "zstd could not allocate a context") }
        self.descriptor = descriptor
        self.stream = stream
        output = UnsafeMutableRawBufferPointer.allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
        ZSTD_CCtx_setParameter(stream, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(stream, ZSTD_c_checksumFlag, 1)
    }

    deinit {
        ZSTD_freeCCtx(stream)
        output.deallocate()
    }

    /// Compresses `bytes` and writes what the compressor has ready.
    func write(_ bytes: UnsafeRawBufferPointer) throws(IntakeError) {
        guard bytes.count > 0 else { return }
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        while input.pos < input.size {
            try step(&input, ZSTD_e_continue)
        }
    }

    /// Compresses `bytes`; see ``write(_:)-(UnsafeRawBufferPointer)``.
    func write(_ bytes: [UInt8]) throws(IntakeError) {
        let failure = bytes.withUnsafeBytes { buffer -> IntakeError? in
            do throws(IntakeError) {
                try write(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// Ends the frame and writes the rest.
    func finish() throws(IntakeError) {
        var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
        while try step(&input, ZSTD_e_end) != 0 {}
    }

    /// One call of `ZSTD_compressStream2`, its output written. Returns what it returns: for
    /// `ZSTD_e_end`, the bytes still to flush.
    @discardableResult
    private func step(_ input: inout ZSTD_inBuffer, _ directive: ZSTD_EndDirective) throws(IntakeError) -> Int {
        var buffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let remaining = ZSTD_compressStream2(stream, &buffer, &input, directive)
        if ZSTD_isError(remaining) != 0 {
            throw .compressionFailed(reason: String(cString: ZSTD_getErrorName(remaining)))
        }
        let code = SystemCall.writeAll(descriptor, UnsafeRawBufferPointer(start: output.baseAddress, count: buffer.pos))
        if code != 0 { throw .spoolFailure(operation: "writing the compressed core", errno: code) }
        compressedSize += UInt64(buffer.pos)
        return remaining
    }
}
