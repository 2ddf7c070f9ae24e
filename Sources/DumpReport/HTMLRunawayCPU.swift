import DumpAnalysis
import DumpModel

/// The runaway CPU section of the HTML report, like WinDbg's `!runaway`: a horizontal bar
/// chart of the threads that used the most CPU (user and system time stacked, each labelled
/// with its TID and innermost application frame), then every thread that used CPU in a table.
enum HTMLRunawayCPU {
    /// How many threads the chart shows.
    static let chartedThreadCount = 20

    /// Writes the section; a core without CPU accounting gets
    /// ``CPUUsage/noAccountingExplanation`` instead of the chart and table.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"cpu\">\n<h2>Runaway CPU</h2>\n")
        let cpu = analysis.cpu
        guard cpu.hasAccounting else {
            html.element("p", CPUUsage.noAccountingExplanation, class: "note")
            html.raw("\n</section>\n")
            return
        }
        html.raw("<p>Process total ")
        html.text(TextFormatting.seconds(cpu.processTotal.totalSeconds))
        html.raw(" (")
        html.text(TextFormatting.cpu(cpu.processTotal))
        html.raw("; all threads, including ended ones).</p>\n")
        let busy = cpu.busyEntries
        guard !busy.isEmpty else {
            html.raw("<p>No thread used CPU time.</p>\n</section>\n")
            return
        }
        let places = busy.map { entry in
            process.thread(tid: entry.tid).flatMap(analysis.frames.innermostApplicationFrame).map { FrameFormatter.shortPlace($0, in: process) } ?? ""
        }
        writeChart(Array(zip(busy, places).prefix(chartedThreadCount)), to: &html)
        writeTable(zip(busy, places), to: &html)
        let idle = cpu.entries.count - busy.count
        if idle > 0 {
            html.raw("<p>")
            html.number(idle)
            html.raw(" more threads used no CPU time.</p>\n")
        }
        html.raw("</section>\n")
    }

    private static let labelWidth = 330
    private static let barAreaWidth = 520
    private static let rowHeight = 22
    private static let legendHeight = 26

    /// The bar chart: one row per thread, bars scaled to the busiest thread.
    private static func writeChart(_ rows: [(entry: CPUUsage.Entry, place: String)], to html: inout HTMLWriter) {
        let width = labelWidth + barAreaWidth + 130
        let height = legendHeight + rows.count * rowHeight + 4
        let largest = rows.first.map { max($0.entry.time.totalSeconds, 1e-9) } ?? 1
        html.raw("<svg id=\"cpu-chart\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"")
        html.attribute("width", width)
        html.attribute("height", height)
        html.attribute("viewBox", "0 0 \(width) \(height)")
        html.raw(" role=\"img\" aria-label=\"CPU time of the busiest threads\">\n")
        html.raw("<rect class=\"user\" x=\"")
        html.number(labelWidth)
        html.raw("\" y=\"6\" width=\"12\" height=\"12\"/><text")
        html.attribute("x", labelWidth + 16)
        html.raw(" y=\"16\">user</text><rect class=\"system\" x=\"")
        html.number(labelWidth + 60)
        html.raw("\" y=\"6\" width=\"12\" height=\"12\"/><text")
        html.attribute("x", labelWidth + 76)
        html.raw(" y=\"16\">system</text>\n")
        for (row, item) in rows.enumerated() {
            let time = item.entry.time
            let y = legendHeight + row * rowHeight
            let userWidth = barWidth(time.userSeconds, of: largest)
            let systemWidth = barWidth(time.systemSeconds, of: largest)
            let label = "\(item.entry.tid)" + (item.place.isEmpty ? "" : "  \(item.place)")
            html.raw("<g><title>")
            html.text("thread \(item.entry.tid): \(TextFormatting.cpu(time))" + (item.place.isEmpty ? "" : ", in \(item.place)"))
            html.raw("</title><text class=\"label\"")
            html.attribute("x", labelWidth - 8)
            html.attribute("y", y + 15)
            html.raw(">")
            html.text(HTMLWriter.abbreviated(label, to: 48))
            html.raw("</text><rect class=\"user\"")
            html.attribute("x", labelWidth)
            html.attribute("y", y + 3)
            html.attribute("width", userWidth)
            html.raw(" height=\"16\"/><rect class=\"system\"")
            html.attribute("x", labelWidth + userWidth)
            html.attribute("y", y + 3)
            html.attribute("width", systemWidth)
            html.raw(" height=\"16\"/><text class=\"value\"")
            html.attribute("x", labelWidth + userWidth + systemWidth + 6)
            html.attribute("y", y + 15)
            html.raw(">")
            html.text("\(TextFormatting.seconds(time.totalSeconds)) (\(percent(item.entry.share)))")
            html.raw("</text></g>\n")
        }
        html.raw("</svg>\n")
    }

    /// A bar's width: at least a pixel for any time at all, so that a short bar stays visible.
    private static func barWidth(_ seconds: Double, of largest: Double) -> Int {
        guard seconds > 0 else { return 0 }
        return max(1, Int((seconds / largest * Double(barAreaWidth)).rounded()))
    }

    /// Every thread that used CPU, the most first: on a busy 4,000-thread core thousands of
    /// rows, so they are lean (cells' end tags left out, columns aligned by position).
    private static func writeTable<Rows: Sequence>(_ rows: Rows, to html: inout HTMLWriter)
    where Rows.Element == (CPUUsage.Entry, String) {
        html.raw("<div class=\"scroll\">\n<table class=\"cpu\">\n")
        html.tableHead(["TID", "user", "system", "total", "share", "where"])
        html.raw("<tbody>\n")
        for (entry, place) in rows {
            html.raw("<tr><td>")
            html.number(Int(entry.tid))
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.userSeconds))
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.systemSeconds))
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.totalSeconds))
            html.raw("<td>")
            html.text(percent(entry.share))
            html.raw("<td>")
            html.text(place)
            if entry.isDerived {
                html.raw(entry.wasClamped ? " (main thread: total minus others, clamped at 0)" : " (main thread: total minus others)")
            }
            html.raw("\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n")
    }

    /// The share in whole percent; a share from a corrupt core's times is held at a million
    /// percent rather than trapping.
    private static func percent(_ share: Double) -> String {
        guard share.isFinite else { return "?" }
        return "\(Int((min(share, 10_000) * 100).rounded()))%"
    }
}
