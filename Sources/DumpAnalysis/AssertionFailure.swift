/// The parts of the message glibc's `assert()` prints and leaves in `__abort_msg` before it
/// aborts: `prog: file.c:42: func: Assertion `expr' failed.`
///
/// glibc writes `"%s%s%s:%u: %s%sAssertion `%s' failed.\n"` with `__progname`, `": "` when the
/// program name is not empty, the file, the line, the function (`__PRETTY_FUNCTION__` in C++,
/// absent when the compiler gives none) followed by `": "`, and the expression as written.
public struct AssertionFailure: Equatable, Hashable, Sendable {
    /// The program's name (`__progname`), nil when it was empty.
    public var program: String?
    /// The source file as the compiler saw it (`__FILE__`).
    public var file: String
    /// The line of the `assert`.
    public var line: Int
    /// The function that asserted, nil when the message names none.
    public var function: String?
    /// The expression that was false, as written in the source.
    public var expression: String

    public init(program: String?, file: String, line: Int, function: String?, expression: String) {
        self.program = program
        self.file = file
        self.line = line
        self.function = function
        self.expression = expression
    }

    /// Parses an `assert()` message, with or without its final newline; nil when `message`
    /// does not have that shape (`__assert_perror_fail`'s "Unexpected error", malloc's
    /// messages, `__fortify_fail`'s).
    ///
    /// The program name and the file are told apart by the first `: `, the file and the line
    /// by the first `:<digits>` followed by `: `: a file name with `:<digits>: ` in it is split
    /// at the wrong place.
    public init?(parsing message: String) {
        var body = Substring(message)
        while body.last?.isNewline == true { body.removeLast() }
        let suffix = "' failed."
        guard body.hasSuffix(suffix) else { return nil }
        body.removeLast(suffix.count)
        guard let marker = body.firstRange(of: "Assertion `") else { return nil }
        var head = body[..<marker.lowerBound]
        guard head.hasSuffix(": ") else { return nil }
        head.removeLast(2)
        guard let location = Self.lineNumber(in: head) else { return nil }

        let beforeLine = head[..<location.colon]
        if let separator = beforeLine.firstRange(of: ": ") {
            program = String(beforeLine[..<separator.lowerBound])
            file = String(beforeLine[separator.upperBound...])
        } else {
            program = nil
            file = String(beforeLine)
        }
        guard !file.isEmpty else { return nil }
        line = location.line
        let afterLine = head[location.end...]
        function = afterLine.hasPrefix(": ") && afterLine.count > 2 ? String(afterLine.dropFirst(2)) : nil
        expression = String(body[marker.upperBound...])
    }

    /// The first `:<digits>` followed by `: ` or the end of `text`: the colon's position, the
    /// number, and where the digits end.
    private static func lineNumber(in text: Substring) -> (colon: String.Index, line: Int, end: String.Index)? {
        var index = text.startIndex
        while let colon = text[index...].firstIndex(of: ":") {
            let digitsStart = text.index(after: colon)
            let digitsEnd = text[digitsStart...].firstIndex { !$0.isASCII || !$0.isNumber } ?? text.endIndex
            if digitsEnd > digitsStart, text[digitsEnd...].isEmpty || text[digitsEnd...].hasPrefix(": "),
               let line = Int(text[digitsStart..<digitsEnd]) {
                return (colon, line, digitsEnd)
            }
            index = digitsStart
        }
        return nil
    }
}
