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
            guard pid != ownPID else { return false }
            if case .success(let comm) = KernelInterface.readFile("/proc/\(pid)/comm"),
               String(decoding: comm.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self) == shortName {
                return true
            }
            guard case .success(let arguments) = KernelInterface.readFile("/proc/\(pid)/cmdline") else { return false }
            let program = arguments.prefix { $0 != 0 }
            let base = program.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
            return base == name
        }.sorted()
    }

    /// The process a thread belongs to (`Tgid:` in `/proc/TID/status`): `tid` itself for a
    /// process's main thread, nil when no such thread exists.
    public static func process(ofThread tid: Int32) -> Int32? {
        guard tid > 0, case .success(let bytes) = KernelInterface.readFile("/proc/\(tid)/status") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Tgid:") }) else { return nil }
        return Int32(String(line.dropFirst(5).filter { $0 != " " && $0 != "\t" }))
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
