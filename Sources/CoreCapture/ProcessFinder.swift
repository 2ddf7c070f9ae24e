import Glibc

/// Finds a process by name, for `capture --name`.
public enum ProcessFinder {
    /// The PIDs of the processes called `name`: their `comm` (the kernel keeps 15 bytes of
    /// it, so a longer name is compared on those) or the last path component of their first
    /// argument, ascending; the calling process is never one of them.
    public static func processes(named name: String) -> [Int32] {
        guard case .success(let entries) = KernelInterface.listDirectory("/proc") else { return [] }
        let ownPID = getpid()
        let shortName = String(decoding: Array(name.utf8).prefix(15), as: UTF8.self)
        return entries.compactMap(Int32.init).filter { pid in
            pid != ownPID && (command(of: "/proc/\(pid)") == shortName || programFileName(of: pid) == name)
        }.sorted()
    }

    /// The process's name: its `comm`, or the file name of its program when `comm` is that
    /// name cut to 15 bytes; nil when the process is gone.
    public static func name(of pid: Int32) -> String? {
        guard let comm = command(of: "/proc/\(pid)") else { return nil }
        if comm.utf8.count == 15, let program = programFileName(of: pid), program.hasPrefix(comm) { return program }
        return comm
    }

    /// `comm` of the process or thread directory `directory` (`/proc/PID`,
    /// `/proc/PID/task/TID`), without its newline; nil when it cannot be read.
    static func command(of directory: String) -> String? {
        guard case .success(let bytes) = KernelInterface.readFile(directory + "/comm") else { return nil }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// The last path component of the process's first argument.
    private static func programFileName(of pid: Int32) -> String? {
        guard case .success(let arguments) = KernelInterface.readFile("/proc/\(pid)/cmdline") else { return nil }
        return arguments.prefix { $0 != 0 }.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The process a thread belongs to (`Tgid:` in `/proc/TID/status`): `tid` itself for a
    /// process's main thread, nil when no such thread exists.
    public static func process(ofThread tid: Int32) -> Int32? {
        guard tid > 0, case .success(let bytes) = KernelInterface.readFile("/proc/\(tid)/status") else { return nil }
        let group = ProcStatus(bytes).threadGroupID
        return group > 0 ? group : nil
    }

    /// Waits until exactly one process is called `name`, polling every `period`, and returns
    /// its PID.
    /// - Parameter deadline: when to give up, nil to wait as long as it takes.
    /// - Throws: ``CaptureError/processNotFound(name:candidates:)`` when several are (the
    ///   caller must choose with a PID), or none is by `deadline`.
    public static func waitForProcess(
        named name: String, period: Duration = .milliseconds(100), deadline: ContinuousClock.Instant? = nil
    ) throws(CaptureError) -> Int32 {
        while true {
            let found = processes(named: name)
            if found.count == 1 { return found[0] }
            if found.count > 1 { throw CaptureError.processNotFound(name: name, candidates: found) }
            if let deadline, ContinuousClock.now >= deadline { throw CaptureError.processNotFound(name: name, candidates: []) }
            KernelInterface.sleep(until: deadline.map { min($0, .now + period) } ?? .now + period)
        }
    }
}
