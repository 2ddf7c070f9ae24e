import Foundation
import Glibc

/// A core the kernel writes of a program run by a test on this machine, to compare a capture
/// of the same program with: what the kernel writes here (its XSAVE notes) and what gdb says
/// of it are the reference, whatever the CPU and the gdb version.
public enum KernelCore {
    /// Why the kernel cannot write a core into a test's directory on this machine, or nil if
    /// it can: `/proc/sys/kernel/core_pattern` must name a file in the crashing process's
    /// working directory (`core`, `core.%p` ...), and the hard `RLIMIT_CORE` must be unlimited.
    public static let unavailableReason: String? = {
        let pattern = (try? String(contentsOfFile: "/proc/sys/kernel/core_pattern", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if pattern.isEmpty { return "/proc/sys/kernel/core_pattern cannot be read or is empty" }
        if pattern.hasPrefix("|") { return "core_pattern pipes cores to \(pattern.dropFirst()): the kernel writes no core file here" }
        if pattern.contains("/") { return "core_pattern writes cores to \(pattern), outside the test's directory" }
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0 else { return "getrlimit(RLIMIT_CORE) failed" }
        // RLIM_INFINITY is all ones.
        if limit.rlim_max != rlim_t.max { return "the hard core-size limit is \(limit.rlim_max) bytes, not unlimited" }
        return nil
    }()

    /// Runs `executable` with `arguments` and an unlimited core size, in a new directory
    /// `kernel-core` under `directory`; waits for it to print `ready`, sends it `signal` (when
    /// given) and waits up to 30 s for it to die of a signal and leave its core.
    /// - Returns: the path of the core, the only file in that directory.
    /// - Throws: ``Command/Failure`` when the program did not die of a signal or left no core.
    public static func write(of executable: String, arguments: [String] = [], in directory: String, sending signal: Int32? = nil) throws -> String {
        let coreDirectory = directory + "/kernel-core"
        try? FileManager.default.removeItem(atPath: coreDirectory)
        try FileManager.default.createDirectory(atPath: coreDirectory, withIntermediateDirectories: true)
        // The shell sets the limit for itself and the program it becomes (setrlimit is
        // inherited across exec), and the core lands in the working directory.
        let script = directory + "/kernel-core.sh"
        let command = ([executable] + arguments).map(quoted).joined(separator: " ")
        try "#!/bin/sh\nulimit -c unlimited || exit 97\ncd \(quoted(coreDirectory)) || exit 98\nexec \(command)\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let program = try ReadyProgram("/bin/sh", arguments: [script])
        if let signal { _ = kill(program.processIdentifier, signal) }
        guard let died = program.waitForTerminationSignal(seconds: 30) else {
            program.kill()
            throw Command.Failure(description: "\(executable) did not die of a signal")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: coreDirectory)
        guard files.count == 1, let core = files.first else {
            throw Command.Failure(description: "\(executable) died of signal \(died) and left \(files) in \(coreDirectory), not one core")
        }
        return coreDirectory + "/" + core
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
