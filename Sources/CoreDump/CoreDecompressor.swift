import Glibc

/// Decompresses a compressed core (zstd, lz4 or xz, as systemd-coredump stores them) into a
/// private, already-unlinked temporary file, so that the reader can read it like any other
/// core and nothing is left behind. Runs of zeros are left as holes (``SparseWriter``), which
/// keeps the sparse stack segments of a large core sparse on disk; the output stops at
/// ``CoreReadLimits/maximumDecompressedSize``.
enum CoreDecompressor {
    /// The size of each read of the compressed file.
    static let inputChunkSize = 1 << 18

    /// Decompresses the whole of `input` into a new temporary file.
    ///
    /// - Parameters:
    ///   - input: a descriptor open for reading at offset 0.
    ///   - format: the format its magic bytes name.
    ///   - path: the compressed file's path, for error messages.
    ///   - limit: the most bytes the output may have (tests lower it).
    /// - Returns: a descriptor of the decompressed file, open for reading; the caller closes it.
    /// - Throws: ``CoreDumpError/corruptCompressedCore(path:format:reason:)`` for data that is
    ///   not valid in `format`, ``CoreDumpError/truncatedCompressedCore(path:format:)`` when
    ///   it ends in the middle of a frame or stream,
    ///   ``CoreDumpError/decompressedCoreTooLarge(path:format:limit:)``, and
    ///   ``CoreDumpError/decompressionFailed(path:reason:)`` when reading fails or the
    ///   temporary directory has no room.
    static func decompressToTemporaryFile(
        input: Int32, format: CompressionFormat, path: String, limit: UInt64 = CoreReadLimits.maximumDecompressedSize
    ) throws -> Int32 {
        let output: Int32
        do {
            output = try SparseWriter.makeTemporaryFile()
        } catch {
            throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
        }
        do {
            try decompress(input: input, output: output, format: format, path: path, limit: limit)
            return output
        } catch {
            close(output)
            throw error
        }
    }

    private static func makeDecoder(_ format: CompressionFormat) throws -> any StreamDecoder {
        switch format {
        case .zstd: try ZstdStreamDecoder()
        case .lz4: try LZ4FrameDecoder()
        case .xz: try XZStreamDecoder()
        }
    }

    private static func decompress(input: Int32, output: Int32, format: CompressionFormat, path: String, limit: UInt64) throws {
        let decoder: any StreamDecoder
        do {
            decoder = try makeDecoder(format)
        } catch let failure as StreamDecodeFailure {
            throw CoreDumpError.decompressionFailed(path: path, reason: failure.reason)
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: inputChunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var writer = SparseWriter(descriptor: output)
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            guard UInt64(writer.length) + UInt64(bytes.count) <= limit else {
                throw CoreDumpError.decompressedCoreTooLarge(path: path, format: format, limit: limit)
            }
            do throws(SparseWriter.Failure) {
                try writer.write(bytes)
            } catch {
                throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
            }
        }
        var isLast = false
        while !isLast {
            let count = read(input, buffer, inputChunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreDumpError.decompressionFailed(path: path, reason: "read failed: \(errnoText())")
            }
            isLast = count == 0
            do {
                try decoder.decode(UnsafeRawBufferPointer(start: buffer, count: count), isLast: isLast, emit: emit)
            } catch let failure as StreamDecodeFailure {
                throw CoreDumpError.corruptCompressedCore(path: path, format: format, reason: failure.reason)
            }
        }
        guard decoder.isAtEnd else { throw CoreDumpError.truncatedCompressedCore(path: path, format: format) }
        do {
            try writer.finish()
        } catch {
            throw CoreDumpError.decompressionFailed(path: path, reason: error.reason)
        }
    }
}
