import DumpAnalysis
import DumpModel

/// Which threads the text report lists for `--threads` (see
/// ``TextReportOptions/ThreadSelection``) or `--tid` (``TextReportOptions/tids``).
enum ThreadListing {
    static func select(_ options: TextReportOptions, process: Process, analysis: ProcessAnalysis) -> Set<Int32> {
        if !options.tids.isEmpty {
            return options.tids.filter { process.thread(tid: $0) != nil }
        }
        switch options.threads {
        case .all:
            return Set(process.threads.map(\.tid))
        case .blocked:
            var tids = Set(analysis.locks.waitingOn.keys)
            for lock in analysis.locks.locks { if let owner = lock.ownerTID { tids.insert(owner) } }
            return tids
        case .top:
            return Set(ranked(process: process, analysis: analysis).prefix(TextReportOptions.topThreadCount))
        }
    }

    /// The crashing thread, lock owners (the most waited-on first), threads using CPU (the
    /// most first), threads waiting on locks, then the rest in thread order.
    private static func ranked(process: Process, analysis: ProcessAnalysis) -> [Int32] {
        var order: [Int32] = []
        var seen: Set<Int32> = []
        func add(_ tid: Int32) { if seen.insert(tid).inserted { order.append(tid) } }
        if let crashing = analysis.crash?.crashingTID { add(crashing) }
        for lock in analysis.locks.locks { if let owner = lock.ownerTID { add(owner) } }
        for entry in analysis.cpu.busyEntries { add(entry.tid) }
        for thread in process.threads where analysis.locks.waitingOn[thread.tid] != nil { add(thread.tid) }
        for thread in process.threads { add(thread.tid) }
        return order
    }
}
