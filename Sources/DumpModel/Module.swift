/// What the reader could find for a module's code and symbols.
public enum SymbolStatus: Equatable, Hashable, Sendable {
    /// DWARF debug information was found: functions, source lines and inlined calls.
    case debugInfo
    /// Only the ELF symbol table (`.symtab` or `.dynsym`): functions, no source lines.
    case symbolsOnly
    /// The file was found but has no symbols at all: frames show as module+offset.
    case noSymbols
    /// No file was found for the module: frames show as module+offset.
    case missing
    /// The file found on disk has a different build-id than the core recorded: it was not
    /// used, because its symbols would name the wrong functions.
    case buildIDMismatch(fileBuildID: String)
}

/// A loaded ELF object (the executable, a shared library, the vDSO) as mapped in the process.
public struct Module: Equatable, Hashable, Sendable {
    /// The path the process mapped it from (from `NT_FILE` or the dynamic linker's link map),
    /// or a pseudo name such as `[vdso]`.
    public var name: String
    /// The first address of the module in the process.
    public var startAddress: UInt64
    /// One past the last address of the module in the process.
    public var endAddress: UInt64
    /// The GNU build-id recorded in the core, as lower-case hex, or nil when none is known.
    public var buildID: String?
    /// The file the symbols were read from, when one was found (may differ from ``name``
    /// with `--exe`, `--sysroot` or a build-id lookup).
    public var filePath: String?
    /// The separate debug file (`.debug`), when one was used.
    public var debugFilePath: String?
    /// Whether code and symbols were found, and how rich they are.
    public var symbolStatus: SymbolStatus

    public init(
        name: String, startAddress: UInt64, endAddress: UInt64, buildID: String?,
        filePath: String?, debugFilePath: String?, symbolStatus: SymbolStatus
    ) {
        self.name = name
        self.startAddress = startAddress
        self.endAddress = endAddress
        self.buildID = buildID
        self.filePath = filePath
        self.debugFilePath = debugFilePath
        self.symbolStatus = symbolStatus
    }

    /// The last path component of ``name``.
    public var shortName: String {
        name.split(separator: "/").last.map(String.init) ?? name
    }
}
