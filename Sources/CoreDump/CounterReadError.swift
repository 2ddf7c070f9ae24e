/// Why an integer could not be read from the core by ``LoadedCore/readCounter(_:)``. Each
/// description is one line that says what to do. Expressions in the cases are spelled as the
/// reader normalized them (`server->backlog.count`), up to the part that failed.
public enum CounterReadError: Error, Equatable, CustomStringConvertible {
    /// The expression does not follow the grammar: a global variable's name, then `.member`,
    /// `->member` and `[N]`. `column` counts characters from 1.
    case syntax(expression: String, column: Int, expected: String)
    /// No module's DWARF nor symbol table has a global of that name.
    case unknownVariable(name: String)
    /// The symbol table of `module` has the variable, but no DWARF describes its type;
    /// `moduleHasDebugInfo` tells a module without debug info from one whose debug info
    /// leaves this variable out (static glibc, objects compiled without `-g`).
    case noDebugInfo(name: String, module: String, moduleHasDebugInfo: Bool)
    /// The name is a function's, not a variable's.
    case function(name: String)
    /// The variable is thread-local (`DW_OP_form_tls_address`, `DW_OP_GNU_push_tls_address`,
    /// or an `STT_TLS` symbol): each thread has its own copy, which this reader does not locate.
    case threadLocal(name: String)
    /// DWARF describes the variable but gives it no fixed address: it was optimized out, only
    /// its constant value was kept, or its location is not a plain address.
    case noAddress(name: String, reason: String)
    /// The struct or union has no data member of that name; `members` are the ones it has
    /// (those of anonymous members and base classes included).
    case unknownMember(expression: String, typeName: String, member: String, members: [String])
    /// `.member` or `->member` was applied to something that is not a struct, class or union.
    case notAStruct(expression: String, typeName: String, member: String)
    /// The struct is only declared in the debug info that was found; its members are unknown.
    case incompleteType(expression: String, typeName: String)
    /// `[N]` was applied to something that is neither an array nor a pointer.
    case notIndexable(expression: String, typeName: String)
    /// `[index]` is past the end of an array of `count` elements.
    case indexOutOfRange(expression: String, index: UInt64, count: UInt64)
    /// A pointer on the way to the integer is NULL.
    case nullPointer(expression: String)
    /// The expression ends at something other than an integer; `suggestion` is an expression
    /// that would name an integer inside it, when there is an obvious one.
    case notAnInteger(expression: String, typeName: String, suggestion: String?)
    /// An integer wider than 8 bytes (`__int128`) or of an odd size.
    case unsupportedSize(expression: String, typeName: String, byteSize: Int)
    /// The member is a bit-field, which this reader does not extract.
    case bitField(expression: String)
    /// The bytes at `address` are neither in the core nor in a read-only segment of a
    /// module's file.
    case notInCore(expression: String, address: UInt64)

    public var description: String {
        switch self {
        case .syntax(let expression, let column, let expected):
            return "cannot parse `\(expression)` at column \(column): expected \(expected)"
        case .unknownVariable(let name):
            return "no global variable `\(name)` in the executable or its libraries"
        case .noDebugInfo(let name, let module, let moduleHasDebugInfo):
            let reason = moduleHasDebugInfo ? "the debug info of \(module) does not describe it" : "\(module) has no debug info"
            return "`\(name)` has no DWARF type information (\(reason)): install its debug symbols or pass --debug-dir"
        case .function(let name):
            return "`\(name)` is a function, not a variable: name a global variable"
        case .threadLocal(let name):
            return "`\(name)` is thread-local, and reading thread-local variables is not supported: name a global variable"
        case .noAddress(let name, let reason):
            return "`\(name)` has no address in memory (\(reason)): name a variable that the program stores"
        case .unknownMember(let expression, let typeName, let member, let members):
            let shown = members.prefix(16).joined(separator: ", ") + (members.count > 16 ? " and \(members.count - 16) more" : "")
            let list = members.isEmpty ? "it has no data members" : "its members are \(shown)"
            return "`\(expression)` (\(typeName)) has no member `\(member)`; \(list)"
        case .notAStruct(let expression, let typeName, let member):
            return "`\(expression)` is \(Self.article(typeName)) \(typeName), not a struct or union: it has no member `\(member)`"
        case .incompleteType(let expression, let typeName):
            return "`\(expression)` is \(Self.article(typeName)) \(typeName) whose members the debug info does not list: install the debug symbols of the module that defines it"
        case .notIndexable(let expression, let typeName):
            return "`\(expression)` is \(Self.article(typeName)) \(typeName), not an array or pointer: it cannot be indexed"
        case .indexOutOfRange(let expression, let index, let count):
            return "index \(index) is out of range: `\(expression)` has \(count) elements"
        case .nullPointer(let expression):
            return "`\(expression)` is NULL"
        case .notAnInteger(let expression, let typeName, let suggestion):
            let head = "`\(expression)` is \(Self.article(typeName)) \(typeName), not an integer"
            guard let suggestion else { return head }
            let action = suggestion.hasSuffix("]") ? "read an element" : "name one of its members"
            return head + ": \(action), e.g. `\(suggestion)`"
        case .unsupportedSize(let expression, let typeName, let byteSize):
            return "`\(expression)` is \(Self.article(typeName)) \(typeName) of \(byteSize) bytes: only integers of 1, 2, 4 or 8 bytes can be read"
        case .bitField(let expression):
            return "`\(expression)` is a bit-field, and reading bit-fields is not supported: name a whole member"
        case .notInCore(let expression, let address):
            return "`\(expression)` at 0x\(String(address, radix: 16)) is not in the core: the mapping was not dumped or the core is truncated"
        }
    }

    /// "a" or "an" before a type name: an int, an unsigned, a union, a uint32_t.
    private static func article(_ typeName: String) -> String {
        guard let first = typeName.first?.lowercased() else { return "a" }
        if "aeio".contains(first) { return "an" }
        return first == "u" && (typeName.hasPrefix("unsigned") || typeName.hasPrefix("und")) ? "an" : "a"
    }
}
