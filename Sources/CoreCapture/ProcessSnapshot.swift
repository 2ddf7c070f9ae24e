/// Everything capture read of a stopped process except its memory: the input of the notes.
struct ProcessSnapshot {
    var pid: Int32
    /// Every thread, the thread-group leader first.
    var threads: [ThreadSnapshot]
    /// The process's state letter before it was stopped (`R`, `S` ...).
    var stateBeforeCapture: Character
    /// The leader's name (`/proc/PID/comm`), as `pr_fname`.
    var command: String
    /// `/proc/PID/cmdline`: the arguments, NUL-separated.
    var commandLine: [UInt8]
    /// `/proc/PID/auxv`, as the kernel saved it at exec.
    var auxiliaryVector: [UInt8]
    var mappings: [MemoryMapping]
    var pageSize: UInt64
    /// When the process was stopped, in nanoseconds since the Unix epoch, UTC.
    var captureTimeNanoseconds: Int64
    /// When the process was stopped, on the monotonic clock (`CLOCK_MONOTONIC`, ns).
    var monotonicNanoseconds: UInt64
    /// Why the core was taken, as the caller described it.
    var trigger: String?
    /// The signal that triggered the core, nil when none did.
    var signal: CapturedSignal?
    /// The `NT_X86_XSAVE_LAYOUT` note the running kernel would write, nil when it writes none.
    var xsaveLayout: XSaveLayout?
    /// The process's JIT perf map (``PerfMapCopy``), empty when it has none.
    var perfMap: [UInt8] = []
}

/// A signal a thread was about to receive when the core was taken.
struct CapturedSignal {
    var tid: Int32
    var number: Int32
    /// The raw `siginfo_t` (128 bytes), empty when the kernel did not give it.
    var signalInfo: [UInt8]
}

/// What capture reads of a process before stopping it: facts a stop does not change.
struct ProcessBeforeCapture {
    /// The process's state letter (`R`, `S` ...).
    var state: Character
    /// `/proc/PID/comm`.
    var command: String
    /// `/proc/PID/cmdline`, the arguments NUL-separated.
    var commandLine: [UInt8]

    /// - Throws: ``CaptureError/noSuchProcess(pid:)`` for a PID that is not a live process.
    init(pid: Int32) throws(CaptureError) {
        guard pid > 0, case .success(let statBytes) = KernelInterface.readFile("/proc/\(pid)/stat"),
              let stat = ProcStat(statBytes), stat.isLiveProcess(pid: pid)
        else { throw CaptureError.noSuchProcess(pid: pid) }
        state = stat.state
        command = ProcessFinder.command(of: "/proc/\(pid)") ?? ""
        commandLine = (try? KernelInterface.readFile("/proc/\(pid)/cmdline").get()) ?? []
    }
}
