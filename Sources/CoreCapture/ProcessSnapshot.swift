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
    /// Why the core was taken, as the caller described it.
    var trigger: String?
}
