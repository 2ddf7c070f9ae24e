internal import CElfUtils
import Glibc

/// Decompresses a zstd-compressed core (as systemd-coredump stores them) into a private,
/// already-unlinked temporary file, so that the reader can read it like any other core and
/// nothing is left behind. Runs of zeros are left as holes (``SparseWriter``), which keeps the
/// sparse stack segments of a large core sparse on disk.
enum ZstdDecompressor {
    /// The four bytes every zstd frame starts with.
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// Decompresses the whole of `input` into a new temporary file.
    ///
    /// - Parameters:
    ///   - input: a descriptor open for reading at offset 0.
    ///   - path: the compressed file's path, for error messages.
    /// - Returns: a descriptor of the decompressed file, open for reading; the caller closes it.
    /// - Throws: ``CoreDumpError/decompressionFailed(path:reason:)`` when the data is not valid
    ///   zstd, ends in the middle of a frame, or the temporary directory has no room.
    static func decompressToTemporaryFile(input: Int32, path: String) throws -> Int32 {
        let output = try makeTemporaryFile(path: path)
        do {
            try decompress(input: input, output: output, path: path)
            return output
        } catch {
            close(output)
            throw error
        }
    }

    private static func makeTemporaryFile(path: String) throws -> Int32 {
        do {
            return try SparseWriter.makeTemporaryFile()
        } catch {
            throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
        }
    }

    private static func decompress(input: Int32, output: Int32, path: String) throws {
        guard let stream = ZSTD_createDStream() else {
            throw CoreDumpError.decompressionFailed(path: path, reason: "zstd could not allocate a stream")
        }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)

        let inputCapacity = ZSTD_DStreamInSize()
        let outputCapacity = ZSTD_DStreamOutSize()
        let inputBuffer = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity, alignment: 16)
        let outputBuffer = UnsafeMutableRawPointer.allocate(byteCount: outputCapacity, alignment: 16)
        defer {
            inputBuffer.deallocate()
            outputBuffer.deallocate()
        }

        var writer = SparseWriter(descriptor: output)
        var lastResult = 0
        var sawInput = false
        while true {
            let bytesRead = read(input, inputBuffer, inputCapacity)
            if bytesRead < 0 {
                if errno == EINTR { continue }
                throw CoreDumpError.decompressionFailed(path: path, reason: "read failed: \(errnoText())")
            }
            if bytesRead == 0 { break }
            sawInput = true
            var inBuffer = ZSTD_inBuffer(src: inputBuffer, size: bytesRead, pos: 0)
            while inBuffer.pos < inBuffer.size {
                var outBuffer = ZSTD_outBuffer(dst: outputBuffer, size: outputCapacity, pos: 0)
                lastResult = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
                if ZSTD_isError(lastResult) != 0 {
                    let reason = String(cString: ZSTD_getErrorName(lastResult))
                    throw CoreDumpError.decompressionFailed(path: path, reason: "invalid zstd data: \(reason)")
                }
                do {
                    try writer.write(UnsafeRawBufferPointer(start: outputBuffer, count: outBuffer.pos))
                } catch {
                    throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
                }
            }
        }
        guard sawInput, lastResult == 0 else {
            throw CoreDumpError.decompressionFailed(path: path, reason: "the compressed file ends in the middle of a frame (truncated)")
        }
        do {
            try writer.finish()
        } catch {
            throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
        }
    }
}

/// The text of the error number `code`, by default the current `errno`.
func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
