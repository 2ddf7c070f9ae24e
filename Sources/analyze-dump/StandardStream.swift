import DumpReport
import Glibc

/// Writes text to standard output or standard error through the file descriptors, with no
/// shared `FILE *` state.
enum StandardStream {
    case output
    case error

    /// Writes `line` and a newline, with every character that could break the line or drive
    /// the terminal written visibly (``TextEscaping``): messages quote paths, names and
    /// expressions that may come from a core.
    func writeLine(_ line: String) {
        write(TextEscaping.escaped(line) + "\n")
    }

    /// Writes all of `text`, retrying short writes; a closed pipe ends the write silently
    /// (`SIGPIPE` is ignored: see ``AnalyzeDump/main()``).
    func write(_ text: String) {
        let descriptor = self == .output ? STDOUT_FILENO : STDERR_FILENO
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
