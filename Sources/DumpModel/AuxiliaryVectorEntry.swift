/// One entry of the process's ELF auxiliary vector (`NT_AUXV`).
public struct AuxiliaryVectorEntry: Equatable, Hashable, Sendable {
    /// The `AT_*` type number.
    public var type: UInt64
    /// The value.
    public var value: UInt64

    public init(type: UInt64, value: UInt64) {
        self.type = type
        self.value = value
    }

    /// The conventional name of ``type`` (`AT_ENTRY`), or `AT_<n>` for numbers without one.
    public var typeName: String {
        Self.names[type] ?? "AT_\(type)"
    }

    private static let names: [UInt64: String] = [
        0: "AT_NULL", 3: "AT_PHDR", 4: "AT_PHENT", 5: "AT_PHNUM", 6: "AT_PAGESZ", 7: "AT_BASE",
        8: "AT_FLAGS", 9: "AT_ENTRY", 11: "AT_UID", 12: "AT_EUID", 13: "AT_GID", 14: "AT_EGID",
        15: "AT_PLATFORM", 16: "AT_HWCAP", 17: "AT_CLKTCK", 23: "AT_SECURE",
        24: "AT_BASE_PLATFORM", 25: "AT_RANDOM", 26: "AT_HWCAP2", 31: "AT_EXECFN",
        32: "AT_SYSINFO", 33: "AT_SYSINFO_EHDR", 51: "AT_MINSIGSTKSZ",
    ]
}
