internal import CElfUtils
import Glibc

/// Decides which file on disk backs each module libdwfl reports, and remembers what it
/// rejected. It applies `--exe` and `--sysroot`, and refuses a file whose build-id differs
/// from the one the core recorded; libdwfl's own build-id search (the `--debug-dir`
/// `.build-id` tree and debuginfod when `DEBUGINFOD_URLS` is set) is the fallback.
final class ModuleLocator {
    /// A file that was found at a module's path but rejected.
    struct Rejection {
        var path: String
        var fileBuildID: String
    }

    /// The main executable given with `--exe`, if any.
    let executablePath: String?
    /// The executable's entry point (`AT_ENTRY`): the module that covers it is the one `--exe`
    /// replaces, whatever the core named it (its `NT_FILE` path, or libdwfl's `[exe]` when the
    /// core has no `NT_FILE`).
    let entryAddress: UInt64?
    /// The prefix for every module path (`--sysroot`), if any.
    let sysroot: String?
    /// Files rejected for a build-id mismatch, by module name.
    private(set) var rejections: [String: Rejection] = [:]

    /// - Parameters:
    ///   - executablePath: `--exe`. It is never handed to libdwfl, which would open it
    ///     without comparing build-ids; it replaces the file of the module that covers
    ///     `entryAddress` and is checked like any other file.
    ///   - entryAddress: `AT_ENTRY` from the core's auxiliary vector, if known.
    ///   - sysroot: `--sysroot`.
    init(executablePath: String?, entryAddress: UInt64?, sysroot: String?) {
        self.executablePath = executablePath
        self.entryAddress = entryAddress
        self.sysroot = sysroot.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// The `find_elf` step for one module: opens the first candidate file whose build-id
    /// matches the core's (or that has none to compare), else asks libdwfl's build-id search.
    ///
    /// - Returns: what `Dwfl_Callbacks.find_elf` returns: a descriptor (or -1 with `*elfp` set
    ///   or not), with `*fileName` set to a malloc'd path on success.
    func findELF(
        module: OpaquePointer, userData: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
        moduleName: String, base: Dwarf_Addr,
        fileName: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        elfPointer: UnsafeMutablePointer<OpaquePointer?>?
    ) -> Int32 {
        let expected = Self.recordedBuildID(module: module)
        for candidate in candidates(for: moduleName, isExecutable: isExecutable(module)) {
            // A refusal is recorded by the guard DwflSession.perform installs.
            guard case .success(let descriptor) = RegularFile.open(candidate) else { continue }
            guard let elf = elf_begin(descriptor, ELF_C_READ_MMAP, nil) else {
                close(descriptor)
                continue
            }
            let found = Self.fileBuildID(elf: elf)
            if let expected, let found, expected != found {
                rejections[moduleName] = Rejection(path: candidate, fileBuildID: found)
                elf_end(elf)
                close(descriptor)
                continue
            }
            elfPointer?.pointee = elf
            fileName?.pointee = strdup(candidate)
            return descriptor
        }
        return dwfl_build_id_find_elf(module, userData, moduleName, base, fileName, elfPointer)
    }

    /// Whether `module` covers the entry point.
    private func isExecutable(_ module: OpaquePointer) -> Bool {
        var start: Dwarf_Addr = 0
        var end: Dwarf_Addr = 0
        _ = dwfl_module_info(module, nil, &start, &end, nil, nil, nil, nil)
        return isExecutable(start: start, end: end)
    }

    /// Whether a module at `start..<end` covers the entry point, which makes it the main
    /// executable; false when the core names no entry point.
    func isExecutable(start: UInt64, end: UInt64) -> Bool {
        entryAddress.map { start <= $0 && $0 < end } ?? false
    }

    /// The paths to try for a module, most specific first.
    private func candidates(for moduleName: String, isExecutable: Bool) -> [String] {
        if let executablePath, isExecutable { return [executablePath] }
        guard moduleName.hasPrefix("/") else { return [] }
        if let sysroot { return [sysroot + moduleName] }
        return [moduleName]
    }

    /// The build-id libdwfl found for a module in core memory, as hex.
    static func recordedBuildID(module: OpaquePointer) -> String? {
        var bits: UnsafePointer<UInt8>?
        var address: GElf_Addr = 0
        let length = dwfl_module_build_id(module, &bits, &address)
        guard length > 0, let bits else { return nil }
        return hex(UnsafeBufferPointer(start: bits, count: Int(length)))
    }

    /// The build-id note of an ELF file, as hex.
    static func fileBuildID(elf: OpaquePointer) -> String? {
        var bits: UnsafeRawPointer?
        let length = dwelf_elf_gnu_build_id(elf, &bits)
        guard length > 0, let bits else { return nil }
        return hex(UnsafeBufferPointer(start: bits.assumingMemoryBound(to: UInt8.self), count: length))
    }

    private static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The locator of the session running on the current thread. libdwfl's `find_elf` callback
/// receives no context pointer, so ``DwflSession`` installs its locator here for as long as it
/// calls into libdwfl; each thread has its own slot, so concurrent sessions do not mix.
enum ActiveModuleLocator {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` with `locator` installed for callbacks made on this thread.
    static func with<T>(_ locator: ModuleLocator, _ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(locator).toOpaque())
        defer { pthread_setspecific(key, previous) }
        return try body()
    }

    /// The installed locator, if any.
    static var current: ModuleLocator? {
        pthread_getspecific(key).map { Unmanaged<ModuleLocator>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// The `find_elf` callback handed to libdwfl.
let findELFCallback: @convention(c) (
    OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafePointer<CChar>?, Dwarf_Addr,
    UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 = { module, userData, name, base, fileName, elfPointer in
    guard let module else { return -1 }
    let moduleName = name.map { String(cString: $0) } ?? ""
    guard let locator = ActiveModuleLocator.current else {
        return dwfl_build_id_find_elf(module, userData, name, base, fileName, elfPointer)
    }
    return locator.findELF(
        module: module, userData: userData, moduleName: moduleName, base: base,
        fileName: fileName, elfPointer: elfPointer)
}
