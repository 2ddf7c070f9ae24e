import CElfUtils
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

    /// Runs `body` with this session's locator installed for libdwfl's callbacks.
    func perform<T>(_ body: () throws -> T) rethrows -> T {
        try ActiveModuleLocator.with(locator, body)
    }

    /// Reports the modules of `core` (from its link map, `NT_FILE` and segments).
    ///
    /// - Throws: ``CoreDumpError/libdwfl(operation:message:)`` when libdwfl finds no module at all.
    func reportModules(core: CoreFile) throws {
        try perform {
            dwfl_report_begin(dwfl)
            let reported = dwfl_core_file_report(dwfl, core.elf, locator.executablePath)
            let failure = reported < 0 ? Self.lastError : nil
            dwfl_report_end(dwfl, nil, nil)
            if let failure {
                throw CoreDumpError.libdwfl(operation: "report the core's modules", message: failure)
            }
        }
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
