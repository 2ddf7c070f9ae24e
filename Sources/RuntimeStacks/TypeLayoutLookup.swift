/// Where a member lies in a structure, as the program's debug information describes it.
public struct TypeMemberLayout: Equatable, Sendable {
    /// The member's offset from the start of the outermost structure looked up, in bytes.
    public var offset: UInt64
    /// The member's size in bytes.
    public var size: UInt64

    public init(offset: UInt64, size: UInt64) {
        self.offset = offset
        self.size = size
    }
}

/// Structure layouts by type name, from the DWARF of the process's modules: what a runtime
/// reader needs to read a runtime's structures whose layout changes between its versions (Go's
/// `runtime.g`, whose fields move in every release, ships its DWARF in every binary).
public protocol TypeLayoutLookup: AnyObject {
    /// The size in bytes of the structure called `type` (`runtime.g`), nil when no module's
    /// DWARF defines it.
    func size(ofType type: String) -> UInt64?
    /// The layout of the member at `path` in the structure called `type`: a member name, or
    /// names of nested structure members joined by dots (`sched.pc`), nil when a name is
    /// missing or a member on the path is not a structure.
    func member(_ path: String, ofType type: String) -> TypeMemberLayout?
    /// The same lookup over the DWARF of the one module whose image holds `address` (the
    /// module that defines a runtime's state), so that a runtime whose module has no DWARF
    /// costs no walk of other modules' DWARF; nil when no module holds it.
    func scoped(toModuleContaining address: UInt64) -> (any TypeLayoutLookup)?
}
