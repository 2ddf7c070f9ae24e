internal import CElfUtils
import DumpModel

/// The facts of a core's ELF header, decoded by hand at explicit offsets for both classes
/// before libelf sees the file, with extended numbering (`PN_XNUM`, `e_shnum` 0) resolved from
/// section header 0.
///
/// libelf's `elf_begin` builds a descriptor for every section the header claims, and
/// `gelf_getphdr` reads the whole program header table at once: a 180 KB zstd file that
/// decompresses to a sparse 4 GiB core claiming 67 million sections took 13 GB before any
/// check of ours. Reading the header first lets ``CoreReadLimits`` refuse such a core.
struct ELFHeader: Equatable {
    /// 4 for `ELFCLASS32`, 8 for `ELFCLASS64`.
    var wordSize: Int
    /// `e_type`.
    var type: UInt16
    /// `e_machine`.
    var machine: UInt16
    /// `e_phoff`.
    var programHeaderOffset: UInt64
    /// The number of program headers, `e_phnum` or, when that is `PN_XNUM`, section 0's
    /// `sh_info`.
    var programHeaderCount: UInt64
    /// The number of section headers, `e_shnum` or, when that is 0 with a section table,
    /// section 0's `sh_size`.
    var sectionHeaderCount: UInt64

    /// The size of one program header of this class.
    var programHeaderSize: Int { wordSize == 8 ? 56 : 32 }

    /// The four bytes every ELF file starts with: `\x7FELF`.
    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]
}

extension ELFHeader {
    /// Reads and checks the header of the ELF file `path` through `read`.
    ///
    /// - Parameters:
    ///   - path: the file's name for messages.
    ///   - read: reads up to `count` bytes at an offset, fewer at the end of the file.
    /// - Throws: ``CoreDumpError/notELF(path:)`` without the ELF magic number,
    ///   ``CoreDumpError/executableNotCore(path:)`` and ``CoreDumpError/notACore(path:elfType:)``
    ///   for other ELF files, ``CoreDumpError/unsupportedArchitecture(path:machine:)``, and
    ///   ``CoreDumpError/corruptHeader(path:reason:)`` for a header cut short, an unknown
    ///   class, a class that does not fit the machine, program headers of the wrong size or
    ///   more section headers than ``CoreReadLimits/maximumSectionHeaderCount``.
    init(path: String, read: (_ offset: UInt64, _ count: Int) -> [UInt8]) throws {
        let identification = read(0, 64)
        guard identification.count >= 4, identification[0..<4] == Self.magic[...] else {
            throw CoreDumpError.notELF(path: path)
        }
        guard identification.count > Int(EI_DATA) else {
            throw CoreDumpError.corruptHeader(path: path, reason: "the ELF header is cut short")
        }
        switch Int32(identification[Int(EI_CLASS)]) {
        case ELFCLASS32: wordSize = 4
        case ELFCLASS64: wordSize = 8
        default:
            throw CoreDumpError.corruptHeader(path: path, reason: "unknown ELF class \(identification[Int(EI_CLASS)])")
        }
        let headerSize = wordSize == 8 ? 64 : 52
        guard identification.count >= headerSize else {
            throw CoreDumpError.corruptHeader(path: path, reason: "the ELF header is cut short")
        }
        let wide = wordSize == 8
        let wordSize = wordSize  // a local: the closure cannot capture self before it is whole
        let fields = identification.withUnsafeBytes { bytes -> (
            type: UInt16, machine: UInt16, programHeaderOffset: UInt64, sectionHeaderOffset: UInt64,
            programHeaderEntrySize: UInt16, programHeaderCount: UInt16, sectionHeaderCount: UInt16
        )? in
            let reader = ByteReader(bytes: bytes)
            guard let type = reader.uint16(at: 16), let machine = reader.uint16(at: 18),
                  let programHeaderOffset = reader.word(at: wide ? 32 : 28, size: wordSize),
                  let sectionHeaderOffset = reader.word(at: wide ? 40 : 32, size: wordSize),
                  let programHeaderEntrySize = reader.uint16(at: wide ? 54 : 42),
                  let programHeaderCount = reader.uint16(at: wide ? 56 : 44),
                  let sectionHeaderCount = reader.uint16(at: wide ? 60 : 48)
            else { return nil }
            return (type, machine, programHeaderOffset, sectionHeaderOffset, programHeaderEntrySize,
                    programHeaderCount, sectionHeaderCount)
        }
        // Never nil: the guard above checked that the header is whole.
        guard let fields else {
            throw CoreDumpError.corruptHeader(path: path, reason: "the ELF header is cut short")
        }
        type = fields.type
        machine = fields.machine
        programHeaderOffset = fields.programHeaderOffset
        let sectionHeaderOffset = fields.sectionHeaderOffset
        let programHeaderEntrySize = Int(fields.programHeaderEntrySize)
        programHeaderCount = UInt64(fields.programHeaderCount)
        sectionHeaderCount = UInt64(fields.sectionHeaderCount)
        switch Int32(type) {
        case ET_CORE: break
        case ET_EXEC, ET_DYN: throw CoreDumpError.executableNotCore(path: path)
        default: throw CoreDumpError.notACore(path: path, elfType: type)
        }
        guard identification[Int(EI_DATA)] == UInt8(ELFDATA2LSB) else {
            throw CoreDumpError.unsupportedArchitecture(path: path, machine: "a big-endian machine")
        }
        let architecture = Self.architecture(machine: machine)
        if case .unsupported = architecture {
            throw CoreDumpError.unsupportedArchitecture(path: path, machine: "ELF machine \(machine)")
        }
        guard architecture.pointerSize == wordSize else {
            throw CoreDumpError.corruptHeader(
                path: path, reason: "ELF class \(wide ? ELFCLASS64 : ELFCLASS32) does not match machine \(architecture)")
        }
        guard programHeaderCount == 0 || programHeaderEntrySize == programHeaderSize else {
            throw CoreDumpError.corruptHeader(
                path: path,
                reason: "program headers of \(programHeaderEntrySize) bytes (e_phentsize): ELFCLASS\(wordSize * 8) headers have \(programHeaderSize)")
        }
        if sectionHeaderOffset != 0 && (programHeaderCount == UInt64(PN_XNUM) || sectionHeaderCount == 0) {
            // Section header 0 holds the counts that do not fit the header.
            let first = read(sectionHeaderOffset, wide ? 64 : 40)
            guard first.count == (wide ? 64 : 40) else {
                throw CoreDumpError.corruptHeader(
                    path: path, reason: "section header 0, which holds the number of headers, is cut short")
            }
            // Both are in the header just read whole, so neither read fails.
            let (info, size) = first.withUnsafeBytes { bytes in
                let reader = ByteReader(bytes: bytes)
                return (reader.uint32(at: wide ? 44 : 28), reader.word(at: wide ? 32 : 20, size: wordSize))
            }
            if programHeaderCount == UInt64(PN_XNUM), let info {
                programHeaderCount = UInt64(info)
            }
            if sectionHeaderCount == 0, let size {
                sectionHeaderCount = size
            }
        }
        // libelf's `elf_begin` allocates a descriptor for each section.
        let sectionLimit = CoreReadLimits.maximumSectionHeaderCount
        guard sectionHeaderCount <= UInt64(sectionLimit) else {
            throw CoreDumpError.corruptHeader(
                path: path,
                reason: "it claims \(sectionHeaderCount) section headers, more than the \(sectionLimit) the reader accepts (no tool writes so many)")
        }
    }

    /// The architecture an `e_machine` value names.
    var architecture: Architecture { Self.architecture(machine: machine) }

    private static func architecture(machine: UInt16) -> Architecture {
        switch Int32(machine) {
        case EM_X86_64: return .x86_64
        case EM_AARCH64: return .aarch64
        case EM_386: return .i386
        default: return .unsupported(machine: machine)
        }
    }
}
