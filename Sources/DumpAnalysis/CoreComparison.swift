import DumpModel

/// Several cores of one process compared over time, like DebugDiag's performance analysis:
/// the CPU each thread used between consecutive cores and over the whole span (as % of one
/// CPU), threads stuck in the same place in every core, locks held by the same owner in every
/// core, threads that appeared or ended, and the functions busy threads were in across all
/// samples, and the heap of each core: a heap that grows from core to core is what the report
/// calls a leak candidate, which no single core can show.
public struct CoreComparison: Sendable {
    /// One core and its analysis.
    public struct Sample: Sendable {
        /// A name for the core (its path).
        public var label: String
        /// When the core was written, in seconds since the epoch, when known.
        public var captureTime: Double?
        public var process: Process
        public var analysis: ProcessAnalysis

        public init(label: String, captureTime: Double?, process: Process, analysis: ProcessAnalysis) {
            self.label = label
            self.captureTime = captureTime
            self.process = process
            self.analysis = analysis
        }
    }

    /// One thread's CPU over the samples.
    public struct ThreadCPU: Equatable, Sendable {
        public var tid: Int32
        /// The CPU used between sample i and i+1, nil when the thread is missing from either.
        public var intervals: [CPUTime?]
        /// The CPU used from its first sample to its last.
        public var total: CPUTime
        /// The average over the span and the highest interval, as % of one CPU, nil when the
        /// capture times are unknown.
        public var averagePercent: Double?
        public var maxPercent: Double?
    }

    /// A thread in the same place in every sample.
    public struct StuckThread: Equatable, Sendable {
        public var tid: Int32
        /// Where it is: its innermost application frame (or innermost frame).
        public var place: String
        /// What it does there, in the last sample.
        public var state: String
    }

    /// A goroutine of a Go process parked with the same id and stack in every sample, on a lock
    /// or a channel send: a goroutine that did not move. Idle waits (a worker receiving from
    /// its channel, `select`, the network poller, `time.Sleep`, `sync.Cond`) are left out, as
    /// idle threads are.
    public struct StuckGoroutine: Equatable, Sendable {
        public var id: Int64
        /// Where it waits: its stack's first function that is the program's (`main.handleRequest`).
        public var place: String
        /// The runtime's wait reason in the last sample (`semacquire`, `sync.Mutex.Lock`, `chan send`).
        public var waitReason: String
    }

    /// A lock held by the same owner with waiters in every sample.
    public struct PersistentLock: Equatable, Sendable {
        public var name: String
        public var address: UInt64
        public var ownerTID: Int32
        /// The queue depth in each sample.
        public var queueDepths: [Int]
    }

    /// The samples, oldest first.
    public var samples: [Sample]
    /// Seconds between consecutive samples, nil where a capture time is unknown.
    public var intervalSeconds: [Double?]
    /// Whether every core records CPU times (gcore and procdump cores do not).
    public var hasAccounting: Bool
    /// Threads by CPU over the span, the most first.
    public var threads: [ThreadCPU]
    public var stuckThreads: [StuckThread]
    /// The goroutines that did not move, in the last sample's `allgs` order.
    public var stuckGoroutines: [StuckGoroutine]
    public var persistentLocks: [PersistentLock]
    /// TIDs in the last sample but not the first, and in the first but not the last.
    public var appeared: [Int32]
    public var ended: [Int32]
    /// Innermost application functions of threads running or holding a contended lock, counted
    /// over all samples: the hot method over the interval.
    public var functionHits: [(function: String, hits: Int)]
    /// Each sample's heap (``MemorySummary/heapSize``), oldest first; nil where a core does
    /// not tell (no `NT_FILE` note).
    public var heapSizes: [UInt64?]
    public var findings: [Finding]

    /// The least a heap must grow from the first core to the last for ``isHeapGrowing``:
    /// 16 MiB, and ``heapGrowthMinimumShare`` of the first core's heap. Less is allocator
    /// noise (an arena trimmed or extended, a buffer resized).
    public static let heapGrowthMinimum: UInt64 = 16 << 20
    /// The least share of the first core's heap it must grow by for ``isHeapGrowing``.
    public static let heapGrowthMinimumShare = 0.05

    /// Whether the heap grew from every core to the next, and from the first to the last by
    /// at least ``heapGrowthMinimum`` and ``heapGrowthMinimumShare``: a leak candidate (or a
    /// cache still filling). False when any core's heap is unknown.
    public var isHeapGrowing: Bool {
        let sizes = heapSizes.compactMap { $0 }
        guard sizes.count >= 2, sizes.count == heapSizes.count, let first = sizes.first, let last = sizes.last,
              zip(sizes, sizes.dropFirst()).allSatisfy({ $0 < $1 })
        else { return false }
        let growth = last - first
        return growth >= Self.heapGrowthMinimum && Double(growth) >= Self.heapGrowthMinimumShare * Double(first)
    }
}

extension CoreComparison {
    /// The thread's name in the last core that has the thread and records names (a thread
    /// may rename itself), nil when none does.
    public func threadName(_ tid: Int32) -> String? {
        samples.lazy.reversed().compactMap { $0.process.thread(tid: tid)?.name }.first
    }

    /// "both cores" for two cores, else "every core": how the reports say "in each sample".
    public var everyCore: String { samples.count == 2 ? "both cores" : "every core" }

    /// "both cores" for two cores, else "all N cores".
    public var allCores: String { samples.count == 2 ? "both cores" : "all \(samples.count) cores" }

    /// Whether any core records thread names.
    public var hasThreadNames: Bool { samples.contains { $0.process.hasThreadNames } }
}

extension CoreComparison {
    /// Compares `samples`, ordering them by capture time (unknown times keep their order).
    ///
    /// - Complexity: linear in the total number of threads and frames of the samples.
    public static func compare(_ samples: [Sample]) -> CoreComparison {
        let ordered = samples.enumerated().sorted { a, b in
            switch (a.element.captureTime, b.element.captureTime) {
            case let (x?, y?) where x != y: x < y
            default: a.offset < b.offset
            }
        }.map(\.element)
        let intervals = zip(ordered, ordered.dropFirst()).map { pair -> Double? in
            guard let start = pair.0.captureTime, let end = pair.1.captureTime, end > start else { return nil }
            return end - start
        }
        let hasAccounting = ordered.allSatisfy(\.analysis.cpu.hasAccounting)
        var comparison = CoreComparison(
            samples: ordered, intervalSeconds: intervals, hasAccounting: hasAccounting,
            threads: hasAccounting ? threadCPU(ordered, intervals: intervals) : [],
            stuckThreads: stuck(ordered), stuckGoroutines: stuckGoroutines(ordered), persistentLocks: persistentLocks(ordered),
            appeared: [], ended: [], functionHits: hits(ordered),
            heapSizes: ordered.map(\.analysis.memory.heapSize), findings: [])
        if let first = ordered.first, let last = ordered.last {
            let before = Set(first.process.threads.map(\.tid)), after = Set(last.process.threads.map(\.tid))
            comparison.appeared = after.subtracting(before).sorted()
            comparison.ended = before.subtracting(after).sorted()
        }
        comparison.findings = ComparisonFindings(comparison: comparison).findings()
        return comparison
    }

    /// The most a thread's share of one CPU is reported as: times from a hostile core (cores
    /// 1 ns apart, a CPU time of years) must not overflow where the percentage is rounded.
    static let maximumPercent = 1_000_000.0

    /// `time` as % of one CPU over `seconds`; nil for an interval under a millisecond, which
    /// no two real captures are apart, so the times do not allow a rate.
    private static func percent(_ time: CPUTime, over seconds: Double) -> Double? {
        guard seconds >= 0.001 else { return nil }
        return min(time.totalSeconds / seconds * 100, maximumPercent)
    }

    private static func threadCPU(_ samples: [Sample], intervals: [Double?]) -> [ThreadCPU] {
        var order: [Int32] = []
        var seen: Set<Int32> = []
        for sample in samples { for thread in sample.process.threads where seen.insert(thread.tid).inserted { order.append(thread.tid) } }
        let span = intervals.allSatisfy { $0 != nil } ? intervals.reduce(0) { $0 + ($1 ?? 0) } : nil
        var result = order.map { tid -> ThreadCPU in
            let times = samples.map { $0.analysis.cpu.entry(tid: tid)?.time }
            let deltas = zip(times, times.dropFirst()).map { pair -> CPUTime? in
                guard let start = pair.0, let end = pair.1 else { return nil }
                return end.subtracting(start)
            }
            let present = times.compactMap { $0 }
            let total = present.count >= 2 ? present[present.count - 1].subtracting(present[0]) : .zero
            let percents = zip(deltas, intervals).compactMap { delta, seconds -> Double? in
                guard let delta, let seconds else { return nil }
                return percent(delta, over: seconds)
            }
            return ThreadCPU(
                tid: tid, intervals: deltas, total: total,
                averagePercent: span.flatMap { percent(total, over: $0) },
                maxPercent: percents.max())
        }
        result.sort { $0.total.totalMicroseconds > $1.total.totalMicroseconds }
        return result
    }

    /// Threads whose innermost application frame is the same function at the same PC in every
    /// sample, and which are not idle (waiting for work or events, on a condition, or sleeping:
    /// a timer thread or a main thread in `pause` is where it should be) nor running with CPU
    /// time that grew.
    private static func stuck(_ samples: [Sample]) -> [StuckThread] {
        guard samples.count >= 2, let last = samples.last else { return [] }
        return last.process.threads.compactMap { thread -> StuckThread? in
            guard let state = last.analysis.states[thread.tid],
                  ![.idle, .waitingOnCondition, .sleeping].contains(state.category) else { return nil }
            // A running thread whose CPU time grew is busy, not stuck, even when a tight loop
            // put it at the same instruction in every core.
            if state.category == .running, let first = samples.first?.process.thread(tid: thread.tid),
               first.recordedCPUTime != thread.recordedCPUTime {
                return nil
            }
            guard let frame = Wording.namedFrame(of: thread, frames: last.analysis.frames) else { return nil }
            let samePlace = samples.allSatisfy { sample in
                guard let other = sample.process.thread(tid: thread.tid) else { return false }
                let otherFrame = Wording.namedFrame(of: other, frames: sample.analysis.frames)
                return otherFrame?.pc == frame.pc && otherFrame?.function == frame.function
            }
            guard samePlace else { return nil }
            return StuckThread(tid: thread.tid, place: FrameName.of(frame, in: last.process), state: last.analysis.stateDescription(of: thread.tid) ?? state.description)
        }
    }

    private static func stuckGoroutines(_ samples: [Sample]) -> [StuckGoroutine] {
        guard samples.count >= 2, let last = samples.last else { return [] }
        let earlier = samples.dropLast().map { sample in
            Dictionary(sample.process.goroutines.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return last.process.goroutines.compactMap { goroutine -> StuckGoroutine? in
            guard let reason = goroutine.waitReason, goroutine.status == .waiting else { return nil }
            let state = GoroutineState(goroutine)
            guard state == .mutex || state == .semaphore || reason.hasPrefix("chan send") else { return nil }
            let pcs = goroutine.frames.map(\.pc), functions = goroutine.frames.map(\.function)
            let samePlace = earlier.allSatisfy { goroutines in
                guard let other = goroutines[goroutine.id], other.status == .waiting else { return false }
                return other.frames.map(\.pc) == pcs && other.frames.map(\.function) == functions
            }
            guard samePlace, let place = GoroutineAnalysis.programFunction(goroutine.frames) else { return nil }
            return StuckGoroutine(id: goroutine.id, place: place, waitReason: reason)
        }
    }

    private static func persistentLocks(_ samples: [Sample]) -> [PersistentLock] {
        guard samples.count >= 2, let first = samples.first else { return [] }
        return first.analysis.locks.locks.compactMap { lock -> PersistentLock? in
            guard let owner = lock.ownerTID else { return nil }
            var depths: [Int] = []
            for sample in samples {
                guard let same = sample.analysis.locks.locks.first(where: { $0.address == lock.address && $0.ownerTID == owner }) else { return nil }
                depths.append(same.queueDepth)
            }
            return PersistentLock(name: lock.name, address: lock.address, ownerTID: owner, queueDepths: depths)
        }
    }

    private static func hits(_ samples: [Sample]) -> [(function: String, hits: Int)] {
        var counts: [String: Int] = [:]
        for sample in samples {
            let owners = Set(sample.analysis.locks.locks.compactMap(\.ownerTID))
            for thread in sample.process.threads {
                let busy = sample.analysis.states[thread.tid]?.activity == .running || owners.contains(thread.tid)
                guard busy, let frame = sample.analysis.frames.innermostApplicationFrame(of: thread) else { continue }
                counts[FrameName.of(frame, in: sample.process), default: 0] += 1
            }
        }
        return counts.map { (function: $0.key, hits: $0.value) }
            .sorted { $0.hits != $1.hits ? $0.hits > $1.hits : $0.function < $1.function }
    }
}

extension CPUTime {
    /// `self - earlier`, each part clamped at zero.
    func subtracting(_ earlier: CPUTime) -> CPUTime {
        CPUTime(
            userMicroseconds: userMicroseconds >= earlier.userMicroseconds ? userMicroseconds - earlier.userMicroseconds : 0,
            systemMicroseconds: systemMicroseconds >= earlier.systemMicroseconds ? systemMicroseconds - earlier.systemMicroseconds : 0)
    }
}
