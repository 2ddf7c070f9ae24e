internal import CCoreIntake
import Glibc

/// The spool `analyze-dump handle` stores cores in, opened once and then used only through
/// its descriptor (`openat` and friends, never a path that a link could redirect): a directory
/// owned by this user (root) with mode 0700, not a symbolic link, with `.tmp/` for files being
/// written, `.lock` (`flock`) and `.rate` (rate-limit state). Files are created 0600.
public final class SpoolDirectory {
    /// One stored core: its file name, and its size with its report's.
    public struct StoredCore: Equatable {
        public var name: String
        public var bytes: UInt64
        /// Modification time, seconds since the epoch: the order cores are deleted in.
        public var modified: Int
        /// Whether its JSON report is beside it (its handler's analysis has ended).
        public var hasReport: Bool
    }

    /// The spool's path, for messages.
    public let path: String
    let descriptor: Int32
    let temporary: Int32

    /// The name of the directory for files being written.
    public static let temporaryDirectoryName = ".tmp"

    /// Opens the spool at `path`, creating it and its missing parents (0700) when it does not
    /// exist.
    /// - Throws: ``IntakeError/unsafeSpool(path:reason:)`` when it, or its `.tmp`, is a
    ///   symbolic link, not a directory, not owned by this user or not mode 0700.
    public init(path: String) throws(IntakeError) {
        self.path = path
        try Self.makeDirectories(path)
        descriptor = try Self.openChecked(at: AT_FDCWD, path, shownAs: path)
        if mkdirat(descriptor, Self.temporaryDirectoryName, 0o700) != 0, errno != EEXIST {
            let code = errno
            close(descriptor)
            throw .spoolFailure(operation: "creating \(path)/.tmp", errno: code)
        }
        do {
            temporary = try Self.openChecked(at: descriptor, Self.temporaryDirectoryName, shownAs: path + "/.tmp")
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        close(temporary)
        close(descriptor)
    }

    /// `mkdir -p`: each missing directory of `path`, mode 0700.
    private static func makeDirectories(_ path: String) throws(IntakeError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw .spoolFailure(operation: "creating the spool directory \(prefix)", errno: errno)
            }
        }
    }

    private static func openChecked(at directory: Int32, _ name: String, shownAs shown: String) throws(IntakeError) -> Int32 {
        let opened = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard opened >= 0 else {
            if errno == ELOOP || errno == ENOTDIR { throw .unsafeSpool(path: shown, reason: "it is a symbolic link or not a directory") }
            throw .spoolFailure(operation: "opening the spool \(shown)", errno: errno)
        }
        var status = stat()
        guard fstat(opened, &status) == 0 else {
            let code = errno
            close(opened)
            throw .spoolFailure(operation: "checking the spool \(shown)", errno: code)
        }
        if status.st_uid != geteuid() || status.st_mode & 0o7777 != 0o700 {
            close(opened)
            let mode = String(status.st_mode & 0o7777, radix: 8)
            throw .unsafeSpool(path: shown, reason: "it is owned by uid \(status.st_uid) with mode \(mode)")
        }
        return opened
    }

    /// Takes the spool's lock (`flock` on `.lock`, exclusive), waiting for another handler to
    /// release it; the lock is released when the returned descriptor is closed.
    public func lock() throws(IntakeError) -> Int32 {
        let lock = openat(descriptor, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard lock >= 0 else { throw .spoolFailure(operation: "opening \(path)/.lock", errno: errno) }
        while flock(lock, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(lock)
            throw .spoolFailure(operation: "locking \(path)/.lock", errno: code)
        }
        return lock
    }

    /// Removes the files of `.tmp/` last modified more than `age` seconds before `now`: what
    /// a handler that died while writing left.
    public func removeStaleTemporaryFiles(olderThan age: Int, now: Int) {
        for entry in entries(of: temporary) where entry.modified < now - age {
            unlinkat(temporary, entry.name, 0)
        }
    }

    /// Creates `.tmp/NAME`, 0600, for writing; fails if it exists.
    public func createTemporaryFile(_ name: String) throws(IntakeError) -> Int32 {
        let file = openat(temporary, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw .spoolFailure(operation: "creating \(path)/.tmp/\(name)", errno: errno) }
        return file
    }

    /// Moves `.tmp/NAME` to `final` in the spool, never replacing a file there, then syncs the
    /// spool directory so the rename survives a crash of the host.
    public func publish(temporaryName name: String, as final: String) throws(IntakeError) {
        guard core_intake_rename_noreplace(temporary, name, descriptor, final) == 0 else {
            let code = errno
            unlinkat(temporary, name, 0)
            throw .spoolFailure(operation: "renaming \(name) to \(path)/\(final)", errno: code)
        }
        fsync(descriptor)
    }

    /// Removes `.tmp/NAME`.
    public func discardTemporaryFile(_ name: String) {
        unlinkat(temporary, name, 0)
    }

    /// The stored cores (`core.*.zst`), oldest first, each with the size of its report; and
    /// the reports whose core is gone (`core.*.zst.json` alone), with their sizes.
    public func storedCores() -> (cores: [StoredCore], orphanReports: [(name: String, bytes: UInt64)]) {
        let files = entries(of: descriptor)
        let reportSizes = Dictionary(files.filter { $0.name.hasPrefix("core.") && $0.name.hasSuffix(".zst.json") }.map { ($0.name, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let cores = files.filter { $0.name.hasPrefix("core.") && $0.name.hasSuffix(".zst") }
            .map { file in
                let report = reportSizes[file.name + ".json"]
                return StoredCore(name: file.name, bytes: file.bytes &+ (report ?? 0), modified: file.modified, hasReport: report != nil)
            }
            .sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
        let coreNames = Set(cores.map(\.name))
        let orphans = reportSizes.filter { !coreNames.contains(String($0.key.dropLast(".json".count))) }
            .map { (name: $0.key, bytes: $0.value) }.sorted { $0.name < $1.name }
        return (cores, orphans)
    }

    /// Deletes a report whose core is gone.
    public func removeReport(_ name: String) {
        unlinkat(descriptor, name, 0)
    }

    /// Deletes a stored core and its report.
    public func remove(_ core: StoredCore) {
        unlinkat(descriptor, core.name, 0)
        unlinkat(descriptor, core.name + ".json", 0)
    }

    /// The bytes free for this user on the spool's file system.
    public func freeBytes() -> UInt64? {
        var status = statvfs()
        guard fstatvfs(descriptor, &status) == 0 else { return nil }
        return UInt64(status.f_bavail).multipliedReportingOverflow(by: UInt64(status.f_frsize)).partialValue
    }

    /// Reads the spool file `name` (a regular file, not followed if a link), at most `limit` bytes.
    func readFile(_ name: String, limit: Int) -> [UInt8]? {
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return SystemCall.readUpTo(file, limit: limit)
    }

    /// Replaces the spool file `name` with `bytes`, whole or not at all (written in `.tmp/`,
    /// synced, renamed over it).
    public func replaceFile(_ name: String, with bytes: [UInt8]) throws(IntakeError) {
        let temporaryName = name + ".\(getpid()).new"
        unlinkat(temporary, temporaryName, 0)
        let file = try createTemporaryFile(temporaryName)
        let code = SystemCall.writeAll(file, bytes)
        let synced = code == 0 ? fsync(file) : 0
        close(file)
        guard code == 0, synced == 0, renameat(temporary, temporaryName, descriptor, name) == 0 else {
            let failure = code != 0 ? code : errno
            unlinkat(temporary, temporaryName, 0)
            throw .spoolFailure(operation: "writing \(path)/\(name)", errno: failure)
        }
    }

    private struct Entry {
        var name: String
        var bytes: UInt64
        var modified: Int
    }

    /// The regular files of a directory, at most 100,000.
    private func entries(of directory: Int32) -> [Entry] {
        let copy = openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0, let stream = fdopendir(copy) else { return [] }
        defer { closedir(stream) }
        var result: [Entry] = []
        while result.count < 100_000, let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var status = stat()
            guard name != ".", name != "..", fstatat(directory, name, &status, AT_SYMLINK_NOFOLLOW) == 0,
                  status.st_mode & S_IFMT == S_IFREG
            else { continue }
            result.append(Entry(name: name, bytes: UInt64(clamping: status.st_size), modified: Int(status.st_mtim.tv_sec)))
        }
        return result
    }
}
