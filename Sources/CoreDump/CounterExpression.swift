/// A parsed `--queue` expression: a global variable, then member accesses and constant
/// indexes, as in C.
///
/// ```
/// expression := name step*
/// name       := "::"? identifier ("::" identifier)*      (C++ namespaces and static members)
/// step       := "." identifier | "->" identifier | "[" number "]"
/// number     := decimal digits | "0x" hex digits
/// ```
/// Spaces may separate the tokens. As in gdb, `.` and `->` both dereference pointers (and
/// `->` is accepted on a struct), so `server.backlog.count` works for `struct server *server`.
struct CounterExpression: Equatable {
    /// One access after the variable's name.
    enum Step: Equatable {
        /// `.member` (`arrow` false) or `->member` (`arrow` true).
        case member(String, arrow: Bool)
        /// `[index]`.
        case index(UInt64)
    }

    /// The variable's name, split at `::` (`["render", "cache"]`).
    var nameComponents: [String]
    /// The accesses after the name, in order.
    var steps: [Step]

    /// The variable's qualified name (`render::cache`).
    var name: String { nameComponents.joined(separator: "::") }

    /// The normalized text of the name and the first `stepCount` steps, for messages.
    func text(stepCount: Int) -> String {
        var text = name
        for step in steps.prefix(stepCount) {
            switch step {
            case .member(let member, let arrow): text += (arrow ? "->" : ".") + member
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// Parses `source`.
    ///
    /// - Throws: ``CounterReadError/syntax(expression:column:expected:)`` naming the first
    ///   character (counted from 1) that does not fit the grammar.
    init(parsing source: String) throws(CounterReadError) {
        var scanner = Scanner(source: source)
        scanner.skipSpaces()
        _ = scanner.consume("::")
        var components = [try scanner.identifier(expected: "a global variable name")]
        while scanner.consume("::") {
            components.append(try scanner.identifier(expected: "a name after `::`"))
        }
        var parsed: [Step] = []
        while true {
            scanner.skipSpaces()
            if scanner.isAtEnd { break }
            if scanner.consume("->") {
                parsed.append(.member(try scanner.identifier(expected: "a member name after `->`"), arrow: true))
            } else if scanner.consume(".") {
                parsed.append(.member(try scanner.identifier(expected: "a member name after `.`"), arrow: false))
            } else if scanner.consume("[") {
                parsed.append(.index(try scanner.index()))
            } else {
                throw scanner.failure(expected: "`.`, `->` or `[` after `\(Self(nameComponents: components, steps: parsed).text(stepCount: parsed.count))`")
            }
        }
        nameComponents = components
        steps = parsed
    }

    private init(nameComponents: [String], steps: [Step]) {
        self.nameComponents = nameComponents
        self.steps = steps
    }

    /// Reads tokens from the expression, remembering the position for error messages.
    private struct Scanner {
        let source: String
        let characters: [Character]
        var position = 0

        init(source: String) {
            self.source = source
            characters = Array(source)
        }

        var isAtEnd: Bool { position >= characters.count }

        mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
        }

        /// Consumes `token` after optional spaces, or leaves the position where it was.
        mutating func consume(_ token: String) -> Bool {
            let start = position
            skipSpaces()
            let tokenCharacters = Array(token)
            if characters.count - position >= tokenCharacters.count,
               Array(characters[position..<(position + tokenCharacters.count)]) == tokenCharacters {
                position += tokenCharacters.count
                return true
            }
            position = start
            return false
        }

        mutating func identifier(expected: String) throws(CounterReadError) -> String {
            skipSpaces()
            let start = position
            while position < characters.count, Self.isIdentifierCharacter(characters[position], first: position == start) {
                position += 1
            }
            guard position > start else { throw failure(expected: expected) }
            return String(characters[start..<position])
        }

        /// The number and closing bracket of `[N]`, the `[` already consumed.
        mutating func index() throws(CounterReadError) -> UInt64 {
            skipSpaces()
            let start = position
            var radix = 10
            if consume("0x") || consume("0X") { radix = 16 }
            let digitsStart = position
            while position < characters.count, characters[position].isASCII, characters[position].isHexDigit,
                  radix == 16 || characters[position].isNumber {
                position += 1
            }
            guard position > digitsStart else { throw failure(expected: "a constant index after `[`") }
            guard let value = UInt64(String(characters[digitsStart..<position]), radix: radix) else {
                position = start
                throw failure(expected: "an index below 2^64")
            }
            guard consume("]") else {
                skipSpaces()
                throw failure(expected: "`]` after the index")
            }
            return value
        }

        func failure(expected: String) -> CounterReadError {
            .syntax(expression: source, column: position + 1, expected: expected)
        }

        private static func isIdentifierCharacter(_ character: Character, first: Bool) -> Bool {
            guard character.isASCII else { return false }
            if character == "_" || character == "$" || character.isLetter { return true }
            return !first && character.isNumber
        }
    }
}
