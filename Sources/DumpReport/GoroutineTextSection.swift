import DumpAnalysis
import DumpModel

/// The Goroutines section of the text report: the count by state, the mutexes goroutines
/// queue on (an RWMutex's waiters split into readers and writers), and the groups of
/// identical stacks with their frames; a running group names its threads and the CPU they
/// used, when the core records it.
enum GoroutineTextSection {
    /// The most groups listed: a service has a handful of kinds of goroutine, thousands each.
    static let groupLimit = 20

    /// The section's lines (unescaped: the caller escapes every line), none for a process
    /// without goroutines.
    static func lines(_ process: Process, analysis: GoroutineAnalysis, cpu: CPUUsage) -> [String] {
        guard !process.goroutines.isEmpty else { return [] }
        var threadByID: [Int64: Int32] = [:]
        for goroutine in process.goroutines { if let tid = goroutine.threadTID { threadByID[goroutine.id] = tid } }
        let counts = analysis.stateCounts.map { "\($0.count.groupedDigits) \($0.state.description)" }.joined(separator: ", ")
        var lines = ["Goroutines (\(process.goroutines.count.groupedDigits): \(counts))"]
        for wait in analysis.mutexWaits {
            let callers = wait.functions.isEmpty ? "" : " in " + wait.functions.joined(separator: ", ")
            lines.append("  \(wait.name): \(wait.waiterIDs.count) waiting\(wait.readWriteSplit.map { " (\($0))" } ?? "")\(callers); Go records no holder")
        }
        for group in analysis.groups.prefix(groupLimit) {
            let count = group.goroutineIDs.count
            var heading = "  " + group.headline + (group.waitDescription.map { ", " + $0 } ?? "")
            if count <= 5 { heading += " (" + group.goroutineIDs.map { "goroutine \($0)" }.joined(separator: ", ") + ")" }
            let threads = group.goroutineIDs.compactMap { threadByID[$0] }
            if !threads.isEmpty {
                heading += " on thread " + threads.map { tid in
                    guard cpu.hasAccounting, let entry = cpu.entry(tid: tid) else { return String(tid) }
                    return "\(tid) (\(entry.time.formattedTotal) of CPU)"
                }.joined(separator: ", ")
            }
            lines.append(heading)
            for frame in group.frames {
                let source = frame.source.map { "  " + $0.shortDescription } ?? ""
                let inlined = frame.isInlined ? " (inlined)" : ""
                lines.append("      \(frame.function ?? "0x" + String(frame.pc, radix: 16))\(inlined)\(source)")
            }
        }
        if analysis.groups.count > groupLimit {
            lines.append("  ... \(analysis.groups.count - groupLimit) more groups (--format json lists every goroutine)")
        }
        lines.append("")
        return lines
    }
}
