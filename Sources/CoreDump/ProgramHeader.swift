/// The fields of one ELF program header that the reader uses, in 64-bit form for both classes.
///
/// Headers come from ``ProgramHeaderTable``, which decodes them at explicit offsets and makes
/// them consistent once (``clamped()``), so that no later arithmetic on them can overflow:
/// `virtualAddress + memorySize` and `fileOffset + fileSize` fit in 64 bits, and a `PT_LOAD`'s
/// `fileSize` is at most its `memorySize`.
struct ProgramHeader: Equatable {
    /// `p_type` (`PT_LOAD`, `PT_NOTE` ...).
    var type: UInt32
    /// Where the segment's bytes start in the file.
    var fileOffset: UInt64
    /// How many bytes the file holds for the segment (0 for memory that was not dumped).
    var fileSize: UInt64
    /// The segment's first virtual address in the process.
    var virtualAddress: UInt64
    /// The segment's size in the process. A segment that ends at the top of the address space
    /// has `virtualAddress &+ memorySize == 0`.
    var memorySize: UInt64
    /// `p_align`.
    var alignment: UInt64
    /// `p_flags`: `PF_X` 1, `PF_W` 2, `PF_R` 4.
    var flags: UInt32

    /// `PT_LOAD`.
    static let loadType: UInt32 = 1
    /// `PT_NOTE`.
    static let noteType: UInt32 = 4

    /// Decodes the `Elf64_Phdr` (`wordSize` 8) or `Elf32_Phdr` (4) at `offset` of `bytes`, or
    /// returns nil when it does not fit.
    init?(decoding bytes: ByteReader, at offset: Int, wordSize: Int) {
        if wordSize == 8 {
            guard let type = bytes.uint32(at: offset), let flags = bytes.uint32(at: offset + 4),
                  let fileOffset = bytes.uint64(at: offset + 8), let virtualAddress = bytes.uint64(at: offset + 16),
                  let fileSize = bytes.uint64(at: offset + 32), let memorySize = bytes.uint64(at: offset + 40),
                  let alignment = bytes.uint64(at: offset + 48)
            else { return nil }
            self.init(
                type: type, fileOffset: fileOffset, fileSize: fileSize, virtualAddress: virtualAddress,
                memorySize: memorySize, alignment: alignment, flags: flags)
        } else {
            guard let type = bytes.uint32(at: offset), let fileOffset = bytes.uint32(at: offset + 4),
                  let virtualAddress = bytes.uint32(at: offset + 8), let fileSize = bytes.uint32(at: offset + 16),
                  let memorySize = bytes.uint32(at: offset + 20), let flags = bytes.uint32(at: offset + 24),
                  let alignment = bytes.uint32(at: offset + 28)
            else { return nil }
            self.init(
                type: type, fileOffset: UInt64(fileOffset), fileSize: UInt64(fileSize),
                virtualAddress: UInt64(virtualAddress), memorySize: UInt64(memorySize),
                alignment: UInt64(alignment), flags: flags)
        }
    }

    init(
        type: UInt32, fileOffset: UInt64, fileSize: UInt64, virtualAddress: UInt64, memorySize: UInt64,
        alignment: UInt64, flags: UInt32
    ) {
        self.type = type
        self.fileOffset = fileOffset
        self.fileSize = fileSize
        self.virtualAddress = virtualAddress
        self.memorySize = memorySize
        self.alignment = alignment
        self.flags = flags
    }

    /// What ``clamped()`` changed in a header.
    enum Inconsistency: Equatable, CaseIterable {
        /// `p_vaddr + p_memsz` passes the top of the address space: cut there.
        case wrapsAddressSpace
        /// A `PT_LOAD`'s `p_filesz` exceeds its `p_memsz`: cut to `p_memsz`.
        case fileSizeExceedsMemorySize
        /// `p_offset + p_filesz` passes 2^64: cut there.
        case wrapsFileOffsets
    }

    /// The header with sizes cut so that its ranges fit in 64 bits, and what was cut.
    func clamped() -> (header: ProgramHeader, inconsistencies: [Inconsistency]) {
        var header = self
        var found: [Inconsistency] = []
        if type == Self.loadType {
            // The bytes left above the start address (2^64 - virtualAddress, 0 meaning 2^64).
            let room = 0 &- virtualAddress
            if room != 0 && memorySize > room {
                header.memorySize = room
                found.append(.wrapsAddressSpace)
            }
            if header.fileSize > header.memorySize {
                header.fileSize = header.memorySize
                found.append(.fileSizeExceedsMemorySize)
            }
        }
        if header.fileSize > UInt64.max - fileOffset {
            header.fileSize = UInt64.max - fileOffset
            found.append(.wrapsFileOffsets)
        }
        return (header, found)
    }
}
