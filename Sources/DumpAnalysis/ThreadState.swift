import DumpModel

/// What a thread was doing when the core was written, told from its registers (the system
/// call it was in and that call's arguments) and its stack.
public struct ThreadState: Equatable, Hashable, Sendable {
    /// What the thread was doing.
    public enum Activity: Equatable, Hashable, Sendable {
        /// The thread that received the fatal signal (the original crash's thread behind a
        /// handler that raised it again), with the crash in a few words:
        /// `SIGSEGV at 0x10 (NULL pointer dereference)`. Set from ``CrashReport`` over what
        /// the registers say (`running`, `in tgkill`).
        case crashed(String)
        /// Running user code on a CPU (or runnable): it was in no system call.
        case running
        /// Waiting to lock a mutex whose lock word is at the address.
        case mutex(UInt64)
        /// Waiting for one of glibc's own locks (stdio, malloc arenas, the dynamic linker):
        /// plain lock words that record no owner.
        case internalLock(UInt64)
        /// Waiting to take a reader/writer lock for reading; the address is the futex word it
        /// sleeps on.
        case readLock(UInt64)
        /// Waiting to take a reader/writer lock for writing; the address is the futex word it
        /// sleeps on.
        case writeLock(UInt64)
        /// Waiting on a condition variable (the futex word it sleeps on).
        case condition(UInt64)
        /// Waiting on a POSIX semaphore, or a System V one (address 0).
        case semaphore(UInt64)
        /// Waiting for another thread to end (`pthread_join`), with its TID when known.
        case join(tid: Int32?)
        /// In a futex wait whose primitive neither the stack nor the lock word tells.
        case futex(UInt64)
        /// Sleeping (`nanosleep`, `clock_nanosleep`, `pause`).
        case sleeping
        /// Waiting for events: `poll`, `epoll_wait`, `select`, `accept`, signals. An idle
        /// worker of an event loop or a listener.
        case waitingForEvents
        /// In a read, write, send, receive, sync or other I/O call.
        case io
        /// Waiting for a child process.
        case childProcess
        /// In another system call.
        case systemCall
        /// A wait a row of ``WaitSignatures`` names on the stack (the GIL, a Java monitor, a
        /// PostgreSQL lock, an idle runtime thread).
        indirect case runtime(RuntimeWait)
        /// In `restart_syscall`, resuming a wait the stack does not name: a timed wait
        /// interrupted by a stop (a debugger, a capture, SIGSTOP).
        case restartedWait
    }

    /// How the thread states are counted in a summary line.
    public enum Category: String, CaseIterable, Equatable, Hashable, Sendable {
        case crashed
        case running
        case waitingOnLock = "waiting on locks"
        case waitingOnCondition = "waiting on conditions"
        case sleeping
        case io = "in I/O"
        case idle
        case other = "in other system calls"
    }

    /// What the thread was doing.
    public var activity: Activity
    /// The system call it was in, if any.
    public var systemCall: SystemCall?
    /// True when the activity was inferred from memory or registers alone because the stack
    /// has no function names (no symbols for the C library).
    public var isInferredWithoutSymbols: Bool
    /// When ``systemCall`` is `restart_syscall`, the call it resumes as the stack names it
    /// (`futex`, `clock_nanosleep`, `poll`), nil when the stack does not tell.
    public var restartedCall: String?

    public init(
        activity: Activity, systemCall: SystemCall?, isInferredWithoutSymbols: Bool = false, restartedCall: String? = nil
    ) {
        self.activity = activity
        self.systemCall = systemCall
        self.isInferredWithoutSymbols = isInferredWithoutSymbols
        self.restartedCall = restartedCall
    }

    /// Whether the thread is in `restart_syscall`: it was stopped and continued in a timed
    /// wait, which the kernel resumes under that number.
    public var isRestarted: Bool { systemCall?.name == "restart_syscall" }

    /// The summary category of the state.
    public var category: Category {
        switch activity {
        case .crashed: .crashed
        case .running: .running
        case .mutex, .internalLock, .readLock, .writeLock, .futex: .waitingOnLock
        case .condition, .semaphore, .join, .childProcess: .waitingOnCondition
        case .sleeping: .sleeping
        case .io: .io
        case .waitingForEvents: .idle
        case .systemCall: .other
        case .restartedWait: .idle
        case .runtime(let wait):
            switch wait.kind {
            case .lock: .waitingOnLock
            case .condition: .waitingOnCondition
            case .idle: .idle
            case .sleep: .sleeping
            }
        }
    }

    /// A short description: `running`, `waiting for mutex 0x4bc3e0`, `in clock_nanosleep`.
    /// A wait resumed through `restart_syscall` says so.
    public var description: String { description(activityText: activityDescription) }

    /// The description with the activity worded as `activityText` (a renderer naming the lock
    /// a waiter is queued on), keeping what it adds: a wait resumed through `restart_syscall`
    /// says so.
    public func description(activityText: String) -> String {
        isRestarted ? activityText + " (resumed through restart_syscall)" : activityText
    }

    private var activityDescription: String {
        let call = restartedCall ?? systemCall?.displayName ?? "a system call"
        switch activity {
        case .crashed(let crash): return "crashed: " + crash
        case .running: return "running"
        case .mutex(let address): return "waiting for mutex 0x" + String(address, radix: 16)
        case .internalLock(let address): return "waiting for a C library lock at 0x" + String(address, radix: 16)
        case .readLock(let address): return "waiting for read lock (futex 0x" + String(address, radix: 16) + ")"
        case .writeLock(let address): return "waiting for write lock (futex 0x" + String(address, radix: 16) + ")"
        case .condition(let address): return "waiting on condition variable (futex 0x" + String(address, radix: 16) + ")"
        case .semaphore(let address):
            return address == 0 ? "waiting on a System V semaphore" : "waiting on semaphore 0x" + String(address, radix: 16)
        case .join(let tid): return tid.map { "waiting for thread \($0) to end" } ?? "waiting for a thread to end"
        case .futex(let address): return "in futex wait on 0x" + String(address, radix: 16)
        case .sleeping: return "sleeping in \(call)"
        case .waitingForEvents: return "waiting for events in \(call)"
        case .io: return "in I/O: \(call)"
        case .childProcess: return "waiting for a child process in \(call)"
        case .systemCall: return "in \(call)"
        case .runtime(let wait): return wait.description
        case .restartedWait: return "in a timed wait the stack does not name"
        }
    }
}
