internal import CElfUtils
import Glibc
import DumpModel

/// An open core file: its descriptor, the libelf handle, and the facts of its ELF header.
///
/// The file is read with `pread`, as gdb and drgn do, never mapped: with the core in the
/// page cache, faults on a mapping of a large sparse core map whole folios around every
/// touched byte (2 GB resident for a 1,000-thread core with a 4 GiB heap). libelf reads it
/// with `pread` too (`ELF_C_READ`), never the whole file: only `elf_rawfile` would.
final class CoreFile {
    /// The path the user gave.
    let path: String
    /// The libelf handle (`Elf *`), valid as long as this object lives.
    let elf: OpaquePointer
    /// The size of the file in bytes (of the decompressed copy for a compressed core).
    let fileSize: UInt64
    /// The machine the core was written for.
    let architecture: Architecture
    /// 4 for ELFCLASS32 cores, 8 for ELFCLASS64 ones.
    let wordSize: Int
    /// Every program header, in file order.
    let programHeaders: [ProgramHeader]
    /// Who wrote the core, judged by its section headers: kernel or tool. The reader makes it
    /// ``DumpModel/CoreProducer/analyzeDump`` when the notes hold a ``DumpModel/CaptureNote``,
    /// since `analyze-dump capture` writes no section headers, like the kernel.
    let producer: CoreProducer
    private let descriptor: Int32

    /// Opens, decompresses if needed, and validates a core file; `-` reads it from standard
    /// input.
    ///
    /// - Throws: ``CoreDumpError`` when the file is missing, empty, not ELF, an executable
    ///   rather than a core, for an unsupported machine, or its headers are corrupt.
    init(path requestedPath: String) throws {
        let readsStandardInput = requestedPath == "-"
        let path = readsStandardInput ? StandardInputSpool.displayName : requestedPath
        self.path = path
        var descriptor = readsStandardInput ? try StandardInputSpool.copy() : open(path, O_RDONLY | O_CLOEXEC)
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
        if magicLength == 4 && magic == ZstdDecompressor.magic {
            do {
                let decompressed = try ZstdDecompressor.decompressToTemporaryFile(input: descriptor, path: path)
                close(descriptor)
                descriptor = decompressed
            } catch {
                close(descriptor)
                throw error
            }
        }
        self.descriptor = descriptor
        var status = stat()
        fstat(descriptor, &status)
        self.fileSize = UInt64(max(0, status.st_size))
        do {
            let header = try Self.openELF(descriptor: descriptor, path: path)
            self.elf = header.elf
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

    /// Reads up to `count` bytes at `offset` into `buffer`, stopping at the end of the file.
    ///
    /// - Returns: the number of bytes read: fewer than asked for in a truncated core.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var done = 0
        while done < buffer.count {
            let result = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { break }
            done += result
        }
        return done
    }

    /// The bytes at `offset..<offset+count`, clipped to the end of the file.
    func read(at offset: UInt64, count: Int) -> [UInt8] {
        guard offset < fileSize else { return [] }
        let available = Int(min(UInt64(count), fileSize - offset))
        var bytes = [UInt8](repeating: 0, count: available)
        let read = bytes.withUnsafeMutableBytes { self.read(at: offset, into: $0) }
        return read == available ? bytes : Array(bytes.prefix(read))
    }

    /// How many of `count` bytes at `offset` the file holds.
    func availableBytes(at offset: UInt64, count: UInt64) -> UInt64 {
        offset < fileSize ? min(count, fileSize - offset) : 0
    }

    private struct Header {
        var elf: OpaquePointer
        var architecture: Architecture
        var wordSize: Int
        var programHeaders: [ProgramHeader]
        var producer: CoreProducer
    }

    private static func openELF(descriptor: Int32, path: String) throws -> Header {
        elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ, nil) else {
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
        guard elf_kind(elf) == ELF_K_ELF, let identification = elf_getident(elf, nil) else {
            throw CoreDumpError.notELF(path: path)
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
        guard UInt8(bitPattern: identification[Int(EI_DATA)]) == UInt8(ELFDATA2LSB) else {
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
                type: phdr.p_type, fileOffset: phdr.p_offset, fileSize: phdr.p_filesz,
                virtualAddress: phdr.p_vaddr, memorySize: phdr.p_memsz, alignment: phdr.p_align,
                flags: phdr.p_flags))
        }

        return Header(
            elf: elf, architecture: architecture, wordSize: architecture.pointerSize,
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
