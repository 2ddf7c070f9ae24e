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
    /// What was clamped or left out of the program header table, for the process's
    /// diagnostics.
    let headerDiagnostics: [Diagnostic]
    /// Whether the core has more program headers than ``programHeaders`` holds
    /// (``CoreReadLimits/maximumProgramHeaderCount``).
    let isProgramHeaderTableCut: Bool
    /// The descriptor every read goes through, ours and libelf's (`pread` only).
    let descriptor: Int32

    /// Opens, decompresses if needed, and validates a core file; `-` reads it from standard
    /// input, and a FIFO is read to its end the same way.
    ///
    /// - Throws: ``CoreDumpError`` when the file is missing, not a regular file or a FIFO,
    ///   empty, not ELF, an executable rather than a core, for an unsupported machine, or its
    ///   headers are corrupt or exceed ``CoreReadLimits``.
    init(path requestedPath: String) throws {
        let readsStandardInput = requestedPath == "-"
        let path = readsStandardInput ? StandardInputSpool.displayName : requestedPath
        self.path = path
        var descriptor = readsStandardInput ? try StandardInputSpool.copy() : try Self.open(path)
        var magic = [UInt8](repeating: 0, count: CompressionFormat.longestMagic)
        let magicLength = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        if magicLength == 0 {
            close(descriptor)
            throw CoreDumpError.emptyFile(path: path)
        }
        if magicLength < 0 {
            let reason = errnoText()
            close(descriptor)
            throw CoreDumpError.cannotRead(path: path, reason: reason)
        }
        if let format = CompressionFormat.detect(magic.prefix(magicLength)) {
            do {
                let decompressed = try CoreDecompressor.decompressToTemporaryFile(input: descriptor, format: format, path: path)
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
        let fileSize = UInt64(max(0, status.st_size))
        self.fileSize = fileSize
        do {
            let read = { (offset: UInt64, count: Int) in Self.read(descriptor: descriptor, fileSize: fileSize, at: offset, count: count) }
            let header = try ELFHeader(path: path, read: read)
            let table = try ProgramHeaderTable(header: header, path: path, read: read)
            self.elf = try Self.openELF(descriptor: descriptor, path: path)
            self.architecture = header.architecture
            self.wordSize = header.wordSize
            self.programHeaders = table.headers
            self.headerDiagnostics = table.diagnostics
            self.isProgramHeaderTableCut = table.isCut
            self.producer = Self.producer(header)
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
        Self.read(descriptor: descriptor, at: offset, into: buffer)
    }

    /// `pread` until `buffer` is full, the file ends, or the offset passes what `off_t` holds.
    private static func read(descriptor: Int32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        var done = 0
        while done < buffer.count, let base = buffer.baseAddress {
            let (position, overflow) = offset.addingReportingOverflow(UInt64(done))
            guard !overflow, let filePosition = off_t(exactly: position) else { break }
            let result = pread(descriptor, base + done, buffer.count - done, filePosition)
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { break }
            done += result
        }
        return done
    }

    /// The bytes at `offset..<offset+count`, clipped to the end of the file.
    func read(at offset: UInt64, count: Int) -> [UInt8] {
        Self.read(descriptor: descriptor, fileSize: fileSize, at: offset, count: count)
    }

    private static func read(descriptor: Int32, fileSize: UInt64, at offset: UInt64, count: Int) -> [UInt8] {
        guard offset < fileSize, count > 0 else { return [] }
        let available = Int(min(UInt64(count), fileSize - offset))
        var bytes = [UInt8](repeating: 0, count: available)
        let done = bytes.withUnsafeMutableBytes { Self.read(descriptor: descriptor, at: offset, into: $0) }
        return done == available ? bytes : Array(bytes.prefix(done))
    }

    /// How many of `count` bytes at `offset` the file holds.
    func availableBytes(at offset: UInt64, count: UInt64) -> UInt64 {
        offset < fileSize ? min(count, fileSize - offset) : 0
    }

    /// Opens the core the user named: a regular file, or a FIFO (`<(zstdcat core.zst)`),
    /// which is copied to a temporary file like standard input. Nothing else is opened.
    private static func open(_ path: String) throws -> Int32 {
        switch RegularFile.open(path) {
        case .success(let descriptor):
            return descriptor
        case .failure(.system(let error)):
            throw error == ENOENT
                ? CoreDumpError.fileNotFound(path: path)
                : CoreDumpError.cannotRead(path: path, reason: errnoText(error))
        case .failure(.refused(.fifo)):
            // Blocks until a writer opens the FIFO, as reading it with cat would.
            let fifo = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
            guard fifo >= 0 else { throw CoreDumpError.cannotRead(path: path, reason: errnoText()) }
            defer { close(fifo) }
            var status = stat()
            guard fstat(fifo, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else {
                throw CoreDumpError.notRegularFile(path: path, kind: RegularFile.Refusal.replaced.description)
            }
            return try StandardInputSpool.copy(from: fifo, name: path)
        case .failure(.refused(let refusal)):
            throw CoreDumpError.notRegularFile(path: path, kind: refusal.description)
        }
    }

    /// The libelf handle of a core whose header was validated.
    private static func openELF(descriptor: Int32, path: String) throws -> OpaquePointer {
        elf_version(UInt32(EV_CURRENT))
        guard let elf = elf_begin(descriptor, ELF_C_READ, nil) else {
            throw CoreDumpError.cannotRead(path: path, reason: String(cString: elf_errmsg(-1)))
        }
        guard elf_kind(elf) == ELF_K_ELF else {
            elf_end(elf)
            throw CoreDumpError.notELF(path: path)
        }
        return elf
    }

    /// The kernel writes no section headers, except one placeholder when the program headers
    /// overflow `e_phnum`; gdb, procdump and createdump write real sections.
    private static func producer(_ header: ELFHeader) -> CoreProducer {
        if header.sectionHeaderCount == 0 { return .kernel }
        if header.sectionHeaderCount == 1 && header.programHeaderCount >= UInt64(PN_XNUM) { return .kernel }
        return .tool
    }
}
