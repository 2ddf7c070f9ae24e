import Glibc

/// Why a capture wrote no core. No capture leaves a partial file behind, nor a thread stopped.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
    /// No process has this PID (or it is a zombie whose memory is gone).
    case noSuchProcess(pid: Int32)
    /// The kernel refused to let us trace the process.
    /// - `ptraceScope`: the value of `/proc/sys/kernel/yama/ptrace_scope`, nil when absent.
    case permissionDenied(pid: Int32, ptraceScope: Int?)
    /// The process ended while it was being captured.
    case processExited(pid: Int32)
    /// The process ended while it was watched, before its trigger fired.
    case exitedBeforeTrigger(pid: Int32)
    /// The process ended before a core without a trigger was taken: between the cores of a
    /// series (while `--interval` passed), or just after it was found.
    case exitedBeforeCore(pid: Int32)
    /// The trigger did not fire before the time given to wait for it ran out.
    case triggerTimedOut(pid: Int32, trigger: String, waited: Duration)
    /// No process has this name (`--name`), or several have.
    case processNotFound(name: String, candidates: [Int32])
    /// The core could not be written: a full disk, a read-only directory, a quota.
    case cannotWrite(path: String, reason: String)
    /// The directory the cores go to (`-o`), or one of its parents, could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The process (or this build) has an instruction set capture does not handle yet.
    case unsupportedArchitecture(String)
    /// Any other failing system call, with the operation it was part of.
    case systemCallFailed(operation: String, reason: String)
    /// `--jvm-perf-map` was given for a process that maps no `libjvm.so`.
    case notAJVM(pid: Int32)
    /// `--jvm-perf-map` was given and no `jcmd` is on `PATH`.
    case jcmdMissing
    /// `jcmd PID Compiler.perfmap` failed: not a HotSpot JVM, one older than JDK 17, another
    /// user's, or one that did not answer.
    case jcmdFailed(pid: Int32, reason: String)

    /// One lowercase line that names what failed.
    public var description: String {
        switch self {
        case .noSuchProcess(let pid):
            return "process \(pid) does not exist: check the PID (ps -e lists the running processes)"
        case .permissionDenied(let pid, let scope):
            let scopeText = scope.map { " (it is \($0))" } ?? ""
            return "permission denied: ptrace may not attach to process \(pid); run as root or with CAP_SYS_PTRACE, or lower /proc/sys/kernel/yama/ptrace_scope\(scopeText)"
        case .processExited(let pid):
            return "process \(pid) exited during the capture: no core was written"
        case .exitedBeforeTrigger(let pid):
            return "process \(pid) exited before the trigger fired"
        case .exitedBeforeCore(let pid):
            return "process \(pid) exited before the next core was taken"
        case .triggerTimedOut(let pid, let trigger, let waited):
            // To the nearest tenth: the wait starts a moment after the command, so a 2 s
            // timeout waits 1.99 s.
            let tenths = (waited.components.seconds * 1000 + waited.components.attoseconds / 1_000_000_000_000_000 + 50) / 100
            return "the trigger (\(trigger)) did not fire in process \(pid) within \(CaptureTrigger.seconds(.milliseconds(tenths * 100)))"
        case .processNotFound(let name, let candidates):
            return candidates.isEmpty
                ? "no process is named \(name)"
                : "\(candidates.count) processes are named \(name) (\(candidates.map(String.init).joined(separator: ", "))): pass --pid"
        case .cannotWrite(let path, let reason):
            return "cannot write the core \(path): \(reason)"
        case .cannotCreateDirectory(let path, let reason):
            return "cannot create the directory \(path) for the cores: \(reason); give another with -o"
        case .unsupportedArchitecture(let what):
            return "capture supports x86_64 processes only for now: \(what)"
        case .systemCallFailed(let operation, let reason):
            return "\(operation) failed: \(reason)"
        case .notAJVM(let pid):
            return "process \(pid) is not a HotSpot JVM (it maps no libjvm.so): leave out --jvm-perf-map"
        case .jcmdMissing:
            return "--jvm-perf-map needs jcmd, which is not on PATH: install the JDK's tools (openjdk-17-jdk-headless) or leave out --jvm-perf-map"
        case .jcmdFailed(let pid, let reason):
            return "jcmd \(pid) Compiler.perfmap failed (\(reason)): check that \(pid) is a HotSpot JVM of JDK 17 or later run by this user, or leave out --jvm-perf-map"
        }
    }

    /// The C library's text for an `errno` value.
    static func text(ofErrno code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }
}
