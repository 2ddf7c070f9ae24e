/// A few lines of a source file around one line: what a debugger's `list` shows of a crash.
///
/// The lines are the file's own content, which nothing vouches for: each is decoded as UTF-8
/// with invalid bytes repaired, tabs expanded, and cut at ``maximumLineLength`` characters;
/// every report still escapes them for its medium.
public struct SourceExcerpt: Equatable, Sendable {
    /// One line of the file.
    public struct Line: Equatable, Sendable {
        /// The 1-based line number.
        public var number: Int
        /// The line's text, without its newline; cut (ending in `…`) when longer than
        /// ``SourceExcerpt/maximumLineLength``.
        public var text: String

        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    /// The most characters a line keeps.
    public static let maximumLineLength = 160
    /// How many lines are shown before and after the marked one.
    public static let contextLines = 4

    /// The file that was read: the DWARF path, or where a source directory held it.
    public var path: String
    /// The position the excerpt is about (its ``SourceLocation/line`` is the marked line).
    public var location: SourceLocation
    /// The lines, in order; the marked one among them.
    public var lines: [Line]

    public init(path: String, location: SourceLocation, lines: [Line]) {
        self.path = path
        self.location = location
        self.lines = lines
    }

    /// Whether `line` is the one the excerpt is about.
    public func isMarked(_ line: Line) -> Bool { line.number == location.line }
}
