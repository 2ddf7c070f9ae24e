internal import CElfUtils

/// The symbols of a module whose ELF image libdwfl built from core memory (the vDSO), for
/// lookups that `dwfl_module_addrinfo` gets wrong. When the core is read with `pread`
/// instead of mapped, the image libdwfl builds has zeroed section headers, so every symbol
/// looks as if it were in a section that is not loaded (`SHF_ALLOC` clear): libdwfl leaves
/// its value as linked (`__kernel_vsyscall` at 0x5e0 instead of 0xf7fe45e0, or at 0xffffe420
/// instead of 0xf77f7420 for an old vDSO linked at 0xffffe000) and finds nothing at a real
/// address. `dwfl_module_getsym_info` says which values it left so (section index -1); those
/// are relocated here by the module's bias.
struct MemoryImageSymbols {
    private struct Entry {
        var start: UInt64
        var size: UInt64
        var name: String
    }

    private let entries: [Entry]

    /// The defined, sized symbols of `module`, or nil when it was read from a file (libdwfl
    /// relocates those correctly) or has no symbols.
    init?(module: OpaquePointer) {
        var mainFile: UnsafePointer<CChar>?
        _ = dwfl_module_info(module, nil, nil, nil, nil, nil, &mainFile, nil)
        var bias: Dwarf_Addr = 0
        guard mainFile == nil, dwfl_module_getelf(module, &bias) != nil else { return nil }
        let count = dwfl_module_getsymtab(module)
        guard count > 0 else { return nil }
        var entries: [Entry] = []
        for index in 0..<count {
            var symbol = GElf_Sym()
            var address: GElf_Addr = 0
            var section: GElf_Word = 0
            guard let name = dwfl_module_getsym_info(module, index, &symbol, &address, &section, nil, nil),
                  symbol.st_size > 0, symbol.st_shndx != UInt16(SHN_UNDEF), symbol.st_shndx < UInt16(SHN_LORESERVE)
            else { continue }
            let value = section == GElf_Word.max ? address &+ bias : address
            entries.append(Entry(start: value, size: symbol.st_size, name: String(cString: name)))
        }
        guard !entries.isEmpty else { return nil }
        self.entries = entries.sorted { $0.start < $1.start }
    }

    /// The symbol covering `address` and the address's offset into it.
    func symbol(at address: UInt64) -> (name: String, offset: UInt64)? {
        guard let index = entries.lastIndex(withKeyAtMost: address, key: \.start) else { return nil }
        let entry = entries[index]
        return address - entry.start < entry.size ? (entry.name, address - entry.start) : nil
    }
}
