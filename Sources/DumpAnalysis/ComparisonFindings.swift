import DumpModel

/// Findings over several cores: threads that burned CPU between them, locks held through the
/// whole interval, threads stuck in one place, threads that came and went, a heap that grew.
struct ComparisonFindings {
    let comparison: CoreComparison

    /// A thread averaging at least this share of one CPU between the cores is reported.
    static let busyPercent = 50.0

    func findings() -> [Finding] {
        var findings: [Finding] = []
        if let mismatch = ComparisonMismatch.of(comparison.samples.map(\.process)) {
            findings.append(Finding(
                severity: .warning, kind: .differentProcesses,
                title: "The cores are of different processes (\(mismatch.summary))",
                description: "Threads are matched by TID, which only means something within one process: CPU between the cores and threads that did not move are not comparable.",
                recommendation: "Compare cores of one process, taken a few seconds apart (analyze-dump capture --count 2 --interval 5s).",
                tids: [], impact: 0))
        }
        let span = spanText
        for lock in comparison.persistentLocks {
            findings.append(Finding(
                severity: .error, kind: .lockHeldAcrossCores,
                title: "`\(lock.name)` was held by thread \(lock.ownerTID) in \(comparison.allCores)\(span), \(waiting(lock.queueDepths))",
                description: "The same thread owned `\(lock.name)` (\(Wording.hex(lock.address))) with threads queued on it in \(comparison.everyCore): the lock was not released between them, so this is a hang or a long critical section, not a moment of contention. In the last core thread \(lock.ownerTID) was in \(place(of: lock.ownerTID)).",
                recommendation: "Read what thread \(lock.ownerTID) does in the cores' reports (its frame and CPU between the cores) and move that work out of the lock.",
                tids: [lock.ownerTID], impact: lock.queueDepths.max() ?? 0))
        }
        if comparison.hasAccounting {
            let busy = comparison.threads.filter { ($0.averagePercent ?? 0) >= Self.busyPercent }
            if !busy.isEmpty {
                let lines = busy.map { thread in
                    "thread \(thread.tid) used \(Wording.seconds(thread.total))" + (thread.averagePercent.map { " (\(Int(saturatingRounded: $0)) % of one CPU on average" + (thread.maxPercent.map { ", \(Int(saturatingRounded: $0)) % at most" } ?? "") + ")" } ?? "") + " in \(place(of: thread.tid))"
                }
                findings.append(Finding(
                    severity: .warning, kind: .cpuBetweenCores,
                    title: "\(Wording.count(busy.count, "thread")) burned CPU between the cores\(span)",
                    description: lines.joined(separator: "; ").capitalizedFirst + ".",
                    recommendation: "The named functions are where the time went over the interval; profile them or bound their loops.",
                    tids: busy.map(\.tid), impact: busy.count))
            }
        } else {
            findings.append(Finding(
                severity: .information, kind: .noCPUTimes,
                title: "The cores record no CPU times: CPU between them is unknown",
                description: "At least one core carries zero CPU time for every thread (written by gcore, procdump or createdump), so the CPU each thread used between the cores cannot be told; only places and locks are compared.",
                recommendation: "Capture the cores with `analyze-dump capture`, which records each thread's CPU time.",
                tids: [], impact: 0))
        }
        let lockOwners = Set(comparison.persistentLocks.map(\.ownerTID))
        let stuck = comparison.stuckThreads.filter { !lockOwners.contains($0.tid) }
        if !stuck.isEmpty {
            let places = Dictionary(grouping: stuck, by: \.place).sorted { $0.value.count > $1.value.count }
                .prefix(5).map { "\($0.value.count) in `\($0.key)`" }.joined(separator: ", ")
            findings.append(Finding(
                severity: .warning, kind: .stuckThreads,
                title: "\(Wording.count(stuck.count, "thread")) did not move in \(comparison.allCores)\(span)",
                description: "Each was at the same instruction of the same function in \(comparison.everyCore): \(places).",
                recommendation: "Threads that do not move across cores are hung, not slow: see what they wait for in the locks section of the last core's report.",
                tids: stuck.map(\.tid), impact: stuck.count))
        }
        if !comparison.stuckGoroutines.isEmpty {
            let stuck = comparison.stuckGoroutines
            var counts: [String: Int] = [:]
            var order: [String] = []
            for goroutine in stuck {
                let place = "`\(goroutine.place)` (\(goroutine.waitReason))"
                if counts[place] == nil { order.append(place) }
                counts[place, default: 0] += 1
            }
            let places = order.enumerated().sorted { counts[$0.element]! != counts[$1.element]! ? counts[$0.element]! > counts[$1.element]! : $0.offset < $1.offset }
                .prefix(5).map { "\(counts[$0.element]!.groupedDigits) in \($0.element)" }.joined(separator: ", ")
            findings.append(Finding(
                severity: .warning, kind: .stuckGoroutines,
                title: "\(stuck.count.groupedDigits) goroutine\(stuck.count == 1 ? "" : "s") did not move in \(comparison.allCores)\(span)",
                description: "Each was parked on a lock or a channel send, with the same id and the same stack, in \(comparison.everyCore): \(places).",
                recommendation: "Goroutines that do not move across cores are stuck, not slow: see the lock they queue on in the last core's report (its goroutine-mutex-wait finding) and what holds it.",
                tids: [], impact: stuck.count))
        }
        if comparison.isHeapGrowing { findings.append(heapGrowth(span: span)) }
        if !comparison.appeared.isEmpty || !comparison.ended.isEmpty {
            findings.append(Finding(
                severity: .information, kind: .threadChurn,
                title: "\(comparison.appeared.count) threads appeared and \(comparison.ended.count) ended between the first and the last core",
                description: "Appeared: \(Wording.threads(comparison.appeared)). Ended: \(Wording.threads(comparison.ended)).",
                recommendation: "Thread churn under load is normal for pools that grow; a count that only grows is a leak of threads.",
                tids: comparison.appeared + comparison.ended, impact: 0))
        }
        return findings.orderedBySeverityAndImpact()
    }

    /// The heap grew in every interval: the sizes, and whether malloc or the program's own
    /// mappings grew when both cores tell.
    private func heapGrowth(span: String) -> Finding {
        let sizes = comparison.heapSizes.compactMap { $0 }
        let first = sizes.first ?? 0, last = sizes.last ?? 0
        var description = "The heap (writable anonymous memory outside thread stacks) grew from each core to the next: \(sizes.map(ByteSize.format).joined(separator: ", "))."
        if let before = comparison.samples.first?.analysis.memory, let after = comparison.samples.last?.analysis.memory,
           let mallocBefore = before.mallocSize, let mallocAfter = after.mallocSize,
           let ownBefore = before.ownMappingsSize, let ownAfter = after.ownMappingsSize {
            description += " glibc's malloc held \(ByteSize.format(mallocBefore)) in the first core and \(ByteSize.format(mallocAfter)) in the last; the program's own anonymous mappings were \(ByteSize.format(ownBefore)) and \(ByteSize.format(ownAfter))."
        }
        description += " Memory that keeps growing is a leak candidate; a cache still filling up grows the same way until it reaches its configured size."
        return Finding(
            severity: .warning, kind: .memoryGrowth,
            title: "The heap grew \(comparison.samples.count == 2 ? "between the cores" : "from every core to the next")\(span), from \(ByteSize.format(first)) to \(ByteSize.format(last)) (+\(ByteSize.format(last - min(first, last)))): a leak candidate",
            description: description,
            recommendation: "Take more cores over a longer time: a heap that keeps growing at a steady load leaks. Find what allocates with a heap profiler (heaptrack, valgrind --tool=massif, jemalloc's prof) on a test instance; where the program's own mappings grow, look at its caches and pools.",
            tids: [], impact: 0)
    }

    /// The threads queued on a lock in each core, said once when the count did not change:
    /// "with 8 threads waiting", else "with threads waiting: 8 in core 1, 6 in core 2".
    private func waiting(_ depths: [Int]) -> String {
        if let first = depths.first, depths.allSatisfy({ $0 == first }) {
            return "with \(Wording.count(first, "thread")) waiting"
        }
        return "with threads waiting: " + depths.enumerated().map { "\($0.element) in core \($0.offset + 1)" }.joined(separator: ", ")
    }

    private var spanText: String {
        let known = comparison.intervalSeconds.compactMap { $0 }
        guard known.count == comparison.intervalSeconds.count, !known.isEmpty else { return "" }
        return " (over \(CPUTime.formatSeconds(known.reduce(0, +))))"
    }

    private func place(of tid: Int32) -> String {
        guard let sample = comparison.samples.last, let thread = sample.process.thread(tid: tid) else { return "a thread that ended" }
        return Wording.location(of: thread, in: sample.process, frames: sample.analysis.frames)
    }
}
