internal import CElfUtils
import DumpModel

/// Builds the model's module list from the modules libdwfl reported, loading each module's
/// file and debug information once, and says which modules will symbolize poorly and why.
struct ModuleCatalog {
    /// The modules, ordered by start address.
    var modules: [Module] = []
    /// The position of each `Dwfl_Module` in ``modules``.
    var index: [OpaquePointer: Int] = [:]
    /// Missing files and build-id mismatches.
    var diagnostics: [Diagnostic] = []

    /// The module that covers the locator's entry point (`AT_ENTRY`) is the main executable.
    init(session: DwflSession, mappedFiles: [MappedFile]) {
        let lookup = MappedFileLookup(mappedFiles)
        let reported = session.perform { session.modules().map { Self.describe($0, session: session, mappedFiles: lookup) } }
        let ordered = reported.sorted { $0.module.startAddress < $1.module.startAddress }
        for (position, entry) in ordered.enumerated() {
            modules.append(entry.module)
            index[entry.handle] = position
            if let warning = Self.warning(
                for: entry.module,
                isExecutable: session.locator.isExecutable(start: entry.module.startAddress, end: entry.module.endAddress), executablePath: session.locator.executablePath,
                rejectedFile: entry.rejectedFile) {
                diagnostics.append(warning)
            }
        }
    }

    private struct Entry {
        var handle: OpaquePointer
        var module: Module
        /// The file the locator refused for a build-id mismatch, if any.
        var rejectedFile: String?
    }

    private static func describe(_ handle: OpaquePointer, session: DwflSession, mappedFiles: MappedFileLookup) -> Entry {
        var start: Dwarf_Addr = 0
        var end: Dwarf_Addr = 0
        let reportedName = dwfl_module_info(handle, nil, &start, &end, nil, nil, nil, nil).map { String(cString: $0) } ?? "?"
        var bias: Dwarf_Addr = 0
        let elf = dwfl_module_getelf(handle, &bias)
        let dwarf = elf == nil ? nil : dwfl_module_getdwarf(handle, &bias)
        let symbolCount = elf == nil ? 0 : dwfl_module_getsymtab(handle)
        var mainFile: UnsafePointer<CChar>?
        var debugFile: UnsafePointer<CChar>?
        _ = dwfl_module_info(handle, nil, nil, nil, nil, nil, &mainFile, &debugFile)

        let mapping = mappedFiles.mapping(containing: start)
        let name = mapping?.path ?? reportedName
        let rejection = session.locator.rejections[reportedName]
        let status: SymbolStatus
        if elf == nil {
            status = rejection.map { .buildIDMismatch(fileBuildID: $0.fileBuildID) } ?? .missing
        } else if dwarf != nil {
            status = .debugInfo
        } else if symbolCount > 0 {
            status = .symbolsOnly
        } else {
            status = .noSymbols
        }
        let module = Module(
            name: name, startAddress: start, endAddress: end,
            buildID: ModuleLocator.recordedBuildID(module: handle),
            filePath: mainFile.map { String(cString: $0) } ?? (elf != nil && name.hasPrefix("/") ? name : nil),
            debugFilePath: debugFile.map { String(cString: $0) },
            symbolStatus: status)
        return Entry(handle: handle, module: module, rejectedFile: elf == nil ? rejection?.path : nil)
    }

    private static func warning(for module: Module, isExecutable: Bool, executablePath: String?, rejectedFile: String?) -> Diagnostic? {
        let buildID = module.buildID.map { " (build-id \($0))" } ?? ""
        switch module.symbolStatus {
        case .missing where isExecutable:
            return .warning(
                "libdw cannot find the executable at \(executablePath ?? module.name)\(buildID): pass --exe; its frames show as module+offset",
                cause: .moduleNotFound)
        case .missing:
            return .warning(
                "cannot find \(module.name)\(buildID): its frames show as module+offset; pass --sysroot or --debug-dir",
                cause: .moduleNotFound)
        case .buildIDMismatch(let fileBuildID):
            return .warning("\(rejectedFile ?? module.name) has build-id \(fileBuildID) but the core recorded \(module.buildID ?? "another") for \(module.name): it was not used, so its frames show as module+offset; pass the matching file with --exe, --sysroot or --debug-dir",
                cause: .buildIDMismatch)
        default:
            return nil
        }
    }
}
