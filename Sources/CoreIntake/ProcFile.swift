internal import CCoreIntake
import Glibc

/// Reads the dying process's files under `/proc/PID` (and its perf map through
/// `/proc/PID/root`): regular files only, opened without blocking and without following a
/// link as the last component, read to a bound.
enum ProcFile {
    /// At most `limit` bytes of the regular file at `path`; nil when it cannot be opened or is
    /// not a regular file.
    static func read(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return readRegular(descriptor, limit: limit)
    }

    /// At most `limit` bytes of the regular file `path` inside the directory `root`, resolved as
    /// if `root` were `/` (``core_intake_open_in_root``): a link planted inside the process's
    /// mount namespace cannot lead outside it.
    static func read(_ path: String, inRoot root: Int32, limit: Int) -> [UInt8]? {
        let descriptor = core_intake_open_in_root(root, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return readRegular(descriptor, limit: limit)
    }

    /// The target of the symbolic link at `path` (`/proc/PID/exe`), at most 4096 bytes.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, 4096)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in the directory at `path`, at most `limit` of them, without `.` and `..`.
    static func directoryEntries(_ path: String, limit: Int) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while names.count < limit, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    private static func readRegular(_ descriptor: Int32, limit: Int) -> [UInt8]? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return SystemCall.readUpTo(descriptor, limit: limit)
    }
}
