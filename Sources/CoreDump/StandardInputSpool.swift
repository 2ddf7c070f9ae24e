import Glibc

/// Copies a core arriving on standard input (`analyze-dump -`, a `core_pattern` pipe,
/// `coredumpctl dump PID |`) or through a FIFO the user names (`analyze-dump <(zstdcat core)`)
/// into a private temporary file, since the reader needs random access. Zero blocks become
/// holes; a compressed stream (zstd, lz4, xz) is decompressed afterwards like a file.
enum StandardInputSpool {
    /// The name standard input is given in messages.
    static let displayName = "standard input"

    /// A descriptor of a temporary file holding all of `input` (standard input by default),
    /// open at offset 0.
    ///
    /// - Parameters:
    ///   - input: the descriptor to read to its end.
    ///   - name: its name in messages.
    static func copy(from input: Int32 = STDIN_FILENO, name: String = displayName) throws -> Int32 {
        do throws(SparseWriter.Failure) {
            let output = try SparseWriter.makeTemporaryFile()
            var writer = SparseWriter(descriptor: output)
            let capacity = 1 << 20
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            defer { buffer.deallocate() }
            do throws(SparseWriter.Failure) {
                while true {
                    let count = read(input, buffer, capacity)
                    if count < 0 {
                        if errno == EINTR { continue }
                        throw SparseWriter.Failure(reason: "read failed: \(errnoText())")
                    }
                    if count == 0 { break }
                    try writer.write(UnsafeRawBufferPointer(start: buffer, count: count))
                }
                try writer.finish()
            } catch {
                close(output)
                throw error
            }
            return output
        } catch {
            throw CoreDumpError.cannotRead(path: name, reason: error.reason)
        }
    }
}
