internal import CElfUtils
import DumpModel
import Glibc

extension DwflSession {
    /// Leaves out the modules no process has: a second module of a file another module
    /// already has (the same build-id, or the same file under another path), and the modules
    /// after ``CoreReadLimits/maximumModuleCount``. Each module loads its file's symbols and
    /// debug information; a core naming libc at 2,000 addresses took 29 GiB.
    ///
    /// libdwfl keeps a module only if it is reported again in a new round
    /// (`dwfl_report_begin`, `dwfl_report_module` with the same name and bounds,
    /// `dwfl_report_end`); the round also drops the core's segments from libdwfl's address
    /// table, which only module reporting itself reads.
    ///
    /// - Returns: a warning for each kind of module left out.
    func leaveOutImpossibleModules() -> [Diagnostic] {
        struct Reported {
            var handle: OpaquePointer
            var name: String
            var start: Dwarf_Addr
            var end: Dwarf_Addr
        }
        var kept: [Reported] = []
        var seen: Set<String> = []
        var duplicates: [String] = []
        var overLimit = 0
        for handle in modules() {
            var start: Dwarf_Addr = 0
            var end: Dwarf_Addr = 0
            guard let name = dwfl_module_info(handle, nil, &start, &end, nil, nil, nil, nil).map({ String(cString: $0) }) else { continue }
            if let key = Self.fileKey(handle, name: name), !seen.insert(key).inserted {
                duplicates.append(name)
            } else if kept.count >= CoreReadLimits.maximumModuleCount {
                overLimit += 1
            } else {
                kept.append(Reported(handle: handle, name: name, start: start, end: end))
            }
        }
        guard !duplicates.isEmpty || overLimit > 0 else { return [] }
        dwfl_report_begin(dwfl)
        for module in kept { _ = dwfl_report_module(dwfl, module.name, module.start, module.end) }
        dwfl_report_end(dwfl, nil, nil)

        var diagnostics: [Diagnostic] = []
        if let first = duplicates.first {
            diagnostics.append(.warning(
                "\(duplicates.count) module\(duplicates.count == 1 ? " is" : "s are") backed by a file an earlier module already has (the first: \(first)), which no process maps: left out, their frames show as bare addresses"))
        }
        if overLimit > 0 {
            diagnostics.append(.warning(
                "the core has \(kept.count + overLimit) modules: only the first \(CoreReadLimits.maximumModuleCount) were read, the frames in the other \(overLimit) show as bare addresses"))
        }
        return diagnostics
    }

    /// What identifies a module's file without opening it: the build-id the core recorded,
    /// else the device and inode of an absolute path, else nothing (modules without a path,
    /// such as `[vdso]` or a qemu core's `[dso]`s, are never taken for duplicates).
    private static func fileKey(_ handle: OpaquePointer, name: String) -> String? {
        if let buildID = ModuleLocator.recordedBuildID(module: handle) { return "build-id " + buildID }
        guard name.hasPrefix("/") else { return nil }
        var status = stat()
        guard stat(name, &status) == 0 else { return nil }
        return "file \(status.st_dev):\(status.st_ino)"
    }
}
