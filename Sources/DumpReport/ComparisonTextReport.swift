import DumpAnalysis
import DumpModel

/// `analyze-dump compare` as text: the findings, the cores in time order, CPU per thread
/// between consecutive cores, locks held through the whole interval, threads that did not
/// move, goroutines that did not move, threads that came and went, and the functions busy
/// threads were in.
public enum ComparisonTextReport {
    /// The most threads listed in the CPU table.
    static let threadLimit = 20
    /// The most goroutines listed as stuck: a Go service can have thousands.
    static let stuckGoroutineLimit = 20

    public static func render(_ comparison: CoreComparison, options: TextReportOptions = TextReportOptions()) -> String {
        let style = TextStyle(options: options)
        var lines = ["analyze-dump compare: \(comparison.samples.count) cores", ""]
        lines += AnalysisTextReport.findingsSection(comparison.findings, style: style)
        lines += evidence(comparison, width: style.width).map(TextEscaping.escaped)
        return lines.map(style.headingIfSection).joined(separator: "\n")
    }

    /// Everything after the findings, unescaped: it quotes the cores (paths, symbols, states).
    private static func evidence(_ comparison: CoreComparison, width: Int) -> [String] {
        var lines = ["Cores (oldest first)"]
        for (index, sample) in comparison.samples.enumerated() {
            var text = "  \(index + 1). \(sample.label): pid \(sample.process.pid), \(sample.process.threads.count) threads"
            if index > 0, let seconds = comparison.intervalSeconds[index - 1] { text += ", +\(CPUTime.formatSeconds(seconds))" }
            lines.append(text)
        }
        lines.append("")
        lines += cpuSection(comparison, width: width)
        if !comparison.persistentLocks.isEmpty {
            lines.append("Locks held in \(comparison.everyCore)")
            for lock in comparison.persistentLocks {
                lines.append("  `\(lock.name)` at \(TextFormatting.hex(lock.address)): owner \(label(lock.ownerTID, comparison)), queue depth " + lock.queueDepths.map(String.init).joined(separator: " -> "))
            }
            lines.append("")
        }
        if !comparison.stuckThreads.isEmpty {
            lines.append("Threads at the same place in \(comparison.everyCore) (\(comparison.stuckThreads.count))")
            let names = nameColumn(comparison)
            var table = TextTable(widths: names.insert(into: [8, 44]))
            for thread in comparison.stuckThreads {
                table.append(names.insert(name(thread.tid, comparison), into: ["\(thread.tid)", thread.state, thread.place]))
            }
            lines += table.lines(width: width)
            lines.append("")
        }
        if !comparison.stuckGoroutines.isEmpty {
            lines.append("Goroutines at the same place in \(comparison.everyCore) (\(comparison.stuckGoroutines.count.groupedDigits))")
            var table = TextTable(widths: [18, 20])
            for goroutine in comparison.stuckGoroutines.prefix(Self.stuckGoroutineLimit) {
                table.append(["goroutine \(goroutine.id)", goroutine.waitReason, goroutine.place])
            }
            lines += table.lines(width: width)
            if comparison.stuckGoroutines.count > Self.stuckGoroutineLimit {
                lines.append("  ... \(comparison.stuckGoroutines.count - Self.stuckGoroutineLimit) more (--format json lists every one)")
            }
            lines.append("")
        }
        lines.append("Threads appeared: \(comparison.appeared.isEmpty ? "none" : comparison.appeared.map(String.init).joined(separator: " "))")
        lines.append("Threads ended: \(comparison.ended.isEmpty ? "none" : comparison.ended.map(String.init).joined(separator: " "))")
        lines.append("")
        if !comparison.functionHits.isEmpty {
            lines.append("Function hits (innermost application frames of busy threads, all cores)")
            var table = TextTable(widths: [6])
            for hit in comparison.functionHits.prefix(15) { table.append(["\(hit.hits)", hit.function]) }
            lines += table.lines(width: width)
            lines.append("")
        }
        return lines
    }

    private static func cpuSection(_ comparison: CoreComparison, width: Int) -> [String] {
        var lines = ["CPU between cores (top threads)"]
        guard comparison.hasAccounting else {
            lines.append("  Unknown: at least one core records no CPU times (gcore, procdump, createdump).")
            lines.append("")
            return lines
        }
        let busy = comparison.threads.prefix(threadLimit).filter { !$0.total.isZero }
        guard !busy.isEmpty else {
            lines.append("  No thread used CPU time between the cores.")
            lines.append("")
            return lines
        }
        let names = nameColumn(comparison)
        let headers = names.insert("name", into: ["TID", "total", "avg % CPU", "max % CPU"] + (1..<comparison.samples.count).map { "\($0)->\($0 + 1)" })
        let widths = names.insert(into: [8, 9, 10, 10] + Array(repeating: 9, count: max(0, comparison.samples.count - 2)))
        var table = TextTable(widths: widths)
        table.append(headers)
        for thread in busy {
            let percent: (Double?) -> String = { $0.map { "\(Int($0.rounded()))%" } ?? "?" }
            let cells = names.insert(name(thread.tid, comparison), into: [
                "\(thread.tid)", TextFormatting.seconds(thread.total.totalSeconds), percent(thread.averagePercent), percent(thread.maxPercent),
            ] + thread.intervals.map { $0.map { TextFormatting.seconds($0.totalSeconds) } ?? "-" })
            table.append(cells)
        }
        lines += table.lines(width: width)
        lines.append("")
        return lines
    }

    private static func nameColumn(_ comparison: CoreComparison) -> NameColumn {
        NameColumn(isShown: comparison.hasThreadNames)
    }

    private static func name(_ tid: Int32, _ comparison: CoreComparison) -> String {
        comparison.threadName(tid).map(TextEscaping.quoted) ?? ""
    }

    private static func label(_ tid: Int32, _ comparison: CoreComparison) -> String {
        ThreadLabel.text(tid: tid, name: comparison.threadName(tid))
    }
}
