import Foundation
import Glibc

/// A directory of the test process's own in the temporary directory, `PREFIX-PID`.
///
/// A test run leaves several hundred MB there (decompressed fixtures, programs, cores), which
/// nothing removes at exit: each new directory first removes those of its prefix that
/// processes no longer alive left behind.
enum ProcessTemporaryDirectory {
    /// Creates `PREFIX-PID` after removing every `PREFIX-N` whose process N has ended.
    static func make(prefix: String) -> URL {
        let temporary = FileManager.default.temporaryDirectory
        let stem = prefix + "-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(stem) {
            guard let pid = Int32(name.dropFirst(stem.count)), pid > 0, !isAlive(pid) else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        let url = temporary.appendingPathComponent(stem + String(getpid()))
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Whether a process with this PID exists (one of another user's counts).
    private static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
