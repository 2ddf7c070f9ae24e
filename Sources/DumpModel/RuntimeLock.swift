/// A lock of a managed runtime whose holder and waiters the runtime's own structures record:
/// CPython's GIL (`_PyRuntime`'s gilstate), a Java monitor (an `ObjectMonitor`'s owner and the
/// JavaThreads whose pending monitor it is), a Go `sync.Mutex` (the goroutines on its
/// semaphore). The lock analysis takes its owner and waiters from here in place of reading a
/// C library lock word.
public struct RuntimeLock: Equatable, Hashable, Sendable {
    /// The address the waiters queue on, which identifies the lock: for the GIL the condition
    /// variable its waiters sleep on (the address the futex analysis finds), for a Java monitor
    /// the `ObjectMonitor`.
    public var address: UInt64
    /// What the runtime calls it: `the GIL`, `java.lang.Object@0x7f3a10`, `main.cacheLock`.
    public var name: String
    /// What kind of lock it is, as a short noun: `GIL`, `Java monitor`, `sync.Mutex`.
    public var kind: String
    /// The runtime it belongs to.
    public var runtime: FrameRuntime
    /// The OS thread holding it, nil when it is free or its holder is no thread of the core.
    public var ownerTID: Int32?
    /// The OS threads the runtime records as waiting for it, in the runtime's order.
    public var waiterTIDs: [Int32]
    /// Whether it is a condition its waiters sleep on until another thread notifies them (a
    /// Python `threading.Condition`), which no thread holds: the lock analysis groups its
    /// waiters as on a condition variable, not as a lock queue.
    public var isCondition: Bool

    public init(
        address: UInt64, name: String, kind: String, runtime: FrameRuntime, ownerTID: Int32?, waiterTIDs: [Int32],
        isCondition: Bool = false
    ) {
        self.address = address
        self.name = name
        self.kind = kind
        self.runtime = runtime
        self.ownerTID = ownerTID
        self.waiterTIDs = waiterTIDs
        self.isCondition = isCondition
    }
}
