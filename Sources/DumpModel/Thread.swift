/// One thread of the process at the moment the core was written.
public struct Thread: Equatable, Hashable, Sendable {
    /// The kernel thread id (the `pid` field of its `NT_PRSTATUS`).
    public var tid: Int32
    /// Whether this is the thread-group leader (its TID equals the process id).
    public var isMainThread: Bool
    /// The thread's name (`/proc/PID/task/TID/comm`, set with `pthread_setname_np` or
    /// `prctl(PR_SET_NAME)`), as the core records it; nil when the core records none (kernel
    /// and gcore cores do not) or an empty one. It may hold any character but NUL:
    /// renderers escape it.
    public var name: String?
    /// The signal the thread had pending when the core was written (`pr_cursig`), 0 if none:
    /// the thread that received the fatal signal has it set.
    public var currentSignal: Int32
    /// The thread's pending signals (`pr_sigpend`), one bit per signal (bit n-1 is signal n).
    public var pendingSignals: UInt64
    /// The thread's blocked signals (`pr_sighold`).
    public var blockedSignals: UInt64
    /// CPU time from `NT_PRSTATUS` as the kernel wrote it. For the main thread the kernel
    /// writes the whole process's total, not the thread's own time; cores written by `gcore`
    /// carry zero for every thread. ``Process/hasCPUAccounting`` tells the two apart.
    public var recordedCPUTime: CPUTime
    /// The registers when the core was written.
    public var registers: RegisterSet
    /// Whether the core has floating-point registers (`NT_FPREGSET`) for this thread.
    public var hasFloatingPointRegisters: Bool
    /// The stack, innermost frame first.
    public var frames: [Frame]
    /// Whether ``frames`` is the whole stack.
    public var unwindStatus: UnwindStatus
    /// The rounds of a runaway recursion counted but not kept in ``frames``, nil when every
    /// frame found is kept.
    public var omittedFrames: OmittedFrames?
    /// The system call the thread was inside, nil when it was running user code (or the
    /// core does not tell).
    public var systemCall: SystemCall?
    /// The innermost signal handler's frame on the stack, nil when no handler is running
    /// (or the architecture's frame is not read: aarch64).
    public var signalFrame: SignalFrame?
    /// The state the thread's managed runtime records for it, in that runtime's words: a Java
    /// thread's `java.lang.Thread.State` as jstack prints it (`RUNNABLE`, `BLOCKED (on object
    /// monitor)`, `WAITING (parking)`, `TIMED_WAITING (sleeping)`); nil for a thread no
    /// runtime reader recorded a state for.
    public var runtimeState: String?

    public init(
        tid: Int32, isMainThread: Bool, currentSignal: Int32, pendingSignals: UInt64,
        blockedSignals: UInt64, recordedCPUTime: CPUTime, registers: RegisterSet,
        hasFloatingPointRegisters: Bool, frames: [Frame], unwindStatus: UnwindStatus,
        systemCall: SystemCall? = nil, name: String? = nil, signalFrame: SignalFrame? = nil,
        runtimeState: String? = nil, omittedFrames: OmittedFrames? = nil
    ) {
        self.tid = tid
        self.isMainThread = isMainThread
        self.name = name
        self.currentSignal = currentSignal
        self.pendingSignals = pendingSignals
        self.blockedSignals = blockedSignals
        self.recordedCPUTime = recordedCPUTime
        self.registers = registers
        self.hasFloatingPointRegisters = hasFloatingPointRegisters
        self.frames = frames
        self.unwindStatus = unwindStatus
        self.systemCall = systemCall
        self.signalFrame = signalFrame
        self.runtimeState = runtimeState
        self.omittedFrames = omittedFrames
    }
}
