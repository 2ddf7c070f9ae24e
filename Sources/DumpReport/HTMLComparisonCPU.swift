import DumpAnalysis
import DumpModel

/// The CPU section of the comparison page: the threads that used the most CPU between the
/// cores, ranked by their average over the whole span and by their busiest interval, each as
/// a table and a bar chart in % of one CPU with a bar per interval between consecutive cores.
///
/// Cores that record no CPU times (gcore, procdump, createdump) get a sentence saying the CPU
/// between them is unknown instead of a table of zeros; cores whose capture times are unknown
/// get CPU in seconds only, since a percentage needs the time between them.
enum HTMLComparisonCPU {
    /// The most threads in each table.
    static let tableThreadCount = 20
    /// The most threads in each chart.
    static let chartedThreadCount = 10

    /// What the page says instead of CPU figures when a core records none.
    static let noAccountingExplanation =
        "CPU between the cores is unknown: at least one core records no CPU times (cores written by gcore, procdump or createdump carry none), so no thread's CPU is shown rather than zeros."

    /// The interval bars' CSS classes (``HTMLStyle/comparisonCSS``), repeated past the last.
    private static let intervalClasses: [StaticString] = ["interval-0", "interval-1", "interval-2", "interval-3", "interval-4", "interval-5"]

    /// Writes `<section id="cpu">`.
    static func write(_ comparison: CoreComparison, to html: inout HTMLWriter) {
        html.raw("<section id=\"cpu\">\n<h2>CPU between cores</h2>\n")
        defer { html.raw("</section>\n") }
        guard comparison.hasAccounting else {
            html.element("p", noAccountingExplanation, class: "note")
            html.raw("\n")
            return
        }
        let busy = comparison.threads.filter { !$0.total.isZero }
        guard !busy.isEmpty else {
            html.raw("<p>No thread used CPU time between the cores.</p>\n")
            return
        }
        let places = Dictionary(busy.map { ($0.tid, place(of: $0.tid, in: comparison)) }, uniquingKeysWith: { first, _ in first })
        let rows = busy.map { (thread: $0, place: places[$0.tid] ?? "") }
        if busy.allSatisfy({ $0.averagePercent == nil && $0.maxPercent == nil }) {
            html.element("p", "The cores' capture times are unknown, so CPU is given in seconds, not as % of one CPU.", class: "note")
            html.raw("\n")
            writeTable(rows.prefix(tableThreadCount), comparison: comparison, to: &html)
        } else {
            html.raw("<p>Bars are % of one CPU in each interval between consecutive cores (100% is one CPU busy all the time); a thread missing from either core of an interval has no bar for it.</p>\n")
            // The model orders threads by CPU over the span, which is the order of their averages.
            html.raw("<h3>Top threads by average CPU</h3>\n")
            writeChart(rows.prefix(chartedThreadCount), id: "cpu-average-chart", ranking: "average", comparison: comparison, to: &html)
            writeTable(rows.prefix(tableThreadCount), comparison: comparison, to: &html)
            let byMaximum = rows.enumerated().sorted { a, b in
                let (x, y) = (a.element.thread.maxPercent ?? -1, b.element.thread.maxPercent ?? -1)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
            html.raw("<h3>Top threads by max interval CPU</h3>\n")
            writeChart(byMaximum.prefix(chartedThreadCount), id: "cpu-max-chart", ranking: "busiest interval", comparison: comparison, to: &html)
            writeTable(byMaximum.prefix(tableThreadCount), comparison: comparison, to: &html)
        }
        let idle = comparison.threads.count - busy.count
        if idle > 0 {
            html.raw("<p>")
            html.number(idle)
            html.raw(" more threads used no CPU time between the cores.</p>\n")
        }
    }

    /// A bar chart of `rows`, a bar per interval, scaled so that one CPU (or the busiest
    /// interval, when higher) is the full width.
    private static func writeChart(
        _ rows: ArraySlice<(thread: CoreComparison.ThreadCPU, place: String)>, id: StaticString, ranking: String,
        comparison: CoreComparison, to html: inout HTMLWriter
    ) {
        let names = intervalNames(comparison)
        var largest = 100.0
        let chartRows = rows.map { row -> HTMLRunawayCPU.ChartRow in
            let percents = intervalPercents(row.thread, comparison: comparison)
            largest = max(largest, percents.compactMap { $0 }.max() ?? 0)
            let bars = percents.enumerated().map { index, percent in
                HTMLRunawayCPU.ChartBar(
                    segments: percent.map { [(index, $0)] } ?? [],
                    valueText: (names.count > 1 ? "\(names[index]): " : "") + percentText(percent))
            }
            return HTMLRunawayCPU.ChartRow(
                label: ThreadLabel.text(tid: row.thread.tid, name: comparison.threadName(row.thread.tid)) + (row.place.isEmpty ? "" : "  \(row.place)"),
                title: "thread \(row.thread.tid): \(percentText(row.thread.averagePercent)) of one CPU on average, \(percentText(row.thread.maxPercent)) in its busiest interval, \(TextFormatting.seconds(row.thread.total.totalSeconds)) in all" + (row.place.isEmpty ? "" : ", in \(row.place)"),
                bars: bars)
        }
        HTMLRunawayCPU.writeChart(HTMLRunawayCPU.Chart(
            id: id, ariaLabel: "% of one CPU per interval between cores of the threads with the highest \(ranking)",
            series: names.indices.map { HTMLRunawayCPU.ChartSeries(className: intervalClasses[$0 % intervalClasses.count], name: names[$0]) },
            rows: chartRows, fullScale: largest), to: &html)
    }

    /// The table: TID, average and highest % of one CPU, CPU over the span, CPU (and %) in each
    /// interval, and where the thread was in the last core it is in.
    private static func writeTable(
        _ rows: ArraySlice<(thread: CoreComparison.ThreadCPU, place: String)>, comparison: CoreComparison, to html: inout HTMLWriter
    ) {
        html.raw("<div class=\"scroll\">\n<table class=\"cpu\">\n<thead><tr><th>TID</th><th>avg % CPU</th><th>max % CPU</th><th>total</th>")
        for name in intervalNames(comparison) { html.element("th", name) }
        html.raw("<th>where</th></tr></thead>\n<tbody>\n")
        for row in rows {
            html.raw("<tr>")
            html.element("td", ThreadLabel.text(tid: row.thread.tid, name: comparison.threadName(row.thread.tid)))
            html.element("td", percentText(row.thread.averagePercent))
            html.element("td", percentText(row.thread.maxPercent))
            html.element("td", TextFormatting.seconds(row.thread.total.totalSeconds))
            for (interval, percent) in zip(row.thread.intervals, intervalPercents(row.thread, comparison: comparison)) {
                guard let interval else {
                    html.raw("<td>-</td>")
                    continue
                }
                html.element("td", TextFormatting.seconds(interval.totalSeconds) + (percent.map { " (\(percentText($0)))" } ?? ""))
            }
            html.element("td", row.place)
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n")
    }

    /// `1→2`, `2→3` …: the intervals between consecutive cores, numbered as in the cores table.
    private static func intervalNames(_ comparison: CoreComparison) -> [String] {
        comparison.intervalSeconds.indices.map { "\($0 + 1)→\($0 + 2)" }
    }

    /// The thread's CPU in each interval as % of one CPU, nil where the thread is missing from
    /// either core or the time between them is unknown.
    private static func intervalPercents(_ thread: CoreComparison.ThreadCPU, comparison: CoreComparison) -> [Double?] {
        zip(thread.intervals, comparison.intervalSeconds).map { cpu, seconds in
            guard let cpu, let seconds, seconds > 0 else { return nil }
            return cpu.totalSeconds / seconds * 100
        }
    }

    /// `75%`, or `?` when unknown (or not a number, from a hostile core's times).
    static func percentText(_ percent: Double?) -> String {
        guard let percent, percent.isFinite else { return "?" }
        return "\(Int(min(max(percent, 0), 1_000_000).rounded()))%"
    }

    /// The thread's innermost application frame in the last core it is in, or "".
    private static func place(of tid: Int32, in comparison: CoreComparison) -> String {
        for sample in comparison.samples.reversed() {
            guard let thread = sample.process.thread(tid: tid) else { continue }
            return sample.analysis.frames.innermostApplicationFrame(of: thread).map { FrameFormatter.shortPlace($0, in: sample.process) } ?? ""
        }
        return ""
    }
}
