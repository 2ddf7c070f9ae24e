import DumpModel

/// A lock or other synchronisation object that at least one thread waits on, with its owner as
/// the lock's memory records it and the threads queued on it.
public struct Lock: Equatable, Hashable, Sendable {
    /// What kind of object it is.
    public enum Kind: Equatable, Hashable, Sendable {
        /// A `pthread_mutex_t` (also behind `std::mutex`, `mtx_t`, glibc's internal locks).
        case mutex(MutexType)
        /// One of glibc's own locks (stdio's `_IO_lock_t`, a malloc arena's lock): no owner is
        /// recorded.
        case internalLock
        /// A `pthread_rwlock_t`.
        case readerWriter
        /// A `pthread_cond_t`: it has waiters but no owner.
        case condition
        /// A POSIX semaphore: it has waiters but no owner.
        case semaphore
        /// A futex word the analysis could not tie to a primitive.
        case futex
        /// A lock of a managed runtime whose owner and waiters the runtime records
        /// (``DumpModel/RuntimeLock``), with the runtime's noun for it: `GIL`, `Java monitor`.
        case runtime(String)

        /// `mutex`, `recursive mutex`, `reader/writer lock` ...
        public var description: String {
            switch self {
            case .mutex(let type): type.description
            case .internalLock: "C library lock"
            case .readerWriter: "reader/writer lock"
            case .condition: "condition variable"
            case .semaphore: "semaphore"
            case .futex: "futex"
            case .runtime(let kind): kind
            }
        }

        /// Whether the object has an owner that others wait for (a mutex or a writer).
        public var hasOwner: Bool {
            switch self {
            case .mutex, .readerWriter, .runtime: true
            case .internalLock, .condition, .semaphore, .futex: false
            }
        }
    }

    /// The type and protocol of a mutex, from its `__kind` field.
    public struct MutexType: Equatable, Hashable, Sendable {
        /// The type set with `pthread_mutexattr_settype`.
        public enum Base: String, Equatable, Hashable, Sendable {
            /// `PTHREAD_MUTEX_NORMAL` (the default).
            case normal
            /// `PTHREAD_MUTEX_RECURSIVE`: the owner may lock it again.
            case recursive
            /// `PTHREAD_MUTEX_ERRORCHECK`.
            case errorChecking = "error-checking"
            /// `PTHREAD_MUTEX_ADAPTIVE_NP`: spins before sleeping.
            case adaptive
        }
        /// The type.
        public var base: Base
        /// `PTHREAD_PRIO_INHERIT`.
        public var isPriorityInheritance: Bool
        /// `PTHREAD_MUTEX_ROBUST`.
        public var isRobust: Bool
        /// `PTHREAD_PRIO_PROTECT`.
        public var isPriorityProtect: Bool
        /// `PTHREAD_PROCESS_SHARED`: its owner may be a thread of another process.
        public var isProcessShared: Bool

        public init(
            base: Base, isPriorityInheritance: Bool = false, isRobust: Bool = false,
            isPriorityProtect: Bool = false, isProcessShared: Bool = false
        ) {
            self.base = base
            self.isPriorityInheritance = isPriorityInheritance
            self.isRobust = isRobust
            self.isPriorityProtect = isPriorityProtect
            self.isProcessShared = isProcessShared
        }

        /// `mutex`, `recursive mutex`, `priority-inheritance mutex` ...
        public var description: String {
            var words: [String] = []
            if isProcessShared { words.append("process-shared") }
            if isRobust { words.append("robust") }
            if isPriorityInheritance { words.append("priority-inheritance") }
            if isPriorityProtect { words.append("priority-protect") }
            if base != .normal { words.append(base.rawValue) }
            return (words + ["mutex"]).joined(separator: " ")
        }
    }

    /// A thread queued on the lock.
    public struct Waiter: Equatable, Hashable, Sendable {
        /// How the thread wants the lock.
        public enum Mode: String, Equatable, Hashable, Sendable {
            /// A mutex, or a reader/writer lock taken for writing.
            case exclusive
            /// A reader/writer lock taken for reading.
            case shared = "read"
        }
        /// The waiting thread.
        public var tid: Int32
        /// Whether it wants to read or to hold the lock alone.
        public var mode: Mode

        public init(tid: Int32, mode: Mode) {
            self.tid = tid
            self.mode = mode
        }
    }

    /// The object's address.
    public var address: UInt64
    /// What it is.
    public var kind: Kind
    /// The global symbol it lies in (`model_lock`, `render::cache+0x8`), nil for a lock on the
    /// heap or a stack.
    public var symbol: SymbolReference?
    /// The lock's path inside ``symbol`` from the debug information (`sessions[1].lock`), which
    /// names it before the symbol and offset do; nil without DWARF for the variable.
    public var variablePath: String?
    /// The name the lock's runtime gives it (`the GIL`, `java.lang.Object@0x7f3a10`), which
    /// names it before its symbol does.
    public var runtimeName: String?
    /// The innermost application function of the first waiter: the code that passed the lock,
    /// which names a lock without a symbol.
    public var passedBy: String?
    /// The TID of the owner (a mutex's `__owner`, a reader/writer lock's writer), nil when it
    /// has none or the memory does not tell.
    public var ownerTID: Int32?
    /// Whether the owner is a thread of the core. False means the owner ended while holding it
    /// (an abandoned lock).
    public var ownerIsInProcess: Bool
    /// How many times a recursive mutex is locked by its owner.
    public var recursionCount: Int?
    /// How many readers hold a reader/writer lock that no writer holds.
    public var readerCount: Int?
    /// The threads queued on it, in the process's thread order.
    public var waiters: [Waiter]

    public init(
        address: UInt64, kind: Kind, symbol: SymbolReference?, passedBy: String?, ownerTID: Int32?,
        ownerIsInProcess: Bool, recursionCount: Int?, readerCount: Int?, waiters: [Waiter]
    ) {
        self.address = address
        self.kind = kind
        self.symbol = symbol
        self.passedBy = passedBy
        self.ownerTID = ownerTID
        self.ownerIsInProcess = ownerIsInProcess
        self.recursionCount = recursionCount
        self.readerCount = readerCount
        self.waiters = waiters
    }

    /// The queue depth: how many threads wait on it.
    public var queueDepth: Int { waiters.count }

    /// `model_lock`, `sessions[1].lock` (`sessions+0x78` without debug information), `the GIL`,
    /// or `0x7f12a0 (passed by lookup_model)`. Every report names the lock by this.
    public var name: String {
        if let runtimeName { return runtimeName }
        if let variablePath { return variablePath }
        if let symbol { return symbol.description }
        let address = "0x" + String(address, radix: 16)
        return passedBy.map { "\(address) (passed by \($0))" } ?? address
    }
}
