import DumpModel
import Glibc

/// Finds the source file of a DWARF position and reads the lines around it, as gdb's `list`
/// does after `directory DIR`.
///
/// Where it looks: below each source directory (`--source-dir`) in order, the DWARF path's
/// trailing components, longest first (for `/build/app/src/main.c` and `DIR`: `DIR/build/app/src/main.c`,
/// `DIR/app/src/main.c`, `DIR/src/main.c`, `DIR/main.c`), then the DWARF path itself. The
/// directories come first, as gdb searches the directories given with `directory` before the
/// compilation directory: they name the sources the user means. A component `..` never
/// takes a lookup out of its directory: suffixes holding one are not tried.
///
/// The file's content is untrusted: it is opened only through ``RegularFile`` (a FIFO, a device
/// or a /proc file is skipped without being opened, so nothing blocks), at most
/// ``maximumBytes`` are read, the lines are decoded as UTF-8 with invalid bytes repaired,
/// tabs expanded and cut at ``SourceExcerpt/maximumLineLength`` characters.
struct SourceFileReader {
    /// The most bytes read of one file: the marked line must be in them.
    static let maximumBytes = 8 << 20
    /// The most trailing components of a path tried below a directory.
    static let maximumComponents = 16
    /// The highest line number looked for; DWARF's line is a core's module's word.
    static let maximumLineNumber = 10_000_000

    /// The source directories, searched in order before the DWARF path.
    var directories: [String]

    /// The paths tried for `file`, in order.
    func candidates(for file: String) -> [String] {
        let components = file.split(separator: "/").filter { $0 != "." }.suffix(Self.maximumComponents)
        var paths: [String] = []
        for directory in directories where !directory.isEmpty {
            let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            for start in components.indices {
                let suffix = components[start...]
                guard !suffix.contains("..") else { continue }
                paths.append(base + "/" + suffix.joined(separator: "/"))
            }
        }
        if !file.isEmpty { paths.append(file) }
        return paths
    }

    /// The lines around `location` from the first candidate that is a regular file holding
    /// that line; nil when none is.
    func excerpt(around location: SourceLocation) -> SourceExcerpt? {
        guard location.line >= 1, location.line <= Self.maximumLineNumber else { return nil }
        for path in candidates(for: location.file) {
            guard let bytes = Self.read(path) else { continue }
            if let lines = Self.lines(of: bytes, around: location.line) {
                return SourceExcerpt(path: path, location: location, lines: lines)
            }
        }
        return nil
    }

    /// The lines from ``SourceExcerpt/contextLines`` before `line` to as many after it, nil
    /// when the bytes hold fewer than `line` lines.
    static func lines(of bytes: [UInt8], around line: Int) -> [SourceExcerpt.Line]? {
        let first = max(1, line - SourceExcerpt.contextLines)
        let last = line + SourceExcerpt.contextLines
        var result: [SourceExcerpt.Line] = []
        var number = 1
        var start = 0
        while start < bytes.count, number <= last {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if number >= first { result.append(SourceExcerpt.Line(number: number, text: text(of: bytes[start..<end]))) }
            number += 1
            start = end + 1
        }
        return result.contains { $0.number == line } ? result : nil
    }

    /// A line's bytes as text: without a carriage return at its end, tabs expanded to the
    /// next multiple of eight columns, cut at ``SourceExcerpt/maximumLineLength`` characters.
    static func text(of line: ArraySlice<UInt8>) -> String {
        let limit = SourceExcerpt.maximumLineLength
        let bytes = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        // Enough bytes for the limit in any encoding; more cannot show.
        let decoded = String(decoding: bytes.prefix(limit * 4), as: UTF8.self)
        var text = ""
        var column = 0
        var isCut = bytes.count > limit * 4
        for character in decoded {
            if column >= limit {
                isCut = true
                break
            }
            if character == "\t" {
                let spaces = 8 - column % 8
                text += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                text.append(character)
                column += 1
            }
        }
        return isCut || column > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// The first ``maximumBytes`` of the regular file at `path`, nil when it is no regular
    /// file or cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        guard case .success(let descriptor) = RegularFile.open(path) else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: min(maximumBytes, Int(clamping: status.st_size)))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
