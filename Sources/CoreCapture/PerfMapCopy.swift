/// The copy of a process's JIT perf map that capture puts in the core's ``CaptureNote``, so
/// that the core alone names JIT-compiled frames on any machine.
enum PerfMapCopy {
    /// The most bytes copied: a map of a long-running Node process grows by every function
    /// V8 compiles; 64 MiB holds about a million entries.
    static let maximumBytes = 64 << 20

    /// The process's `/tmp/perf-NSPID.map`, read through `/proc/PID/root` (its own view of
    /// `/tmp`, in a container too) with the PID it has in its own namespace; empty when it
    /// has none or it cannot be read. A map longer than ``maximumBytes`` is cut after its last
    /// whole line.
    static func read(pid: Int32) -> [UInt8] {
        let namespacePID = namespacePID(of: pid) ?? pid
        guard case .success(let read?) = KernelInterface.readRegularFile(
            "/proc/\(pid)/root/tmp/perf-\(namespacePID).map", maximumBytes: maximumBytes)
        else { return [] }
        guard read.count == maximumBytes, let lastLineEnd = read.lastIndex(of: UInt8(ascii: "\n")) else { return read }
        return Array(read[...lastLineEnd])
    }

    /// The PID the process has in its innermost PID namespace: the last field of `NSpid:` in
    /// `/proc/PID/status`.
    private static func namespacePID(of pid: Int32) -> Int32? {
        guard case .success(let status) = KernelInterface.readFile("/proc/\(pid)/status") else { return nil }
        let line = String(decoding: status, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("NSpid:") }
        return line?.split(whereSeparator: { $0 == "\t" || $0 == " " }).last.flatMap { Int32($0) }
    }
}
