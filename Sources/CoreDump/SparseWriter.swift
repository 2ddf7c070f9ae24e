import Glibc

/// Writes a byte stream to a private, already-unlinked temporary file, turning 4 KiB blocks
/// of zeros into holes: a core's untouched stack pages stay sparse on disk.
struct SparseWriter {
    /// Why a write failed, in words.
    struct Failure: Error {
        var reason: String
    }

    let descriptor: Int32
    private(set) var length: Int = 0
    private static let blockSize = 4096

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// A new temporary file in `$TMPDIR` (or /tmp), unlinked at once so that nothing is left
    /// behind; the caller closes the descriptor.
    static func makeTemporaryFile() throws(Failure) -> Int32 {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(directory)/analyze-dump-core-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Failure(reason: "cannot create a temporary file in \(directory): \(errnoText()) (set TMPDIR)")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return descriptor
    }

    /// Appends `chunk`.
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        var start = 0
        while start < chunk.count {
            let end = min(chunk.count, start + Self.blockSize)
            let block = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if block.allSatisfy({ $0 == 0 }) {
                guard lseek(descriptor, off_t(block.count), SEEK_CUR) >= 0 else {
                    throw Failure(reason: "seek failed: \(errnoText())")
                }
            } else {
                try writeAll(block)
            }
            length += block.count
            start = end
        }
    }

    /// Sets the file's length, so that a trailing hole is part of it.
    func finish() throws(Failure) {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw Failure(reason: "cannot size the temporary file: \(errnoText())")
        }
    }

    private func writeAll(_ block: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < block.count {
            let written = Glibc.write(descriptor, block.baseAddress! + offset, block.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "cannot write the temporary file: \(errnoText()) (set TMPDIR to a directory with room)")
            }
            offset += written
        }
    }
}
