/// A symbol of the process that covers an address: a function, or a global variable such as
/// a lock (`model_lock`) or a counter.
public struct SymbolReference: Equatable, Hashable, Sendable {
    /// The symbol's (demangled) name.
    public var name: String
    /// The symbol's first address.
    public var address: UInt64
    /// The symbol's size in bytes, 0 when unknown.
    public var size: UInt64
    /// How far into the symbol the looked-up address lies.
    public var offset: UInt64

    public init(name: String, address: UInt64, size: UInt64, offset: UInt64) {
        self.name = name
        self.address = address
        self.size = size
        self.offset = offset
    }

    /// `name` or `name+0x10`.
    public var description: String {
        offset == 0 ? name : name + "+0x" + String(offset, radix: 16)
    }
}

/// Symbol tables of the process's modules, for naming data addresses and finding globals
/// (`__abort_msg`, `main_arena`) by name.
public protocol SymbolLookup: AnyObject {
    /// The symbol whose range covers `address`.
    func symbol(containing address: UInt64) -> SymbolReference?
    /// The address of the symbol called `name` (global symbols win over local ones).
    func address(ofSymbol name: String) -> UInt64?
    /// The DWARF path of `address` inside the global variable `symbol` that contains it
    /// (`sessions[1].lock`, `state.queue_lock`), nil when no debug information describes the
    /// variable or the path adds nothing to the symbol's name.
    func variablePath(of address: UInt64, in symbol: SymbolReference) -> String?
    /// The C++ type a mangled type name (a `type_info`'s name, `St13runtime_error`) spells:
    /// `std::runtime_error`; nil when it does not demangle.
    func demangledTypeName(_ mangled: String) -> String?
}

extension SymbolLookup {
    /// No path: a lookup without debug information names addresses by symbol and offset.
    public func variablePath(of address: UInt64, in symbol: SymbolReference) -> String? { nil }
    /// No demangler: the mangled name stands.
    public func demangledTypeName(_ mangled: String) -> String? { nil }
}
