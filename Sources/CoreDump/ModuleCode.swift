internal import CElfUtils

/// Reads bytes from the file of the module that covers an address, for what a core does not
/// hold itself: the kernel dumps file-backed code and read-only data (`.text`, `.rodata`)
/// only when asked to.
struct ModuleCode {
    let session: DwflSession

    /// The little-endian 32-bit word at `address` in the module's file, or nil when no
    /// module with a readable file covers it.
    func word32(at address: UInt64) -> UInt64? {
        guard let bytes = bytes(at: address, count: 4, readOnlyOnly: false) else { return nil }
        return UInt64(bytes[0]) | UInt64(bytes[1]) << 8 | UInt64(bytes[2]) << 16 | UInt64(bytes[3]) << 24
    }

    /// `count` bytes at `address` from the `PT_LOAD` segment of the module's file that holds
    /// them, or nil when no module with a readable file covers them all. With `readOnlyOnly`,
    /// writable segments do not count: the file has their initial values, not the process's.
    func bytes(at address: UInt64, count: Int, readOnlyOnly: Bool) -> [UInt8]? {
        guard count > 0 else { return nil }
        return session.perform {
            guard let module = dwfl_addrmodule(session.dwfl, address) else { return nil }
            var bias: Dwarf_Addr = 0
            guard let elf = dwfl_module_getelf(module, &bias) else { return nil }
            let fileAddress = address &- bias
            var headerCount = 0
            guard elf_getphdrnum(elf, &headerCount) == 0 else { return nil }
            for index in 0..<Int32(clamping: headerCount) {
                var header = GElf_Phdr()
                guard gelf_getphdr(elf, index, &header) != nil, header.p_type == UInt32(PT_LOAD),
                      !readOnlyOnly || header.p_flags & UInt32(PF_W) == 0,
                      header.p_vaddr <= fileAddress,
                      fileAddress &+ UInt64(count) <= header.p_vaddr &+ header.p_filesz
                else { continue }
                let offset = header.p_offset &+ (fileAddress - header.p_vaddr)
                guard offset <= UInt64(Int64.max),
                      let data = elf_getdata_rawchunk(elf, Int64(offset), count, ELF_T_BYTE),
                      let start = data.pointee.d_buf, data.pointee.d_size == count
                else { return nil }
                return Array(UnsafeRawBufferPointer(start: start, count: count))
            }
            return nil
        }
    }
}
