import CElfUtils
import Glibc

/// Decompresses a zstd-compressed core (as systemd-coredump stores them) into a private,
/// already-unlinked temporary file, so that the reader can map it like any other core and
/// nothing is left behind. Runs of zeros are skipped with `lseek`, which keeps the sparse
/// stack segments of a large core sparse on disk.
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
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/analyze-dump-core-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw CoreDumpError.decompressionFailed(
                path: path, reason: "cannot create a temporary file in \(directory): \(errnoText()) (set TMPDIR)")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
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
                try writer.write(UnsafeRawBufferPointer(start: outputBuffer, count: outBuffer.pos), path: path)
            }
        }
        guard sawInput, lastResult == 0 else {
            throw CoreDumpError.decompressionFailed(path: path, reason: "the compressed file ends in the middle of a frame (truncated)")
        }
        try writer.finish(path: path)
        lseek(output, 0, SEEK_SET)
    }
}

/// Writes a byte stream to a file, turning 4 KiB blocks of zeros into holes.
private struct SparseWriter {
    let descriptor: Int32
    private(set) var length: Int = 0
    private static let blockSize = 4096

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func write(_ chunk: UnsafeRawBufferPointer, path: String) throws {
        var start = 0
        while start < chunk.count {
            let end = min(chunk.count, start + Self.blockSize)
            let block = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if block.allSatisfy({ $0 == 0 }) {
                guard lseek(descriptor, off_t(block.count), SEEK_CUR) >= 0 else {
                    throw CoreDumpError.decompressionFailed(path: path, reason: "seek failed: \(errnoText())")
                }
            } else {
                try writeAll(block, path: path)
            }
            length += block.count
            start = end
        }
    }

    /// Sets the file's length, so that a trailing hole is part of it.
    func finish(path: String) throws {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw CoreDumpError.decompressionFailed(path: path, reason: "cannot size the temporary file: \(errnoText())")
        }
    }

    private func writeAll(_ block: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < block.count {
            let written = Glibc.write(descriptor, block.baseAddress! + offset, block.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CoreDumpError.decompressionFailed(
                    path: path, reason: "cannot write the decompressed core: \(errnoText()) (set TMPDIR to a directory with room)")
            }
            offset += written
        }
    }
}

/// The text of the current `errno`.
func errnoText() -> String {
    String(cString: strerror(errno))
}
