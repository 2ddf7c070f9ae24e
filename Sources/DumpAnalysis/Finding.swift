/// One conclusion of the analysis, as DebugDiag's analysis summary states it: how serious, a
/// one-line title, the evidence, and what to do.
public struct Finding: Equatable, Sendable {
    /// How serious a finding is.
    public enum Severity: Int, Comparable, Sendable, CustomStringConvertible {
        case information, warning, error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .information: "information"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    /// What kind of problem it is, stable for machines: `deadlock`, `lock-held-while-running` ...
    public enum Kind: String, Equatable, Hashable, Sendable, CaseIterable {
        case crash
        case nullDereference = "null-dereference"
        case stackOverflow = "stack-overflow"
        case abort
        case uncaughtException = "uncaught-exception"
        case deadlock
        case abandonedLock = "abandoned-lock"
        case lockHeldWhileRunning = "lock-held-while-running"
        case lockHeldWhileWaiting = "lock-held-while-waiting"
        case lockOwnerUnknown = "lock-owner-unknown"
        /// Threads waiting for a runtime's lock (the GIL, a Java monitor, a database lock).
        case runtimeLockWait = "runtime-lock-wait"
        /// Goroutines queued on a Go `sync.Mutex` or `sync.RWMutex`.
        case goroutineMutexWait = "goroutine-mutex-wait"
        case readersSerialized = "readers-serialized-on-exclusive-lock"
        case writersWaitForReaders = "writers-wait-for-readers"
        case saturatedPool = "saturated-pool"
        case runawayCPU = "runaway-cpu"
        case queueDepth = "queue-depth"
        /// One core's heap dominates its memory: what it is made of (not a leak).
        case heapDominates = "heap-dominates"
        case managedRuntime = "managed-runtime"
        case missingSymbols = "missing-symbols"
        // Found by comparing several cores.
        case lockHeldAcrossCores = "lock-held-across-cores"
        case cpuBetweenCores = "cpu-between-cores"
        case noCPUTimes = "no-cpu-times"
        case stuckThreads = "stuck-threads"
        /// Goroutines parked on a lock or a channel send with the same stack in every core.
        case stuckGoroutines = "stuck-goroutines"
        /// The heap grew from each core to the next: a leak candidate.
        case memoryGrowth = "memory-growth"
        case threadChurn = "thread-churn"
        case differentProcesses = "different-processes"
    }

    /// What a `runtime-lock-wait` finding is about, for machines: the wait its threads share
    /// and the lock they queue on.
    public struct RuntimeLockWait: Equatable, Sendable {
        /// The wait, with the row of ``WaitSignatures`` that recognised it.
        public var wait: RuntimeWait
        /// The address of the lock the waiters queue on (the futex word when it is the lock
        /// itself), nil when the core does not tell which object they wait for.
        public var lockAddress: UInt64?

        public init(wait: RuntimeWait, lockAddress: UInt64?) {
            self.wait = wait
            self.lockAddress = lockAddress
        }
    }

    public var severity: Severity
    public var kind: Kind
    /// One line: what is wrong.
    public var title: String
    /// The evidence: threads, frames, locks, counts, CPU seconds.
    public var description: String
    /// What to do about it.
    public var recommendation: String
    /// The threads the finding is about, the most important first.
    public var tids: [Int32]
    /// How many threads it affects, for ordering findings of equal severity.
    public var impact: Int
    /// The wait of a `runtime-lock-wait` finding, nil for every other kind.
    public var runtimeLockWait: RuntimeLockWait?

    public init(
        severity: Severity, kind: Kind, title: String, description: String, recommendation: String,
        tids: [Int32], impact: Int, runtimeLockWait: RuntimeLockWait? = nil
    ) {
        self.severity = severity
        self.kind = kind
        self.title = title
        self.description = description
        self.recommendation = recommendation
        self.tids = tids
        self.impact = impact
        self.runtimeLockWait = runtimeLockWait
    }
}

extension Array where Element == Finding {
    /// Errors first, then warnings, then information; within a severity the finding that
    /// affects the most threads first, then the order they were found in.
    func orderedBySeverityAndImpact() -> [Finding] {
        enumerated().sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            if a.element.impact != b.element.impact { return a.element.impact > b.element.impact }
            return a.offset < b.offset
        }.map(\.element)
    }
}
