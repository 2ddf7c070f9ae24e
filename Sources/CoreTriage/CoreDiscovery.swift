import CrashStore
import Glibc

/// Finds the cores `analyze-dump triage` is given: each argument is a core file, or a
/// directory whose core files (by name: see ``isCoreName(_:)``) are taken, not descending into
/// subdirectories (a spool's `.tmp/`). Nothing is opened: files are examined with `stat`
/// (`fstatat` without following links inside a directory), so a FIFO or a device is never
/// opened, and a symbolic link inside a directory is skipped rather than followed out of it.
public enum CoreDiscovery {
    /// A path given or found that is not analysed, and why.
    public struct Skipped: Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// The cores found, in argument order and by name within a directory, each path once.
    /// Paths are absolute (a relative argument is taken from the working directory), so that
    /// the database names the same file whichever directory a later run starts in.
    public static func find(_ arguments: [String]) -> (cores: [CoreCandidate], skipped: [Skipped]) {
        var cores: [CoreCandidate] = []
        var skipped: [Skipped] = []
        var seen = Set<CoreIdentity>()
        func add(_ candidate: CoreCandidate) {
            if seen.insert(candidate.identity).inserted { cores.append(candidate) }
        }
        let workingDirectory = currentDirectory()
        for given in arguments {
            let argument = given.hasPrefix("/") || workingDirectory == nil ? given : workingDirectory! + "/" + given
            var status = stat()
            guard stat(argument, &status) == 0 else {
                skipped.append(Skipped(path: argument, reason: "cannot examine it: \(String(cString: strerror(errno)))"))
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let (found, refused) = scan(directory: argument)
                found.forEach(add)
                skipped += refused
            case S_IFREG:
                add(candidate(path: argument, status: status))
            default:
                skipped.append(Skipped(path: argument, reason: "not a regular file or a directory (a FIFO or a device is never opened)"))
            }
        }
        return (cores, skipped)
    }

    /// Whether a file in a directory is taken as a core by its name: `core`, `core.*`
    /// (systemd-coredump's and the handler's names, `core.PID`), `*.core` and `*.core.zst`,
    /// `.lz4`, `.xz`; never a hidden file (a spool's `.rate`, `.lock`) or a report (`*.json`).
    public static func isCoreName(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix(".json") { return false }
        if name == "core" || name.hasPrefix("core.") { return true }
        return ["", ".zst", ".lz4", ".xz"].contains { name.hasSuffix(".core" + $0) }
    }

    private static func scan(directory: String) -> (cores: [CoreCandidate], skipped: [Skipped]) {
        guard let handle = opendir(directory) else {
            return ([], [Skipped(path: directory, reason: "cannot list it: \(String(cString: strerror(errno)))")])
        }
        defer { closedir(handle) }
        let descriptor = dirfd(handle)
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if isCoreName(name) { names.append(name) }
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var cores: [CoreCandidate] = []
        var skipped: [Skipped] = []
        for name in names.sorted() {
            var status = stat()
            guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            guard status.st_mode & S_IFMT == S_IFREG else {
                if status.st_mode & S_IFMT != S_IFDIR {
                    skipped.append(Skipped(path: prefix + name, reason: "not a regular file (a symbolic link in a directory is not followed)"))
                }
                continue
            }
            cores.append(candidate(path: prefix + name, status: status))
        }
        return (cores, skipped)
    }

    /// `getcwd`, nil when it cannot be had (then paths stay as given).
    private static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func candidate(path: String, status: stat) -> CoreCandidate {
        let (seconds, overflow) = Int64(status.st_mtim.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        let nanoseconds = overflow ? Int64.max : seconds.addingReportingOverflow(Int64(status.st_mtim.tv_nsec)).partialValue
        let identity = CoreIdentity(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            modificationTimeNanoseconds: nanoseconds)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return CoreCandidate(path: path, identity: identity, fileName: CoreFileName(name), attributes: CoredumpAttributes(path: path))
    }
}
