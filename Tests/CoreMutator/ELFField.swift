/// Where a field of the ELF header or of a program header sits, per ELF class: its offset in
/// the structure and its width in bytes.
public enum ELFField: String, CaseIterable, Sendable {
    case type = "e_type", machine = "e_machine", version = "e_version", entry = "e_entry"
    case programHeaderOffset = "e_phoff", sectionHeaderOffset = "e_shoff", flags = "e_flags"
    case headerSize = "e_ehsize", programHeaderEntrySize = "e_phentsize", programHeaderCount = "e_phnum"
    case sectionHeaderEntrySize = "e_shentsize", sectionHeaderCount = "e_shnum", sectionNameIndex = "e_shstrndx"

    /// (offset, width) in an ELF header of the class.
    public func location(is64: Bool) -> (offset: Int, width: Int) {
        let word = is64 ? 8 : 4
        let afterEntry = 24 + word
        switch self {
        case .type: return (16, 2)
        case .machine: return (18, 2)
        case .version: return (20, 4)
        case .entry: return (24, word)
        case .programHeaderOffset: return (afterEntry, word)
        case .sectionHeaderOffset: return (afterEntry + word, word)
        case .flags: return (afterEntry + 2 * word, 4)
        case .headerSize: return (afterEntry + 2 * word + 4, 2)
        case .programHeaderEntrySize: return (afterEntry + 2 * word + 6, 2)
        case .programHeaderCount: return (afterEntry + 2 * word + 8, 2)
        case .sectionHeaderEntrySize: return (afterEntry + 2 * word + 10, 2)
        case .sectionHeaderCount: return (afterEntry + 2 * word + 12, 2)
        case .sectionNameIndex: return (afterEntry + 2 * word + 14, 2)
        }
    }
}

/// Where a field of one program header sits, per ELF class (the 32-bit layout puts `p_flags`
/// after the sizes, the 64-bit one after `p_type`).
public enum ProgramHeaderField: String, CaseIterable, Sendable {
    case type = "p_type", flags = "p_flags", offset = "p_offset", virtualAddress = "p_vaddr"
    case physicalAddress = "p_paddr", fileSize = "p_filesz", memorySize = "p_memsz", alignment = "p_align"

    /// (offset, width) in a program header of the class.
    public func location(is64: Bool) -> (offset: Int, width: Int) {
        if is64 {
            switch self {
            case .type: return (0, 4)
            case .flags: return (4, 4)
            case .offset: return (8, 8)
            case .virtualAddress: return (16, 8)
            case .physicalAddress: return (24, 8)
            case .fileSize: return (32, 8)
            case .memorySize: return (40, 8)
            case .alignment: return (48, 8)
            }
        }
        switch self {
        case .type: return (0, 4)
        case .offset: return (4, 4)
        case .virtualAddress: return (8, 4)
        case .physicalAddress: return (12, 4)
        case .fileSize: return (16, 4)
        case .memorySize: return (20, 4)
        case .flags: return (24, 4)
        case .alignment: return (28, 4)
        }
    }

    /// The size of one program header of the class.
    public static func entrySize(is64: Bool) -> Int { is64 ? 56 : 32 }
}
