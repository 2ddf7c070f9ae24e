import CElfUtils

/// Reads code bytes from the file of the module that covers an address, for cores that do not
/// hold the code itself (the kernel dumps file-backed text only when asked to).
struct ModuleCode {
    let session: DwflSession

    /// The little-endian 32-bit word at `address` in the module's file, or nil when no
    /// module with a readable file covers it.
    func word32(at address: UInt64) -> UInt64? {
        session.perform {
            guard let module = dwfl_addrmodule(session.dwfl, address) else { return nil }
            var bias: Dwarf_Addr = 0
            guard let elf = dwfl_module_getelf(module, &bias) else { return nil }
            let fileAddress = address &- bias
            var headerCount = 0
            guard elf_getphdrnum(elf, &headerCount) == 0 else { return nil }
            for index in 0..<Int32(clamping: headerCount) {
                var header = GElf_Phdr()
                guard gelf_getphdr(elf, index, &header) != nil, header.p_type == UInt32(PT_LOAD),
                      header.p_vaddr <= fileAddress, fileAddress &+ 4 <= header.p_vaddr &+ header.p_filesz
                else { continue }
                let offset = header.p_offset + (fileAddress - header.p_vaddr)
                guard let data = elf_getdata_rawchunk(elf, Int64(offset), 4, ELF_T_BYTE),
                      let bytes = data.pointee.d_buf, data.pointee.d_size == 4
                else { return nil }
                return UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
            }
            return nil
        }
    }
}
