/// A position in a source file, from DWARF line information.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file name as the compiler recorded it (usually absolute).
    public var file: String
    /// The 1-based line number; 0 when DWARF gives none.
    public var line: Int
    /// The 1-based column, or 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line`, the form gdb and eu-stack print.
    public var description: String { "\(file):\(line)" }

    /// `warmup-lock.c:59`: the file's last path component and the line, for tables and
    /// findings.
    public var shortDescription: String {
        (file.split(separator: "/").last.map(String.init) ?? file) + ":\(line)"
    }
}
