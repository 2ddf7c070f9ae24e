import DumpModel
import Glibc

/// What `/proc/PID` still shows of a process while the kernel pipes its core to the handler
/// (the process is not reaped until the handler has read the whole core): the facts a kernel
/// core lacks, read the way systemd-coredump reads them. Every read is bounded and a file that
/// cannot be read leaves its field empty.
public enum DyingProcess {
    /// The bounds on what is read.
    public enum Limits {
        public static let commandLineBytes = 64 << 10
        public static let environmentBytes = 256 << 10
        public static let cgroupBytes = 16 << 10
        public static let threadCount = 10_000
        public static let perfMapBytes = 16 << 20
    }

    /// Fills the `/proc` fields of `note` (executable path, command line, cgroup, unit,
    /// container, allowed environment, thread names, perf map) from `/proc/PID`.
    ///
    /// - Parameters:
    ///   - pid: the process in the handler's (initial) PID namespace.
    ///   - allowedEnvironment: the variables whose values may be recorded; no other value is
    ///     ever read into the note.
    public static func collect(pid: Int32, allowedEnvironment: [String], into note: inout HandlerNote) {
        let directory = "/proc/\(pid)"
        note.executablePath = ProcFile.linkTarget(directory + "/exe")
        note.arguments = ProcFile.read(directory + "/cmdline", limit: Limits.commandLineBytes).map(nulSeparated) ?? []
        if let cgroup = ProcFile.read(directory + "/cgroup", limit: Limits.cgroupBytes).flatMap(unifiedCgroup) {
            note.cgroup = cgroup
            note.unit = CgroupPath.unit(cgroup)
            note.container = CgroupPath.containerID(cgroup)
        }
        if !allowedEnvironment.isEmpty, let environ = ProcFile.read(directory + "/environ", limit: Limits.environmentBytes) {
            note.environment = allowed(nulSeparated(environ), keys: allowedEnvironment)
        }
        note.threads = ProcFile.directoryEntries(directory + "/task", limit: Limits.threadCount)
            .compactMap(Int32.init).sorted().map { tid in
                let task = "\(directory)/task/\(tid)"
                let name = ProcFile.read(task + "/comm", limit: 64).map { String(decoding: $0, as: UTF8.self) } ?? ""
                return HandlerNote.ThreadName(
                    tid: namespaceID(statusPath: task + "/status") ?? tid, name: name.hasSuffix("\n") ? String(name.dropLast()) : name)
            }
        note.perfMap = perfMap(directory: directory, pid: pid) ?? []
    }

    /// The last ID of the `NSpid:` line of a `status` file: the process's or thread's ID in
    /// its own PID namespace, the one its core and its perf map use.
    private static func namespaceID(statusPath: String) -> Int32? {
        let status = ProcFile.read(statusPath, limit: 16 << 10).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return status.split(separator: "\n").first { $0.hasPrefix("NSpid:") }
            .flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).last }.flatMap { Int32($0) }
    }

    /// The perf map `/tmp/perf-N.map` of the process's own mount namespace, where N is its PID
    /// in its own PID namespace.
    private static func perfMap(directory: String, pid: Int32) -> [UInt8]? {
        let namespacePID = namespaceID(statusPath: directory + "/status") ?? pid
        let root = open(directory + "/root", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        defer { close(root) }
        return ProcFile.read("/tmp/perf-\(namespacePID).map", inRoot: root, limit: Limits.perfMapBytes)
    }

    /// The path of the `0::` line of `/proc/PID/cgroup` (cgroup v2), or of the first line.
    private static func unifiedCgroup(_ bytes: [UInt8]) -> String? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        let line = lines.first { $0.hasPrefix("0::") } ?? lines.first
        let fields = line?.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false) ?? []
        return fields.count == 3 ? String(fields[2]) : nil
    }

    private static func nulSeparated(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            .dropLast(bytes.last == 0 ? 1 : 0)
    }

    private static func allowed(_ variables: [String], keys: [String]) -> [HandlerNote.EnvironmentVariable] {
        var values: [String: String] = [:]
        for variable in variables {
            guard let equals = variable.firstIndex(of: "=") else { continue }
            let key = String(variable[..<equals])
            if keys.contains(key), values[key] == nil { values[key] = String(variable[variable.index(after: equals)...]) }
        }
        return keys.compactMap { key in values[key].map { HandlerNote.EnvironmentVariable(key: key, value: $0) } }
    }
}
