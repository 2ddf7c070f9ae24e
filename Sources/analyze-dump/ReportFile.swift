import Glibc

/// Writes a report file whole or not at all: into a temporary file next to it, then renamed
/// over the destination, so that a pipeline never reads half a report.
enum ReportFile {
    /// Why a report could not be written, in one line.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot write the report to \(path): \(String(cString: strerror(errno)))")
        }
        var text = text
        let complete = text.withUTF8 { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        guard close(descriptor) == 0, complete, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Failure(description: "cannot write the report to \(path): \(reason)")
        }
    }
}
