import Glibc

/// Writes a byte stream to a private, already-unlinked temporary file at explicit offsets,
/// turning 4 KiB blocks of zeros into holes: a core's untouched stack pages stay sparse on disk.
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

    /// Appends `chunk`: runs of non-zero blocks with one `pwrite` each, zero blocks by moving
    /// the end only. A zstd stream of a few KB can declare GiB of zeros, so the scan is a
    /// `memcmp` per block and a hole costs no system call.
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws(Failure) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            let isHole = Self.isZero(base + start, count: min(Self.blockSize, chunk.count - start))
            var end = start
            repeat {
                end += min(Self.blockSize, chunk.count - end)
            } while end < chunk.count && Self.isZero(base + end, count: min(Self.blockSize, chunk.count - end)) == isHole
            if !isHole { try writeAll(UnsafeRawBufferPointer(start: base + start, count: end - start), at: length) }
            length += end - start
            start = end
        }
    }

    /// A block of zeros to compare with.
    private static let zeroBlock = [UInt8](repeating: 0, count: blockSize)

    private static func isZero(_ bytes: UnsafeRawPointer, count: Int) -> Bool {
        zeroBlock.withUnsafeBytes { memcmp(bytes, $0.baseAddress!, count) == 0 }
    }

    /// Sets the file's length, so that a trailing hole is part of it.
    func finish() throws(Failure) {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw Failure(reason: "cannot size the temporary file: \(errnoText())")
        }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at position: Int) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = pwrite(descriptor, base + offset, bytes.count - offset, off_t(position + offset))
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "cannot write the temporary file: \(errnoText()) (set TMPDIR to a directory with room)")
            }
            offset += written
        }
    }
}
