import Foundation

/// Two copies of one core for `compare`, the second written 5 s after the first.
enum CoreCopies {
    /// Copies `core` to `directory`/first.core.zst and second.core.zst, modified at
    /// 2027-01-15T08:00:00Z and 5 s later.
    /// - Returns: the first and the second copy's paths.
    static func make(of core: String, in directory: String) throws -> (first: String, second: String) {
        let first = directory + "/first.core.zst", second = directory + "/second.core.zst"
        let written = Date(timeIntervalSince1970: 1_800_000_000)
        for (path, date) in [(first, written), (second, written.addingTimeInterval(5))] {
            try? FileManager.default.removeItem(atPath: path)
            try FileManager.default.copyItem(atPath: core, toPath: path)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }
        return (first, second)
    }
}
