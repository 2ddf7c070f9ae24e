import DumpModel

/// What a goroutine is doing, in Go's terms: from its scheduler status, the runtime's wait
/// reason and, for a semaphore wait, its stack (a `sync.Mutex` waits in
/// `sync.runtime_SemacquireMutex`, a `sync.WaitGroup` in `sync.runtime_Semacquire`).
public enum GoroutineState: String, Equatable, Hashable, Sendable, CaseIterable {
    /// On an OS thread, running Go code.
    case running
    /// Ready to run, waiting for a thread (`_Grunnable`, `_Gpreempted`).
    case runnable
    /// In a system call on its thread.
    case syscall
    /// Waiting for a `sync.Mutex` or `sync.RWMutex`.
    case mutex
    /// Waiting on another runtime semaphore: `sync.WaitGroup.Wait`, a semaphore of the program.
    case semaphore
    /// Waiting in `sync.Cond.Wait`.
    case condition
    /// Blocked sending to or receiving from a channel.
    case channel
    /// Blocked in a `select` statement.
    case select
    /// Waiting for a file descriptor in the network poller (`IO wait`).
    case io
    /// In `time.Sleep`.
    case sleep
    /// One of the runtime's own goroutines waiting for work (the garbage collector, the
    /// finalizer, the scavenger).
    case runtime
    /// Any other status or wait reason.
    case other

    /// The state of `goroutine`.
    public init(_ goroutine: Goroutine) {
        switch goroutine.status {
        case .running: self = .running
        case .runnable, .preempted: self = .runnable
        case .syscall: self = .syscall
        case .waiting: self = Self.waiting(goroutine)
        case .idle, .dead, .copyingStack, .unknown: self = .other
        }
    }

    private static func waiting(_ goroutine: Goroutine) -> GoroutineState {
        guard let reason = goroutine.waitReason else { return .other }
        switch reason {
        case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock": return .mutex
        case "semacquire":
            let isMutex = goroutine.frames.contains { $0.function == "sync.runtime_SemacquireMutex" || $0.function == "sync.runtime_SemacquireRWMutex" || $0.function == "sync.runtime_SemacquireRWMutexR" }
            return isMutex ? .mutex : .semaphore
        case "sync.Cond.Wait": return .condition
        case "sleep": return .sleep
        case "IO wait": return .io
        case "select", "select (no cases)": return .select
        case _ where reason.hasPrefix("chan "): return .channel
        case "GC assist marking", "GC sweep wait", "GC scavenge wait", "GC worker (idle)", "GC worker (active)",
             "force gc (idle)", "finalizer wait", "trace reader (blocked)", "wait for GC cycle", "GC assist wait",
             "garbage collection", "garbage collection scan", "preempted", "debug call", "stopping the world",
             "flushing proc caches", "trace goroutine status", "wait until GC ends":
            return .runtime
        default: return .other
        }
    }

    /// How reports word it: `running`, `waiting for a sync.Mutex or RWMutex` ...
    public var description: String {
        switch self {
        case .running: "running"
        case .runnable: "runnable"
        case .syscall: "in a system call"
        case .mutex: "waiting for a sync.Mutex or RWMutex"
        case .semaphore: "waiting on a semaphore"
        case .condition: "waiting on a sync.Cond"
        case .channel: "blocked on a channel"
        case .select: "blocked in select"
        case .io: "waiting for I/O"
        case .sleep: "sleeping"
        case .runtime: "idle in the runtime"
        case .other: "other"
        }
    }
}
