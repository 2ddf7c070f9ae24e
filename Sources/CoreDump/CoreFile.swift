import CElfUtils
import Glibc
import DumpModel

/// An open core file: its descriptor, the libelf handle on a read-only memory mapping of it,
/// and the facts of its ELF header. Nothing of it is read until it is touched, and the
/// mapping is advised random access, so that a large sparse core costs page cache only for
/// the pages that the unwinder reads.
final class CoreFile {
    /// The path the user gave.
    let path: String
    /// The libelf handle (`Elf *`), valid as long as this object lives.
    let elf: OpaquePointer
    /// The whole file as mapped by libelf.
    let image: UnsafeRawBufferPointer
    /// The machine the core was written for.
    let architecture: Architecture
    /// 4 for ELFCLASS32 cores, 8 for ELFCLASS64 ones.
    let wordSize: Int
    /// Every program header, in file order.
    let programHeaders: [ProgramHeader]
    /// Who wrote the core, judged by its section headers.
    let producer: CoreProducer
    /// Whether the file was zstd-compressed and is read from a private decompressed copy.
    let wasCompressed: Bool
    private let descriptor: Int32

    /// Opens, decompresses if needed, and validates a core file.
    ///
    /// - Throws: ``CoreDumpError`` when the file is missing, empty, not ELF, an executable
    ///   rather than a core, for an unsupported machine, or its headers are corrupt.
    init(path: String) throws {
        self.path = path
        var descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT
                ? CoreDumpError.fileNotFound(path: path)
                : CoreDumpError.cannotRead(path: path, reason: errnoText())
        }
        var magic = [UInt8](repeating: 0, count: 4)
        let magicLength = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4, 0) }
        if magicLength == 0 {
            close(descriptor)
            throw CoreDumpError.emptyFile(path: path)
        }
        if magicLength < 0 {
            let reason = errnoText()
            close(descriptor)
            throw CoreDumpError.cannotRead(path: path, reason: reason)
        }
        var compressed = false
        if magicLength == 4 && magic == ZstdDecompressor.magic {
            do {
                let decompressed = try ZstdDecompressor.decompressToTemporaryFile(input: descriptor, path: path)
                close(descriptor)
                descriptor = decompressed
                compressed = true
            } catch {
                close(descriptor)
                throw error
            }
        }
        self.descriptor = descriptor
        self.wasCompressed = compressed
        do {
            let header = try Self.openELF(descriptor: descriptor, path: path)
            self.elf = header.elf
            self.image = header.image
            self.architecture = header.architecture
            self.wordSize = header.wordSize
            self.programHeaders = header.programHeaders
            self.producer = header.producer
        } catch {
            close(descriptor)
            throw error
        }
    }

    deinit {
        elf_end(elf)
        close(descriptor)
    }

    /// The bytes at `offset..<offset+count` of the file, clipped to its end: a truncated core
    /// yields fewer bytes than asked for (possibly none).
    func bytes(at offset: UInt64, count: UInt64) -> UnsafeRawBufferPointer {
        let size = UInt64(image.count)
        guard offset < size else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let available = min(count, size - offset)
        return UnsafeRawBufferPointer(rebasing: image[Int(offset)..<Int(offset + available)])
    }

    /// The size of the file in bytes (of the decompressed copy for a compressed core).
    var fileSize: UInt64 { UInt64(image.count) }

    private struct Header {
        var elf: OpaquePointer
        var image: UnsafeRawBufferPointer
        var architecture: Architecture
        var wordSize: Int
        var programHeaders: [ProgramHeader]
        var producer: CoreProducer
    }

    private static func openELF(descriptor: Int32, path: String) throws -> Header {
        elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ_MMAP, nil) else {
            throw CoreDumpError.cannotRead(path: path, reason: String(cString: elf_errmsg(-1)))
        }
        do {
            return try readHeader(elf: elf, path: path)
        } catch {
            elf_end(elf)
            throw error
        }
    }

    private static func readHeader(elf: OpaquePointer, path: String) throws -> Header {
        guard elf_kind(elf) == ELF_K_ELF else { throw CoreDumpError.notELF(path: path) }
        var rawSize = 0
        guard let rawBase = elf_rawfile(elf, &rawSize), rawSize > 0 else {
            throw CoreDumpError.cannotRead(path: path, reason: String(cString: elf_errmsg(-1)))
        }
        var ehdr = GElf_Ehdr()
        guard gelf_getehdr(elf, &ehdr) != nil else {
            throw CoreDumpError.corruptHeader(path: path, reason: "the ELF header is cut short")
        }
        switch Int32(ehdr.e_type) {
        case ET_CORE: break
        case ET_EXEC, ET_DYN: throw CoreDumpError.executableNotCore(path: path)
        default: throw CoreDumpError.notACore(path: path, elfType: ehdr.e_type)
        }
        let elfClass = Int32(gelf_getclass(elf))
        let architecture = Self.architecture(machine: ehdr.e_machine)
        let identification = UnsafeRawBufferPointer(start: rawBase, count: rawSize)
        guard identification.count > Int(EI_DATA), identification[Int(EI_DATA)] == UInt8(ELFDATA2LSB) else {
            throw CoreDumpError.unsupportedArchitecture(path: path, machine: "a big-endian machine")
        }
        let expectedClass: Int32 = architecture.pointerSize == 8 ? ELFCLASS64 : ELFCLASS32
        if case .unsupported = architecture {
            throw CoreDumpError.unsupportedArchitecture(path: path, machine: "ELF machine \(ehdr.e_machine)")
        }
        guard elfClass == expectedClass else {
            throw CoreDumpError.corruptHeader(path: path, reason: "ELF class \(elfClass) does not match machine \(architecture)")
        }

        var headerCount = 0
        guard elf_getphdrnum(elf, &headerCount) == 0, headerCount > 0 else {
            throw CoreDumpError.corruptHeader(path: path, reason: "no readable program headers")
        }
        var programHeaders: [ProgramHeader] = []
        programHeaders.reserveCapacity(headerCount)
        for index in 0..<headerCount {
            var phdr = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &phdr) != nil else {
                throw CoreDumpError.corruptHeader(
                    path: path, reason: "program header \(index) of \(headerCount) is cut short (the file is truncated)")
            }
            programHeaders.append(ProgramHeader(
                type: phdr.p_type, flags: phdr.p_flags, fileOffset: phdr.p_offset, fileSize: phdr.p_filesz,
                virtualAddress: phdr.p_vaddr, memorySize: phdr.p_memsz, alignment: phdr.p_align))
        }

        madvise(UnsafeMutableRawPointer(mutating: rawBase), rawSize, MADV_RANDOM)
        return Header(
            elf: elf, image: UnsafeRawBufferPointer(start: rawBase, count: rawSize),
            architecture: architecture, wordSize: architecture.pointerSize,
            programHeaders: programHeaders, producer: producer(elf: elf, headerCount: headerCount))
    }

    private static func architecture(machine: UInt16) -> Architecture {
        switch Int32(machine) {
        case EM_X86_64: return .x86_64
        case EM_AARCH64: return .aarch64
        case EM_386: return .i386
        default: return .unsupported(machine: machine)
        }
    }

    /// The kernel writes no section headers, except one placeholder when the program headers
    /// overflow `e_phnum`; gdb, procdump and createdump write real sections.
    private static func producer(elf: OpaquePointer, headerCount: Int) -> CoreProducer {
        var sectionCount = 0
        guard elf_getshdrnum(elf, &sectionCount) == 0 else { return .kernel }
        if sectionCount == 0 { return .kernel }
        if sectionCount == 1 && headerCount >= Int(PN_XNUM) { return .kernel }
        return .tool
    }
}
