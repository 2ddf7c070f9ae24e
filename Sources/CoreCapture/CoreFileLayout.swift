/// Where everything goes in the core file: the ELF header, the program headers (`PT_NOTE`
/// first, then one `PT_LOAD` per segment), the notes, then each segment's bytes from a page
/// boundary, as the kernel lays a core out.
struct CoreFileLayout {
    static let elfHeaderSize: UInt64 = 64
    static let programHeaderSize: UInt64 = 56

    var segments: [CoreSegment]
    var noteOffset: UInt64
    var noteSize: UInt64
    /// The file's size once every segment is written.
    var fileSize: UInt64

    /// - Throws: ``CaptureError/systemCallFailed(operation:reason:)`` when the process has
    ///   more mappings than `e_phnum` can count (`PN_XNUM` is not written yet).
    init(segments: [CoreSegment], noteSize: Int, pageSize: UInt64) throws(CaptureError) {
        guard segments.count + 1 < 0xFFFF else {
            throw CaptureError.systemCallFailed(
                operation: "laying out the core", reason: "\(segments.count) mappings are more program headers than e_phnum holds")
        }
        noteOffset = Self.elfHeaderSize + Self.programHeaderSize * UInt64(segments.count + 1)
        self.noteSize = UInt64(noteSize)
        var offset = (noteOffset + self.noteSize + pageSize - 1) / pageSize * pageSize
        self.segments = segments.map { segment in
            var placed = segment
            placed.fileOffset = offset
            offset += segment.dumpedSize
            return placed
        }
        fileSize = segments.contains { $0.dumpedSize > 0 } ? offset : noteOffset + self.noteSize
    }

    /// The ELF header and every program header of an x86_64 `ET_CORE`.
    func headers(pageSize: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.append([0x7F, 0x45, 0x4C, 0x46, 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */, 1 /* EV_CURRENT */, 0 /* ELFOSABI_NONE */])
        writer.zeros(8)
        writer.u16(4)                                    // e_type: ET_CORE
        writer.u16(62)                                   // e_machine: EM_X86_64
        writer.u32(1)                                    // e_version
        writer.u64(0)                                    // e_entry
        writer.u64(Self.elfHeaderSize)                   // e_phoff
        writer.u64(0)                                    // e_shoff: no sections, as the kernel
        writer.u32(0)                                    // e_flags
        writer.u16(UInt16(Self.elfHeaderSize))           // e_ehsize
        writer.u16(UInt16(Self.programHeaderSize))       // e_phentsize
        writer.u16(UInt16(segments.count + 1))           // e_phnum
        writer.u16(0)                                    // e_shentsize
        writer.u16(0)                                    // e_shnum
        writer.u16(0)                                    // e_shstrndx
        programHeader(type: 4 /* PT_NOTE */, flags: 0, offset: noteOffset, address: 0,
                      fileSize: noteSize, memorySize: 0, alignment: 4, into: &writer)
        for segment in segments {
            let mapping = segment.mapping
            let flags = (mapping.isReadable ? 4 : 0) | (mapping.isWritable ? 2 : 0) | (mapping.isExecutable ? 1 : 0)
            programHeader(type: 1 /* PT_LOAD */, flags: UInt32(flags), offset: segment.fileOffset,
                          address: mapping.startAddress, fileSize: segment.dumpedSize,
                          memorySize: mapping.size, alignment: pageSize, into: &writer)
        }
        return writer.bytes
    }

    private func programHeader(
        type: UInt32, flags: UInt32, offset: UInt64, address: UInt64, fileSize: UInt64,
        memorySize: UInt64, alignment: UInt64, into writer: inout ByteWriter
    ) {
        writer.u32(type)
        writer.u32(flags)
        writer.u64(offset)
        writer.u64(address)   // p_vaddr
        writer.u64(0)         // p_paddr
        writer.u64(fileSize)
        writer.u64(memorySize)
        writer.u64(alignment)
    }
}
