import DumpModel

/// CPU time per thread, ranked, like WinDbg's `!runaway`.
///
/// The kernel writes the whole process's CPU time (every thread's, including threads that
/// have ended) into the main thread's `NT_PRSTATUS`. The main thread's own time is derived as
/// that total minus the other threads' times, clamped at zero; the total is kept apart and
/// never ranked against the workers.
public struct CPUUsage: Equatable, Sendable {
    /// One thread's CPU time.
    public struct Entry: Equatable, Sendable {
        public var tid: Int32
        /// The thread's own user and system time.
        public var time: CPUTime
        /// The share of the process total, 0 to 1.
        public var share: Double
        /// True for the main thread, whose time is derived from the process total.
        public var isDerived: Bool
        /// True when the derivation came out negative and was clamped at zero.
        public var wasClamped: Bool
    }

    /// Whether the core records CPU times at all (gcore, procdump and createdump cores do not).
    public var hasAccounting: Bool
    /// The process's total as the kernel recorded it (all threads, including ended ones).
    public var processTotal: CPUTime
    /// Every thread, the most CPU first (ties in the process's thread order). Empty when the
    /// core has no accounting.
    public let entries: [Entry]
    private let indexByTID: [Int32: Int]

    /// Why the core has no CPU times, in one sentence; nil when it has them.
    public let noAccountingExplanation: String?

    init(hasAccounting: Bool, processTotal: CPUTime, entries: [Entry], producer: CoreProducer) {
        self.hasAccounting = hasAccounting
        noAccountingExplanation = hasAccounting ? nil : Self.noAccountingExplanation(for: producer)
        self.processTotal = processTotal
        self.entries = entries
        indexByTID = Dictionary(entries.enumerated().map { ($1.tid, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The entry for `tid`.
    public func entry(tid: Int32) -> Entry? { indexByTID[tid].map { entries[$0] } }

    /// Why a core without CPU times has none, in one sentence. The kernel records real times,
    /// so on its cores all zero means the threads used less than a clock tick each; a tool's
    /// core (gcore, procdump, createdump, qemu) carries none.
    public static func noAccountingExplanation(for producer: CoreProducer) -> String {
        switch producer {
        case .kernel, .analyzeDump:
            "The core records zero CPU time for every thread: each used less than a clock tick (10 ms)."
        case .tool:
            "CPU time per thread is unknown: cores written by gcore, procdump, createdump or qemu record none."
        }
    }

    /// A process total below which shares are not shown: one clock tick at the kernel's usual
    /// `USER_HZ` of 100. Times are counted in ticks, so a share of a smaller total is a share of
    /// a tick or two, noise rather than a ranking (4 ms in one thread is not "100 %").
    public static let negligibleTotalMicroseconds: UInt64 = 10_000

    /// Whether the process total is too small for shares to mean anything
    /// (``negligibleTotalMicroseconds``).
    public var isNegligible: Bool { processTotal.totalMicroseconds < Self.negligibleTotalMicroseconds }

    /// The threads that used CPU, the most first.
    public var busyEntries: [Entry] { entries.filter { !$0.time.isZero } }
}

extension CPUUsage {
    /// Ranks the threads of `process` by CPU time.
    public static func measure(_ process: Process) -> CPUUsage {
        guard process.hasCPUAccounting else {
            return CPUUsage(hasAccounting: false, processTotal: .zero, entries: [], producer: process.producer)
        }
        let others = process.threads.filter { !$0.isMainThread }
        let othersTotal = others.reduce(CPUTime.zero) { $0 + $1.recordedCPUTime }
        let othersUser = othersTotal.userMicroseconds, othersSystem = othersTotal.systemMicroseconds
        let total = process.totalCPUTime ?? othersTotal
        let totalSeconds = total.totalSeconds

        var entries: [Entry] = process.threads.map { thread in
            var time = thread.recordedCPUTime
            var clamped = false
            if thread.isMainThread {
                clamped = othersUser > total.userMicroseconds || othersSystem > total.systemMicroseconds
                time = CPUTime(
                    userMicroseconds: total.userMicroseconds - min(othersUser, total.userMicroseconds),
                    systemMicroseconds: total.systemMicroseconds - min(othersSystem, total.systemMicroseconds))
            }
            return Entry(
                tid: thread.tid, time: time,
                // At most 1: a hostile core can record a thread above the process total.
                share: totalSeconds > 0 ? min(1, time.totalSeconds / totalSeconds) : 0,
                isDerived: thread.isMainThread, wasClamped: clamped)
        }
        let order = Dictionary(uniqueKeysWithValues: process.threads.enumerated().map { ($1.tid, $0) })
        entries.sort {
            $0.time.totalSeconds != $1.time.totalSeconds
                ? $0.time.totalSeconds > $1.time.totalSeconds : order[$0.tid, default: 0] < order[$1.tid, default: 0]
        }
        return CPUUsage(hasAccounting: true, processTotal: total, entries: entries, producer: process.producer)
    }
}
