/// What the Go scheduler says a goroutine is doing: `runtime.g`'s `atomicstatus` without its
/// `_Gscan` bit (runtime/runtime2.go; the values are the same from Go 1.0 to 1.23).
public enum GoroutineStatus: Equatable, Hashable, Sendable {
    /// `_Gidle`: just allocated, not yet started.
    case idle
    /// `_Grunnable`: on a run queue, not running.
    case runnable
    /// `_Grunning`: running Go code on an OS thread (``Goroutine/threadTID``).
    case running
    /// `_Gsyscall`: in a system call on an OS thread.
    case syscall
    /// `_Gwaiting`: parked; ``Goroutine/waitReason`` says on what.
    case waiting
    /// `_Gdead`: finished, kept for reuse.
    case dead
    /// `_Gcopystack`: its stack is being moved.
    case copyingStack
    /// `_Gpreempted`: stopped by a preemption request, waiting to be resumed.
    case preempted
    /// A value no Go release defines.
    case unknown(UInt32)

    /// The status a `runtime.g` records, its `_Gscan` bit (0x1000) ignored.
    public init(atomicStatus: UInt32) {
        switch atomicStatus & ~0x1000 {
        case 0: self = .idle
        case 1: self = .runnable
        case 2: self = .running
        case 3: self = .syscall
        case 4: self = .waiting
        case 6: self = .dead
        case 8: self = .copyingStack
        case 9: self = .preempted
        default: self = .unknown(atomicStatus)
        }
    }

    /// The token reports use: `idle`, `runnable`, `running`, `syscall`, `waiting`, `dead`,
    /// `copystack`, `preempted`, `unknown`.
    public var token: String {
        switch self {
        case .idle: "idle"
        case .runnable: "runnable"
        case .running: "running"
        case .syscall: "syscall"
        case .waiting: "waiting"
        case .dead: "dead"
        case .copyingStack: "copystack"
        case .preempted: "preempted"
        case .unknown: "unknown"
        }
    }
}
