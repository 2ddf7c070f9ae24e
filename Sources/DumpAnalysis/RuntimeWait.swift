/// A wait a row of ``WaitSignatures`` recognised on a thread's stack: what the thread waits
/// for in the terms of its runtime (the GIL, a Java monitor, a PostgreSQL heavyweight lock),
/// over what the C library's frames alone say (a condition variable, a semaphore, epoll).
public struct RuntimeWait: Equatable, Hashable, Sendable {
    /// The kind of wait.
    public var kind: WaitSignature.Kind
    /// What the thread waits for: `the GIL (CPython)`.
    public var object: String
    /// The function that identified the wait, as the stack names it.
    public var function: String
    /// Where the holder is found when one process cannot tell, or nil.
    public var holder: String?
    /// What the system call and the C library's frames alone say: the futex word and its
    /// primitive (`.condition(0x...)`), or `.waitingForEvents` for a wait built on epoll.
    public var underlying: ThreadState.Activity
    /// Whether waiters on the same futex word wait for the same lock (see
    /// ``WaitSignature/futexIsLock``).
    public var futexIsLock: Bool
    /// The row of ``WaitSignatures`` that recognised the wait, nil when something else did
    /// (a wait the runtime recorded itself): its runtime and function are the wait's tokens.
    public var signature: WaitSignature?
    /// The wait as the runtime recorded it itself (PostgreSQL's wait event), nil when only
    /// the stack tells.
    public var recordedEvent: RecordedWaitEvent?

    public init(
        kind: WaitSignature.Kind, object: String, function: String, holder: String?,
        underlying: ThreadState.Activity, futexIsLock: Bool, signature: WaitSignature? = nil,
        recordedEvent: RecordedWaitEvent? = nil
    ) {
        self.kind = kind
        self.object = object
        self.function = function
        self.holder = holder
        self.underlying = underlying
        self.futexIsLock = futexIsLock
        self.signature = signature
        self.recordedEvent = recordedEvent
    }

    /// `waiting for the GIL (CPython) in take_gil`, with where the holder is found.
    public var description: String {
        var text = summary + " in \(function)"
        if let holder { text += "; the holder is found in \(holder)" }
        return text
    }

    /// `waiting for the GIL (CPython)`: the wait alone, for a listing that names the lock.
    public var summary: String {
        let verb = switch kind {
        case .lock: "waiting for"
        case .condition: "waiting on"
        case .idle: "idle:"
        case .sleep: "sleeping:"
        }
        return "\(verb) \(object)"
    }
}
