import Glibc

/// Writes a report file whole or not at all: into a temporary file next to it, then renamed
/// over the destination, so that a pipeline never reads half a report.
///
/// The temporary file is made by `mkstemp` (`O_EXCL`, a random name `PATH.tmp-XXXXXX`): a name
/// another user could guess would let them plant a symbolic link there and have the report
/// (written as root by a core handler) overwrite the file it points to. A destination that
/// exists and is not a regular file (`/dev/null`, a FIFO) is written in place, and a symbolic
/// link is followed to its target (`/dev/stdout`, `latest.json -> report-42.json`): renaming
/// over either would replace it with a file. A link is refused where the kernel would refuse
/// to follow it (``mayFollow(link:at:)``).
enum ReportFile {
    /// Why a report could not be written, in one line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            guard mayFollow(link: status, at: path) else {
                throw Failure(description: "cannot write the report to \(path): it is a symbolic link that another user owns in a shared directory (sticky and writable by all, like /tmp); remove it or write elsewhere")
            }
            // Renaming would replace the link: write to what it points at. A link that does
            // not resolve to a path (`/proc/self/fd/1` to a pipe) is written through.
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                let target = String(cString: resolved)
                if target != path { return try write(text, to: target) }
            }
            return try writeInPlace(text, to: path, flags: O_CREAT)
        }
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            return try writeInPlace(text, to: path, flags: 0)
        }
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Failure(description: "cannot write the report to \(path): \(errorText())")
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkstemp creates the file for its owner only; a report is as readable as any new file.
        let creationMask = umask(0)
        umask(creationMask)
        var failure: String?
        // Close-on-exec, as the report's file was opened before (Glibc does not export mkostemp).
        if fcntl(descriptor, F_SETFD, FD_CLOEXEC) != 0 { failure = Self.errorText() }
        if failure == nil, fchmod(descriptor, 0o644 & ~creationMask) != 0 || !writeAll(text, to: descriptor) { failure = Self.errorText() }
        if close(descriptor) != 0, failure == nil { failure = Self.errorText() }
        if failure == nil, rename(temporary, path) != 0 { failure = Self.errorText() }
        if let failure {
            unlink(temporary)
            throw Failure(description: "cannot write the report to \(path): \(failure)")
        }
    }

    /// Whether the link at `path` may be followed, by the kernel's `fs.protected_symlinks`
    /// rule: not when it lies in a sticky directory that everyone may write (`/tmp`) and
    /// neither this process's user nor the directory's owner owns it. Another user could plant
    /// such a link at the name of a report that root writes, to make it replace any file.
    private static func mayFollow(link: stat, at path: String) -> Bool {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var parent = stat()
        guard stat(directory, &parent) == 0 else { return false }
        let isShared = parent.st_mode & mode_t(S_ISVTX) != 0 && parent.st_mode & mode_t(S_IWOTH) != 0
        return !isShared || link.st_uid == geteuid() || link.st_uid == parent.st_uid
    }

    /// `strerror(errno)`.
    private static func errorText() -> String { String(cString: strerror(errno)) }

    /// Writes `text` into `path` itself (a device, a FIFO, a link to one), truncating it.
    private static func writeInPlace(_ text: String, to path: String, flags: Int32) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | flags, 0o644)
        guard descriptor >= 0, writeAll(text, to: descriptor) else {
            let reason = errorText()
            if descriptor >= 0 { close(descriptor) }
            throw Failure(description: "cannot write the report to \(path): \(reason)")
        }
        close(descriptor)
    }

    /// Writes every byte of `text`, retrying on `EINTR`; false on an error.
    private static func writeAll(_ text: String, to descriptor: Int32) -> Bool {
        var text = text
        return text.withUTF8 { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }
}
