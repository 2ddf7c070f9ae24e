/// A goroutine of a Go process, read from the runtime's `allgs`: the unit a Go service's work
/// is done in, thousands of them multiplexed over a few OS threads.
public struct Goroutine: Equatable, Hashable, Sendable {
    /// The runtime's goroutine id (`goid`), 1 for the main goroutine.
    public var id: Int64
    /// What the scheduler says it is doing.
    public var status: GoroutineStatus
    /// Why it is parked, in the runtime's own words (`chan receive`, `semacquire`, `select`,
    /// `sleep`, `IO wait`), from the binary's `runtime.waitReasonStrings`; nil unless
    /// ``status`` is ``GoroutineStatus/waiting`` with a reason other than none.
    public var waitReason: String?
    /// The runtime's monotonic clock (`nanotime`, nanoseconds) when it started waiting, as
    /// `waitsince` records it: set only while the garbage collector looks at blocked
    /// goroutines, and nil when the runtime recorded none.
    public var waitingSince: Int64?
    /// Its stack, innermost first: read from its saved registers (`g.sched`) and frame
    /// pointers when parked, its thread's unwound stack when running. Every frame's
    /// ``Frame/runtime`` is ``FrameRuntime/go``.
    public var frames: [Frame]
    /// The OS thread running it, when it is running or in a system call on a thread of the core.
    public var threadTID: Int32?
    /// Where it was started: the return address of its `go` statement (`gopc`).
    public var creatorPC: UInt64?
    /// The function containing ``creatorPC`` (`main.main`), when the symbols name it.
    public var creatorFunction: String?
    /// The function it was started with (`startpc`), when the symbols name it.
    public var startFunction: String?
    /// The address it sleeps on in the runtime's semaphore table, when it waits there: inside
    /// the `sync.Mutex` or `sync.RWMutex` it wants (`sema`, `writerSem`, `readerSem`), or a
    /// `sync.WaitGroup`.
    public var semaphoreAddress: UInt64?
    /// The `sync.Mutex` or `sync.RWMutex` whose semaphore it sleeps on, and which one, when
    /// its stack and the binary's DWARF tell.
    public var lockWait: GoroutineLockWait?

    public init(
        id: Int64, status: GoroutineStatus, waitReason: String? = nil, waitingSince: Int64? = nil,
        frames: [Frame], threadTID: Int32? = nil, creatorPC: UInt64? = nil,
        creatorFunction: String? = nil, startFunction: String? = nil, semaphoreAddress: UInt64? = nil,
        lockWait: GoroutineLockWait? = nil
    ) {
        self.id = id
        self.status = status
        self.waitReason = waitReason
        self.waitingSince = waitingSince
        self.frames = frames
        self.threadTID = threadTID
        self.creatorPC = creatorPC
        self.creatorFunction = creatorFunction
        self.startFunction = startFunction
        self.semaphoreAddress = semaphoreAddress
        self.lockWait = lockWait
    }
}
