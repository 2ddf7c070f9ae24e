import Glibc

/// The low-level helpers of the intake: `errno` text and EINTR-safe reads and writes.
enum SystemCall {
    /// `strerror(code)`.
    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Writes all of `buffer` to `descriptor`, retrying on EINTR and short writes.
    /// - Returns: 0, or the `errno` of the failed write.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < buffer.count {
            let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += result
        }
        return 0
    }

    /// Writes all of `bytes` to `descriptor`, as the function above does.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.isEmpty ? 0 : bytes.withUnsafeBytes { writeAll(descriptor, $0) }
    }

    /// Reads at most `limit` bytes of an open descriptor from its current offset, retrying on
    /// EINTR; stops at the end of file or at the first error (`EAGAIN` of a non-blocking file
    /// included), returning what was read.
    static func readUpTo(_ descriptor: Int32, limit: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(limit, 65_536))
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, wanted) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }
}
