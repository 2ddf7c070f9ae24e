import DumpModel

/// A Go process's goroutines summed up: how many in each state, identical stacks grouped
/// ("1,000 goroutines: chan receive in main.worker"), and the `sync.Mutex`es goroutines queue on.
///
/// Blind spots: Go's `sync.Mutex` records no owner, so a mutex's holder is not known (the
/// running goroutines are named as the candidates); a mutex is identified by the semaphore
/// its waiters sleep on, and named only when a global variable holds it.
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
        /// The stack they share, innermost first.
        public var frames: [Frame]

        /// `chan receive in main.worker`, `running in main.runawayLoop`.
        public var summary: String {
            let what = waitReason ?? state.description
            return function.map { "\(what) in \($0)" } ?? what
        }
    }

    /// Goroutines queued on one `sync.Mutex` or `sync.RWMutex`.
    public struct MutexWait: Equatable, Sendable {
        /// The semaphore the waiters sleep on, inside the mutex (`sema`, `writerSem`, `readerSem`).
        public var semaphoreAddress: UInt64
        /// The variable holding the mutex (`main.modelLock`), nil for one on the heap.
        public var variable: String?
        /// `sync.Mutex`, `sync.RWMutex`.
        public var kind: String
        /// The waiting goroutines' ids, in `allgs` order.
        public var waiterIDs: [Int64]
        /// The program's functions the waiters called `Lock` from, most frequent first.
        public var functions: [String]

        /// `sync.Mutex main.modelLock`, `sync.RWMutex at 0xc000010000`.
        public var name: String {
            kind + " " + (variable ?? "at 0x" + String(semaphoreAddress, radix: 16))
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

    /// The analysis of `image`'s goroutines; empty for a process without any.
    public static func analyze(_ image: ProcessImage) -> GoroutineAnalysis {
        let goroutines = image.process.goroutines
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
            if let index = groupIndex[key] {
                groups[index].goroutineIDs.append(goroutine.id)
            } else {
                groupIndex[key] = groups.count
                groups.append(Group(
                    state: state, waitReason: goroutine.waitReason, function: programFunction(goroutine.frames),
                    goroutineIDs: [goroutine.id], frames: goroutine.frames))
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
            if waits[semaphore] == nil {
                order.append(semaphore)
                let isReadWrite = goroutine.frames.contains { $0.function?.hasPrefix("sync.(*RWMutex).") == true }
                waits[semaphore] = MutexWait(
                    semaphoreAddress: semaphore, variable: image.symbols.symbol(containing: semaphore)?.name,
                    kind: isReadWrite ? "sync.RWMutex" : "sync.Mutex", waiterIDs: [], functions: [])
            }
            waits[semaphore]?.waiterIDs.append(goroutine.id)
            if let function = programFunction(goroutine.frames) { waits[semaphore]?.functions.append(function) }
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
