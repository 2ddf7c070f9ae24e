import DumpModel

/// A Go process's goroutines summed up: how many in each state, identical stacks grouped
/// ("1,000 goroutines: chan receive in main.worker"), and the `sync.Mutex`es and
/// `sync.RWMutex`es goroutines queue on, an `RWMutex`'s waiters split into readers and writers.
///
/// Blind spots: Go's `sync.Mutex` records no owner and `sync.RWMutex` no reader, so a lock's
/// holder is not known (the running goroutines are named as the candidates); a lock is
/// identified by its address (the semaphore its waiters sleep on, less the field's offset
/// from DWARF), and named only when a global variable holds it.
public struct GoroutineAnalysis: Equatable, Sendable {
    /// Goroutines sharing a state, a wait reason and the same stack.
    public struct Group: Equatable, Sendable {
        public var state: GoroutineState
        /// The runtime's wait reason they share, nil when not waiting.
        public var waitReason: String?
        /// The first function of the stack that is the program's, not the runtime's or the
        /// sync package's (`main.worker`).
        public var function: String?
        /// Their ids, in `allgs` order.
        public var goroutineIDs: [Int64]
        /// The longest any of them has waited, about, in nanoseconds (``waited(_:capturedAt:)``);
        /// nil when no wait time is known.
        public var longestWaitNanoseconds: Int64?
        /// The stack they share, innermost first.
        public var frames: [Frame]

        /// `4,812 goroutines: chan receive in main.worker`, `1 goroutine: running in main.runawayLoop`.
        public var headline: String {
            "\(goroutineIDs.count.groupedDigits) goroutine\(goroutineIDs.count == 1 ? "" : "s"): \(summary)"
        }

        /// `waiting about 2.35 s`, nil when no wait time is known.
        public var waitDescription: String? {
            longestWaitNanoseconds.map { "waiting about " + CPUTime.formatSeconds(Double($0) / 1e9) }
        }

        /// `chan receive in main.worker`, `running in main.runawayLoop`.
        public var summary: String {
            let what = waitReason ?? state.description
            return function.map { "\(what) in \($0)" } ?? what
        }
    }

    /// Goroutines queued on one `sync.Mutex` or `sync.RWMutex`.
    public struct MutexWait: Equatable, Sendable {
        /// The lock's address (``DumpModel/GoroutineLockWait/lockAddress``), or the semaphore
        /// its waiters sleep on when their stacks do not tell which lock it is in.
        public var address: UInt64
        /// The variable holding the lock (`main.modelLock`), nil for one on the heap.
        public var variable: String?
        /// `sync.Mutex`, `sync.RWMutex`.
        public var kind: String
        /// The waiting goroutines' ids, in `allgs` order.
        public var waiterIDs: [Int64]
        /// Of a `sync.RWMutex`'s waiters: those waiting to read (`RLock`), in `allgs` order.
        public var readerIDs: [Int64] = []
        /// Of a `sync.RWMutex`'s waiters: the writer that has its inner mutex and waits for
        /// the readers to leave (Go lets one at a time).
        public var drainingWriterIDs: [Int64] = []
        /// Of a `sync.RWMutex`'s waiters: the writers queued behind another writer.
        public var queuedWriterIDs: [Int64] = []
        /// How many readers the draining writer still waits for (the lock's `readerWait`),
        /// when read.
        public var readersAhead: Int?
        /// The program's functions the waiters called `Lock` or `RLock` from, most frequent first.
        public var functions: [String]

        /// `6 to read, 2 to write` for a `sync.RWMutex`'s waiters, nil for a mutex's.
        public var readWriteSplit: String? {
            let writers = drainingWriterIDs.count + queuedWriterIDs.count
            guard readerIDs.count + writers > 0 else { return nil }
            return "\(readerIDs.count) to read, \(writers) to write"
        }

        /// `sync.Mutex main.modelLock`, `sync.RWMutex at 0xc000010000`.
        public var name: String {
            kind + " " + (variable ?? "at 0x" + String(address, radix: 16))
        }
    }

    /// How many goroutines are in each state, most first (ties in ``GoroutineState`` order).
    public var stateCounts: [(state: GoroutineState, count: Int)]
    /// The groups, largest first.
    public var groups: [Group]
    /// The mutexes with waiters, most waiters first.
    public var mutexWaits: [MutexWait]
    /// The running goroutines: the candidates for a mutex's holder.
    public var runningIDs: [Int64]

    public static func == (lhs: GoroutineAnalysis, rhs: GoroutineAnalysis) -> Bool {
        lhs.groups == rhs.groups && lhs.mutexWaits == rhs.mutexWaits && lhs.runningIDs == rhs.runningIDs
            && lhs.stateCounts.map(\.state) == rhs.stateCounts.map(\.state) && lhs.stateCounts.map(\.count) == rhs.stateCounts.map(\.count)
    }

    /// How long `goroutine` has waited, about, in nanoseconds, as a Go traceback's
    /// `[chan receive, 5 minutes]` says: the capture's monotonic clock (`monotonic`,
    /// ``DumpModel/CaptureNote/monotonicNanoseconds``; Go's `nanotime` reads the same
    /// `CLOCK_MONOTONIC`) less its ``DumpModel/Goroutine/waitingSince``. Go sets that when a
    /// garbage collection's stack scan finds the goroutine parked, to the time the previous
    /// collection's mark termination started (`work.tstart`; zero before any collection
    /// finished, so a goroutine needs two collections to get one): the wait began around
    /// then, between those two collections. Nil when the core has no monotonic time (a
    /// kernel's core, an older capture), no such collection found it parked, or the clock is
    /// behind it (a corrupt core).
    public static func waited(_ goroutine: Goroutine, capturedAt monotonic: UInt64?) -> Int64? {
        guard let monotonic, let now = Int64(exactly: monotonic), let since = goroutine.waitingSince, now >= since else { return nil }
        return now - since
    }

    /// The analysis of `image`'s goroutines; empty for a process without any.
    public static func analyze(_ image: ProcessImage) -> GoroutineAnalysis {
        let goroutines = image.process.goroutines
        let monotonic = image.process.capture?.monotonicNanoseconds
        let states = goroutines.map(GoroutineState.init)
        var counts: [GoroutineState: Int] = [:]
        for state in states { counts[state, default: 0] += 1 }
        let stateCounts = GoroutineState.allCases.compactMap { state in counts[state].map { (state: state, count: $0) } }
            .enumerated().sorted { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
            .map(\.element)

        struct GroupKey: Hashable {
            var state: GoroutineState
            var waitReason: String?
            var frames: [Frame]
        }
        var groupIndex: [GroupKey: Int] = [:]
        var groups: [Group] = []
        for (goroutine, state) in zip(goroutines, states) {
            let key = GroupKey(state: state, waitReason: goroutine.waitReason, frames: goroutine.frames)
            let waited = waited(goroutine, capturedAt: monotonic)
            if let index = groupIndex[key] {
                groups[index].goroutineIDs.append(goroutine.id)
                if let waited, waited > groups[index].longestWaitNanoseconds ?? -1 { groups[index].longestWaitNanoseconds = waited }
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(
                    state: state, waitReason: goroutine.waitReason, function: programFunction(goroutine.frames),
                    goroutineIDs: [goroutine.id], longestWaitNanoseconds: waited, frames: goroutine.frames))
            }
        }
        groups = groups.enumerated().sorted {
            $0.element.goroutineIDs.count != $1.element.goroutineIDs.count
                ? $0.element.goroutineIDs.count > $1.element.goroutineIDs.count : $0.offset < $1.offset
        }.map(\.element)

        var waits: [UInt64: MutexWait] = [:]
        var order: [UInt64] = []
        for (goroutine, state) in zip(goroutines, states) where state == .mutex {
            guard let semaphore = goroutine.semaphoreAddress else { continue }
            let address = goroutine.lockWait?.lockAddress ?? semaphore
            if waits[address] == nil {
                order.append(address)
                let isReadWrite = goroutine.frames.contains { $0.function?.hasPrefix("sync.(*RWMutex).") == true }
                waits[address] = MutexWait(
                    address: address, variable: image.symbols.symbol(containing: address)?.name,
                    kind: goroutine.lockWait?.lockKind ?? (isReadWrite ? "sync.RWMutex" : "sync.Mutex"), waiterIDs: [], functions: [])
            }
            waits[address]?.waiterIDs.append(goroutine.id)
            switch goroutine.lockWait?.role {
            case .read: waits[address]?.readerIDs.append(goroutine.id)
            case .writeAfterReaders:
                waits[address]?.drainingWriterIDs.append(goroutine.id)
                waits[address]?.readersAhead = goroutine.lockWait?.readersAhead
            case .writeAfterWriter: waits[address]?.queuedWriterIDs.append(goroutine.id)
            case .mutex, nil: break
            }
            if let function = programFunction(goroutine.frames) { waits[address]?.functions.append(function) }
        }
        let mutexWaits = order.compactMap { waits[$0] }.map { wait in
            var wait = wait
            var uses: [String: Int] = [:]
            for function in wait.functions { uses[function, default: 0] += 1 }
            wait.functions = uses.keys.sorted { uses[$0]! != uses[$1]! ? uses[$0]! > uses[$1]! : $0 < $1 }
            return wait
        }.sorted { $0.waiterIDs.count > $1.waiterIDs.count }
        let running = zip(goroutines, states).filter { $0.1 == .running }.map(\.0.id)
        return GoroutineAnalysis(stateCounts: stateCounts, groups: groups, mutexWaits: mutexWaits, runningIDs: running)
    }

    /// The first function of `frames` that is the program's: not the runtime's, the sync
    /// package's or `time.Sleep`; the outermost named function when every one is the runtime's.
    static func programFunction(_ frames: [Frame]) -> String? {
        programFunctions(frames).first ?? frames.compactMap(\.function).last { $0 != "runtime.goexit" }
    }

    /// The functions of `frames` that are the program's, innermost first: not the runtime's,
    /// the sync package's or `time.Sleep`.
    static func programFunctions(_ frames: [Frame]) -> [String] {
        frames.compactMap(\.function).filter { name in
            !name.hasPrefix("runtime.") && !name.hasPrefix("sync.") && !name.hasPrefix("internal/") && name != "time.Sleep"
        }
    }
}
