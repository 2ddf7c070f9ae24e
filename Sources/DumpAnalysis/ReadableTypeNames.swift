/// Shortens the C++ standard library's spelled-out template names in a demangled function
/// name to what a programmer wrote: `std::__cxx11::basic_string<char, std::char_traits<char>,
/// std::allocator<char> >` becomes `std::string`, `std::vector<int, std::allocator<int> >`
/// becomes `std::vector<int>`.
///
/// Findings' titles and texts name functions this way; stack listings keep the demangler's
/// full names, as gdb and eu-stack print them, and signatures keep theirs so that they do not
/// change. Two tables hold the knowledge (add a row to either, see docs/architecture.md):
/// ``aliases`` for whole instances, ``defaultArguments`` for trailing arguments equal to the
/// template's defaults. A name that does not parse (unbalanced brackets, too long, too deep)
/// is returned unchanged.
public enum ReadableTypeNames {
    /// Whole template instances and their usual names, spaces removed (the demangler writes
    /// `> >`): matched after the arguments are shortened.
    static let aliases: [String: String] = [
        "std::__cxx11::basic_string<char,std::char_traits<char>,std::allocator<char>>": "std::string",
        "std::basic_string<char,std::char_traits<char>,std::allocator<char>>": "std::string",
        "std::__cxx11::basic_string<wchar_t,std::char_traits<wchar_t>,std::allocator<wchar_t>>": "std::wstring",
        "std::basic_string<wchar_t,std::char_traits<wchar_t>,std::allocator<wchar_t>>": "std::wstring",
        "std::__cxx11::basic_string<char8_t,std::char_traits<char8_t>,std::allocator<char8_t>>": "std::u8string",
        "std::__cxx11::basic_string<char16_t,std::char_traits<char16_t>,std::allocator<char16_t>>": "std::u16string",
        "std::__cxx11::basic_string<char32_t,std::char_traits<char32_t>,std::allocator<char32_t>>": "std::u32string",
        "std::basic_string_view<char,std::char_traits<char>>": "std::string_view",
        "std::basic_string_view<wchar_t,std::char_traits<wchar_t>>": "std::wstring_view",
        "std::basic_ostream<char,std::char_traits<char>>": "std::ostream",
        "std::basic_istream<char,std::char_traits<char>>": "std::istream",
        "std::basic_iostream<char,std::char_traits<char>>": "std::iostream",
        "std::__cxx11::basic_ostringstream<char,std::char_traits<char>,std::allocator<char>>": "std::ostringstream",
        "std::__cxx11::basic_istringstream<char,std::char_traits<char>,std::allocator<char>>": "std::istringstream",
        "std::__cxx11::basic_stringstream<char,std::char_traits<char>,std::allocator<char>>": "std::stringstream",
        "std::basic_ofstream<char,std::char_traits<char>>": "std::ofstream",
        "std::basic_ifstream<char,std::char_traits<char>>": "std::ifstream",
        "std::basic_fstream<char,std::char_traits<char>>": "std::fstream",
    ]

    /// Templates, how many arguments they require, and the defaults of the arguments after
    /// those, `$0` and `$1` standing for the first and second arguments (spaces removed).
    /// Arguments equal to their default are dropped from the end.
    static let defaultArguments: [String: (required: Int, defaults: [String])] = {
        let sequence = (1, ["std::allocator<$0>"])
        let set = (1, ["std::less<$0>", "std::allocator<$0>"])
        let map = (2, ["std::less<$0>", "std::allocator<std::pair<$0const,$1>>"])
        let unorderedSet = (1, ["std::hash<$0>", "std::equal_to<$0>", "std::allocator<$0>"])
        let unorderedMap = (2, ["std::hash<$0>", "std::equal_to<$0>", "std::allocator<std::pair<$0const,$1>>"])
        return [
            "std::vector": sequence, "std::deque": sequence, "std::list": sequence, "std::__cxx11::list": sequence,
            "std::forward_list": sequence,
            "std::set": set, "std::multiset": set, "std::map": map, "std::multimap": map,
            "std::unordered_set": unorderedSet, "std::unordered_multiset": unorderedSet,
            "std::unordered_map": unorderedMap, "std::unordered_multimap": unorderedMap,
            "std::unique_ptr": (1, ["std::default_delete<$0>"]),
            "std::queue": (1, ["std::deque<$0>"]), "std::stack": (1, ["std::deque<$0>"]),
            "std::priority_queue": (1, ["std::vector<$0>", "std::less<$0>"]),
        ]
    }()

    /// Names longer than this are left alone: the shortening is for titles, and a hostile
    /// symbol should not cost much.
    static let maximumLength = 8_192
    /// Template nesting deeper than this is left alone.
    static let maximumDepth = 32

    /// `name` with the standard library's templates shortened, or `name` itself when it does
    /// not parse.
    public static func shortened(_ name: String) -> String {
        guard name.utf8.count <= maximumLength, name.contains("<") else { return name }
        var parser = Parser(characters: Array(name))
        guard let text = parser.sequence(depth: 0, stoppingAt: []), parser.position == parser.characters.count else { return name }
        return text
    }

    /// A recursive-descent reader of a demangled name: text with nested `<...>`, `(...)`,
    /// `[...]` and `{...}`; template argument lists are shortened on the way out.
    private struct Parser {
        let characters: [Character]
        var position = 0

        /// Text up to (not including) one of `terminators` at this nesting level, or the end.
        mutating func sequence(depth: Int, stoppingAt terminators: Set<Character>) -> String? {
            guard depth <= ReadableTypeNames.maximumDepth else { return nil }
            var text = ""
            while position < characters.count {
                let character = characters[position]
                if terminators.contains(character) { return text }
                switch character {
                case "<":
                    if text.hasSuffix("operator") || text.hasSuffix("operator<") {
                        text.append(character)
                        position += 1
                        continue
                    }
                    position += 1
                    guard let arguments = argumentList(depth: depth + 1) else { return nil }
                    let templateName = Self.trailingQualifiedName(of: text)
                    text.removeLast(templateName.count)
                    text += ReadableTypeNames.instance(templateName, arguments: arguments)
                case "(", "[", "{":
                    let closing: Character = character == "(" ? ")" : character == "[" ? "]" : "}"
                    position += 1
                    guard let inner = sequence(depth: depth + 1, stoppingAt: [closing]), position < characters.count else { return nil }
                    position += 1
                    text += String(character) + inner + String(closing)
                case ")", "]", "}", ">":
                    // Unbalanced at this level (`operator->`, `operator>` are the legitimate
                    // ones: kept as text).
                    if character == ">" && (text.hasSuffix("operator") || text.hasSuffix("operator-") || text.hasSuffix("operator>")) {
                        text.append(character)
                        position += 1
                        continue
                    }
                    return nil
                default:
                    text.append(character)
                    position += 1
                }
            }
            return terminators.isEmpty ? text : nil
        }

        /// The arguments of a `<...>` list whose `<` was consumed, up to and past its `>`.
        mutating func argumentList(depth: Int) -> [String]? {
            var arguments: [String] = []
            while true {
                guard let argument = sequence(depth: depth, stoppingAt: [",", ">"]), position < characters.count else { return nil }
                arguments.append(argument.trimmingSpaces)
                let separator = characters[position]
                position += 1
                if separator == ">" { return arguments }
            }
        }

        /// `std::vector` at the end of `void f(std::vector`: the identifier and its
        /// qualifiers just before a `<`.
        static func trailingQualifiedName(of text: String) -> String {
            var name = ""
            for character in text.reversed() {
                guard character.isLetter || character.isNumber || character == "_" || character == ":" else { break }
                name.insert(character, at: name.startIndex)
            }
            return name
        }
    }

    /// `name<arguments>` shortened: trailing default arguments dropped, then a known alias.
    static func instance(_ name: String, arguments: [String]) -> String {
        var arguments = arguments
        if let (required, defaults) = defaultArguments[name], arguments.count > required {
            let substitutions = ["$0": compact(arguments[0]), "$1": arguments.count > 1 ? compact(arguments[1]) : ""]
            while arguments.count > required {
                let position = arguments.count - 1 - required
                guard position < defaults.count else { break }
                var expected = defaults[position]
                for (placeholder, value) in substitutions { expected = expected.replacingAll(placeholder, with: value) }
                guard compact(arguments[arguments.count - 1]) == expected else { break }
                arguments.removeLast()
            }
        }
        let joined = arguments.joined(separator: ", ")
        let text = name + "<" + joined + (joined.hasSuffix(">") ? " >" : ">")
        return aliases[compact(text)] ?? text
    }

    /// `text` without spaces, for comparing spellings (`> >` and `>>`, `int const` and
    /// `intconst` alike).
    static func compact(_ text: String) -> String {
        String(text.filter { $0 != " " })
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }

    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
