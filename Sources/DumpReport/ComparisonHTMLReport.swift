import DumpAnalysis
import DumpModel

/// `analyze-dump compare --format html`: several cores of one process compared over time, as
/// one self-contained page in the style of the single-core page (``HTMLReport``): the
/// findings, the cores in time order with the time between them, the CPU each thread used
/// between them (``HTMLComparisonCPU``), threads at the same place in every core, locks held
/// in every core with their queue depth in each, threads that appeared or ended, and the
/// functions busy threads were in.
///
/// The page loads nothing and escapes every string from the cores, their paths included
/// (``HTMLWriter``). Hooks for checkers: `<body data-report="comparison">`, the findings in
/// `#findings`, script errors in `<pre id="js-errors">` and `data-js-ready="true"` on `<body>`
/// once the script ran; there is no flame graph.
public enum ComparisonHTMLReport {
    /// Renders the comparison.
    ///
    /// - Parameters:
    ///   - comparison: the compared cores, oldest first.
    ///   - toolVersion: the version of analyze-dump, shown in the header and footer.
    /// - Returns: the HTML document.
    /// - Complexity: linear in the threads of the cores; CPU tables and charts show the top
    ///   threads only.
    public static func render(_ comparison: CoreComparison, toolVersion: String) -> String {
        var html = HTMLWriter(capacity: 32_768 + comparison.samples.count * 512 + comparison.functionHits.count * 120)
        html.beginPage(title: title(comparison), styleSheets: [HTMLStyle.css, HTMLStyle.comparisonCSS], reportKind: "comparison")
        writeHeader(comparison, toolVersion: toolVersion, to: &html)
        html.raw("""
            <nav><a href="#summary">Summary</a><a href="#cores">Cores</a><a href="#cpu">CPU</a><a href="#stuck">Stuck threads</a>\
            <a href="#locks">Locks</a><a href="#threads">Threads</a><a href="#function-hits">Function hits</a></nav>
            <main>

            """)
        HTMLProcessSections.writeFindings(comparison.findings, to: &html)
        writeCores(comparison, to: &html)
        HTMLComparisonCPU.write(comparison, to: &html)
        writeStuckThreads(comparison, to: &html)
        writeLocks(comparison, to: &html)
        writeThreadChanges(comparison, to: &html)
        writeFunctionHits(comparison.functionHits, to: &html)
        html.endPage(toolVersion: toolVersion)
        return html.string
    }

    private static func title(_ comparison: CoreComparison) -> String {
        var text = "\(processName(comparison)): comparison of \(comparison.samples.count) cores"
        if let span = span(comparison) { text += " over \(TextFormatting.seconds(span))" }
        return text + ": analyze-dump report"
    }

    /// `Process 1234 (server)`, or `Processes 1, 99` when the cores are of several.
    private static func processName(_ comparison: CoreComparison) -> String {
        var pids: [Int32] = []
        for sample in comparison.samples where !pids.contains(sample.process.pid) { pids.append(sample.process.pid) }
        guard pids.count == 1, let last = comparison.samples.last else {
            return "Processes " + pids.map(String.init).joined(separator: ", ")
        }
        return "Process \(last.process.pid)" + (last.process.status.map { " (\($0.command))" } ?? "")
    }

    /// Seconds from the first core to the last, when every capture time is known.
    private static func span(_ comparison: CoreComparison) -> Double? {
        let known = comparison.intervalSeconds.compactMap { $0 }
        guard !known.isEmpty, known.count == comparison.intervalSeconds.count else { return nil }
        return known.reduce(0, +)
    }

    private static func writeHeader(_ comparison: CoreComparison, toolVersion: String, to html: inout HTMLWriter) {
        html.raw("<header class=\"report\">\n<h1>")
        html.text(processName(comparison))
        html.raw(": comparison of ")
        html.number(comparison.samples.count)
        html.raw(" cores</h1>\n<p class=\"subtitle\">")
        var facts: [String] = []
        if let span = span(comparison) { facts.append("over \(TextFormatting.seconds(span))") }
        facts.append(comparison.hasAccounting ? "CPU times recorded" : "no CPU times recorded")
        if let threads = comparison.samples.last?.process.threads.count { facts.append("\(threads) threads in the last core") }
        facts.append("analyze-dump \(toolVersion)")
        html.text(facts.joined(separator: " · "))
        html.raw("</p>\n")
        html.tally(of: comparison.findings)
        html.raw("</header>\n")
    }

    /// The cores, oldest first: path, process, threads, when written and the time since the
    /// previous one.
    private static func writeCores(_ comparison: CoreComparison, to html: inout HTMLWriter) {
        html.raw("<section id=\"cores\">\n<h2>Cores</h2>\n<table class=\"cores\">\n")
        html.tableHead(["#", "core", "pid", "threads", "written", "since the previous core"])
        html.raw("<tbody>\n")
        for (index, sample) in comparison.samples.enumerated() {
            html.raw("<tr>")
            html.numberCell(index + 1)
            html.element("td", sample.label, class: "mono")
            html.numberCell(Int(sample.process.pid))
            html.numberCell(sample.process.threads.count)
            let nanoseconds = sample.captureTime.flatMap { Int64(exactly: ($0 * 1e9).rounded()) }
            html.element("td", nanoseconds.map { CoreOrigin.timestamp($0) } ?? "unknown")
            let interval = index == 0 ? "" : comparison.intervalSeconds[index - 1].map { "+" + TextFormatting.seconds($0) } ?? "unknown"
            html.raw("<td class=\"number\">")
            html.text(interval)
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    private static func writeStuckThreads(_ comparison: CoreComparison, to html: inout HTMLWriter) {
        let threads = comparison.stuckThreads
        html.raw("<section id=\"stuck\">\n<h2>Threads at the same place in ")
        html.text(comparison.everyCore)
        html.raw("</h2>\n")
        guard !threads.isEmpty else {
            html.raw("<p>No thread was at the same instruction in ")
            html.text(comparison.everyCore)
            html.raw(" (idle, sleeping and condition-waiting threads are not counted).</p>\n</section>\n")
            return
        }
        html.raw("<p>")
        html.number(threads.count)
        html.raw(threads.count == 1 ? " thread was" : " threads were")
        html.raw(" at the same instruction of the same function in ")
        html.text(comparison.allCores)
        html.raw("; their state is the last core's.</p>\n<div class=\"scroll\">\n<table class=\"stuck\">\n")
        html.tableHead(["TID", "state", "place"])
        html.raw("<tbody>\n")
        for thread in threads {
            html.raw("<tr>")
            html.element("td", ThreadLabel.text(tid: thread.tid, name: comparison.threadName(thread.tid)))
            html.raw("<td>")
            html.textQuotingNames(thread.state)
            html.raw("</td>")
            html.element("td", thread.place, class: "mono")
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n</section>\n")
    }

    private static func writeLocks(_ comparison: CoreComparison, to html: inout HTMLWriter) {
        let locks = comparison.persistentLocks, coreCount = comparison.samples.count
        html.raw("<section id=\"locks\">\n<h2>Locks held in ")
        html.text(comparison.everyCore)
        html.raw("</h2>\n")
        guard !locks.isEmpty else {
            html.raw("<p>No lock was held by the same owner with waiters in ")
            html.text(comparison.everyCore)
            html.raw(".</p>\n</section>\n")
            return
        }
        html.raw("<p>Held by the same thread with threads queued on it in ")
        html.text(comparison.everyCore)
        html.raw(": the queue depth in each core.</p>\n<table class=\"locks\">\n<thead><tr><th>lock</th><th>address</th><th>owner</th>")
        for core in 1...max(coreCount, 1) { html.element("th", "core \(core)") }
        html.raw("</tr></thead>\n<tbody>\n")
        for lock in locks {
            html.raw("<tr>")
            html.element("td", lock.name, class: "mono")
            html.element("td", TextFormatting.hex(lock.address), class: "mono")
            html.element("td", "thread " + ThreadLabel.text(tid: lock.ownerTID, name: comparison.threadName(lock.ownerTID)))
            for depth in lock.queueDepths { html.numberCell(depth) }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    private static func writeThreadChanges(_ comparison: CoreComparison, to html: inout HTMLWriter) {
        html.raw("<section id=\"threads\">\n<h2>Threads that appeared and ended</h2>\n<dl class=\"facts\">\n")
        let list: ([Int32]) -> String = { $0.isEmpty ? "none" : "\($0.count): " + $0.map(String.init).joined(separator: " ") }
        html.definition("Appeared", list(comparison.appeared))
        html.definition("Ended", list(comparison.ended))
        html.raw("</dl>\n<p class=\"note\">Between the first core and the last; threads that came and went between them are not seen.</p>\n</section>\n")
    }

    private static func writeFunctionHits(_ hits: [(function: String, hits: Int)], to html: inout HTMLWriter) {
        html.raw("<section id=\"function-hits\">\n<h2>Function hits</h2>\n")
        guard !hits.isEmpty else {
            html.raw("<p>No thread was running or holding a contended lock in any core.</p>\n</section>\n")
            return
        }
        html.raw("<p>The innermost application frame of each thread running or holding a contended lock, counted over all cores: where the busy threads were over the interval.</p>\n<div class=\"scroll\">\n<table class=\"hits\">\n")
        html.tableHead(["hits", "function"])
        html.raw("<tbody>\n")
        for hit in hits {
            html.raw("<tr>")
            html.numberCell(hit.hits)
            html.element("td", hit.function, class: "mono")
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n</section>\n")
    }
}
