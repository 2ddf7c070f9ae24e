import Glibc

/// Reads a perf map file for ``RuntimeStacks/PerfMapReader``: the user's `--perf-map` or this
/// host's `/tmp/perf-PID.map`, opened through ``RegularFile`` (never a FIFO or a device).
enum PerfMapFile {
    /// The most bytes read of a map, as capture copies (about a million entries).
    static let maximumBytes = 64 << 20

    /// The first ``maximumBytes`` of the map at `path`.
    static func read(_ path: String) -> Result<[UInt8], RegularFile.OpenFailure> {
        let descriptor: Int32
        switch RegularFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): return .failure(failure)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.system(errno: errno)) }
        var bytes = [UInt8](repeating: 0, count: min(maximumBytes, Int(clamping: status.st_size)))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(filled))
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.system(errno: errno))
            }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }
}
