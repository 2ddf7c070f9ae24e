/// The `sync.Mutex` or `sync.RWMutex` a goroutine sleeps on, and what for: the lock's own
/// address (the semaphore's, less the semaphore field's offset in the lock) and which of the
/// lock's semaphores it sleeps on, read from the goroutine's stack.
public struct GoroutineLockWait: Equatable, Hashable, Sendable {
    /// Which of a lock's semaphores a goroutine sleeps on.
    public enum Role: String, Equatable, Hashable, Sendable {
        /// `sync.Mutex.Lock`, on the mutex's `sema`.
        case mutex
        /// `sync.RWMutex.RLock`, on `readerSem`: a writer holds the lock or waits for it, and
        /// new readers queue behind it.
        case read
        /// `sync.RWMutex.Lock`, on `writerSem`: this writer has the lock's inner mutex and
        /// waits for the readers holding it to leave.
        case writeAfterReaders = "write_after_readers"
        /// `sync.RWMutex.Lock`, on the inner mutex `w`: another writer is ahead of this one.
        case writeAfterWriter = "write_after_writer"

        /// Whether it waits to write a `sync.RWMutex`.
        public var isWriter: Bool { self == .writeAfterReaders || self == .writeAfterWriter }
    }

    /// The address of the `sync.Mutex` or `sync.RWMutex`.
    public var lockAddress: UInt64
    public var role: Role
    /// For ``Role/writeAfterReaders``: how many readers the writer still waits for (the
    /// lock's `readerWait`), nil for other roles or when it could not be read.
    public var readersAhead: Int?

    /// `sync.Mutex` or `sync.RWMutex`.
    public var lockKind: String { role == .mutex ? "sync.Mutex" : "sync.RWMutex" }

    public init(lockAddress: UInt64, role: Role, readersAhead: Int? = nil) {
        self.lockAddress = lockAddress
        self.role = role
        self.readersAhead = readersAhead
    }
}
