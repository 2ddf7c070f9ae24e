internal import CElfUtils
import DumpModel
import Glibc

/// One libdwfl session over a core: the `Dwfl` handle with callbacks that outlive it, the
/// modules reported from the core's link map and segments, and the thread state attached with
/// our own callbacks (see ``ThreadStateProvider``). All libdwfl calls of a read go through
/// ``perform(_:)``, which installs the module locator for the `find_elf` callback.
final class DwflSession {
    /// The `Dwfl *` handle.
    let dwfl: OpaquePointer
    /// Decides which files back the modules, and remembers what it rejected.
    let locator: ModuleLocator
    private let callbacks: UnsafeMutablePointer<Dwfl_Callbacks>
    private let debugInfoPath: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    /// Starts a session.
    ///
    /// - Parameters:
    ///   - locator: how to find module files.
    ///   - debugDirectory: a directory holding a `.build-id/xx/rest.debug` tree, searched
    ///     before the system's `/usr/lib/debug` (which `--sysroot` moves).
    init(locator: ModuleLocator, debugDirectory: String?) throws {
        self.locator = locator
        let systemDebug = (locator.sysroot ?? "") + "/usr/lib/debug"
        let path = [debugDirectory, "", ".debug", systemDebug].compactMap { $0 }.joined(separator: ":")
        debugInfoPath = .allocate(capacity: 1)
        debugInfoPath.initialize(to: strdup(path))
        callbacks = .allocate(capacity: 1)
        callbacks.initialize(to: Dwfl_Callbacks(
            find_elf: findELFCallback,
            find_debuginfo: dwfl_standard_find_debuginfo,
            section_address: dwfl_offline_section_address,
            debuginfo_path: debugInfoPath))
        guard let dwfl = dwfl_begin(callbacks) else {
            free(debugInfoPath.pointee)
            debugInfoPath.deallocate()
            callbacks.deallocate()
            throw CoreDumpError.libdwfl(operation: "start a session", message: Self.lastError)
        }
        self.dwfl = dwfl
    }

    deinit {
        dwfl_end(dwfl)
        free(debugInfoPath.pointee)
        debugInfoPath.deallocate()
        callbacks.deinitialize(count: 1)
        callbacks.deallocate()
    }

    /// The files libdwfl, libelf or the locator refused to open during this session's calls:
    /// a core must not make the tool open a FIFO, a device or a /proc file (``RegularFile``).
    let fileAccess = FileAccessLog()
    /// The thread state attached to the `Dwfl`, kept as long as the `Dwfl` since libdwfl calls
    /// its callbacks with a pointer to it.
    var threadState: ThreadStateProvider?

    /// The reads of the core libdwfl may make on its own, once the core is reported.
    private var coreReadLimit: RegularFile.ReadLimit?

    /// Runs `body` with this session's locator installed for libdwfl's callbacks, every file
    /// open on this thread checked by ``RegularFile``, and libdwfl's own reads of the core
    /// limited (``CoreReadLimits/maximumLibraryReadSize``).
    func perform<T>(_ body: () throws -> T) rethrows -> T {
        try RegularFile.guardingLibraryAccess(fileAccess, limitingReadsOf: coreReadLimit) {
            try ActiveModuleLocator.with(locator, body)
        }
    }

    /// Reports the modules of `core` (from its link map, `NT_FILE` and segments).
    ///
    /// Cores that record neither file names nor code (qemu-user writes such cores) leave the
    /// executable unreported even with `--exe`; when no module covers the entry point the
    /// auxiliary vector names (``ModuleLocator/entryAddress``), the executable is reported at
    /// `AT_ENTRY - e_entry`.
    ///
    /// - Returns: warnings for the modules left out (``leaveOutImpossibleModules()``).
    /// - Throws: ``CoreDumpError/libdwfl(operation:message:)`` when libdwfl rejects the core.
    func reportModules(core: CoreFile) throws -> [Diagnostic] {
        // libdwfl reads every program header of the core (libelf loads the whole table) and
        // its first note segment at once, and its module search is quadratic in segments.
        let segmentCount = core.programHeaders.lazy.filter { $0.type == ProgramHeader.loadType }.count
        let notes = core.programHeaders.first { $0.type == ProgramHeader.noteType }
        let noteSize = notes?.fileSize ?? 0
        let refusal: String? =
            if core.isProgramHeaderTableCut {
                "the core has more than \(CoreReadLimits.maximumProgramHeaderCount) program headers, which libdwfl would all read"
            } else if segmentCount > CoreReadLimits.maximumReportedSegmentCount {
                "the core has \(segmentCount) segments, more than the \(CoreReadLimits.maximumReportedSegmentCount) libdwfl is given (its module search is quadratic in segments)"
            } else if noteSize > CoreReadLimits.maximumNoteBytes {
                "the core's first note segment has \(noteSize) bytes, more than the \(CoreReadLimits.maximumNoteBytes) libdwfl may read at once"
            } else if Self.moduleImageCount(core) > CoreReadLimits.maximumModuleCount {
                "the core has more than \(CoreReadLimits.maximumModuleCount) segments that start with an ELF header, each a module for libdwfl, which compares each module with every other"
            } else {
                nil
            }
        if let refusal {
            throw CoreDumpError.libdwfl(operation: "report the core's modules", message: refusal)
        }
        coreReadLimit = RegularFile.ReadLimit(
            descriptor: core.descriptor, maximumReadSize: CoreReadLimits.maximumLibraryReadSize,
            exempt: (notes?.fileOffset ?? 0, Int(noteSize)))
        return try perform {
            dwfl_report_begin(dwfl)
            let reported = dwfl_core_file_report(dwfl, core.elf, nil)
            let failure = reported < 0 ? Self.lastError : nil
            dwfl_report_end(dwfl, nil, nil)
            let leftOut = leaveOutImpossibleModules()
            if let executable = locator.executablePath, let entryAddress = locator.entryAddress, dwfl_addrmodule(dwfl, entryAddress) == nil {
                reportExecutable(executable, entryAddress: entryAddress)
            }
            if let failure, modules().isEmpty {
                throw CoreDumpError.libdwfl(operation: "report the core's modules", message: failure)
            }
            return leftOut
        }
    }

    /// How many `PT_LOAD` segments start with an ELF header in the file: libdwfl makes a
    /// module of each. The count stops one past ``CoreReadLimits/maximumModuleCount``.
    private static func moduleImageCount(_ core: CoreFile) -> Int {
        var count = 0
        for header in core.programHeaders where header.type == ProgramHeader.loadType && header.fileSize >= 4 {
            if core.read(at: header.fileOffset, count: 4) == ELFHeader.magic { count += 1 }
            if count > CoreReadLimits.maximumModuleCount { break }
        }
        return count
    }

    private func reportExecutable(_ path: String, entryAddress: UInt64) {
        // A refusal is recorded by the guard perform installs.
        guard case .success(let descriptor) = RegularFile.open(path) else { return }
        defer { close(descriptor) }
        guard let elf = elf_begin(descriptor, ELF_C_READ_MMAP, nil) else { return }
        var header = GElf_Ehdr()
        let entryInFile = gelf_getehdr(elf, &header) != nil ? header.e_entry : nil
        elf_end(elf)
        guard let entryInFile else { return }
        dwfl_report_begin_add(dwfl)
        _ = dwfl_report_elf(dwfl, path, path, -1, entryAddress &- entryInFile, false)
        dwfl_report_end(dwfl, nil, nil)
    }

    /// Every reported module (`Dwfl_Module *`), in libdwfl's order.
    func modules() -> [OpaquePointer] {
        final class Collector { var modules: [OpaquePointer] = [] }
        let collector = Collector()
        let box = Unmanaged.passUnretained(collector).toOpaque()
        _ = dwfl_getmodules(dwfl, { module, _, _, _, argument in
            guard let module, let argument else { return Int32(DWARF_CB_OK) }
            Unmanaged<Collector>.fromOpaque(argument).takeUnretainedValue().modules.append(module)
            return Int32(DWARF_CB_OK)
        }, box, 0)
        return collector.modules
    }

    /// libdwfl's message for the last failure on this thread.
    static var lastError: String {
        dwfl_errmsg(-1).map { String(cString: $0) } ?? "unknown error"
    }
}
