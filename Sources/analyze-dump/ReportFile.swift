import Glibc

/// Writes a report file whole or not at all: into a temporary file next to it, then renamed
/// over the destination, so that a pipeline never reads half a report. A destination that
/// exists and is not a regular file (`/dev/null`, a FIFO) is written in place, and a symbolic
/// link is followed (`/dev/stdout`): renaming over either would replace it with a file.
enum ReportFile {
    /// Why a report could not be written, in one line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        var status = stat()
        if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
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
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
        }
        let complete = writeAll(text, to: descriptor)
        let reason = String(cString: strerror(errno))
        guard close(descriptor) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot write the report to \(path): \(reason)")
        }
    }

    /// Writes `text` into `path` itself (a device, a FIFO, a link to one), truncating it.
    private static func writeInPlace(_ text: String, to path: String, flags: Int32) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | flags, 0o644)
        guard descriptor >= 0, writeAll(text, to: descriptor) else {
            let reason = String(cString: strerror(errno))
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
