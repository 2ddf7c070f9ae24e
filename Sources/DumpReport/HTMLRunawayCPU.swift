import DumpAnalysis
import DumpModel

/// The runaway CPU section of the HTML report, like WinDbg's `!runaway`: a horizontal bar
/// chart of the threads that used the most CPU (user and system time stacked, each labelled
/// with its TID, its name when the core records one, and its innermost application frame),
/// then every thread that used CPU in a table. Its bar chart (``writeChart(_:to:)``) also draws the comparison page's CPU charts.
enum HTMLRunawayCPU {
    /// How many threads the chart shows.
    static let chartedThreadCount = 20

    /// Writes the section; a core without CPU accounting gets
    /// ``CPUUsage/noAccountingExplanation`` instead of the chart and table, and a negligible
    /// process total (``CPUUsage/isNegligible``) no chart and no shares: 4 ms in one thread
    /// is not drawn as a full bar.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"cpu\">\n<h2>Runaway CPU</h2>\n")
        let cpu = analysis.cpu
        if let unknown = cpu.noAccountingExplanation {
            html.element("p", unknown, class: "note")
            html.raw("\n</section>\n")
            return
        }
        html.raw("<p>Process total ")
        html.text(TextFormatting.seconds(cpu.processTotal.totalSeconds))
        html.raw(" (")
        html.text(TextFormatting.cpu(cpu.processTotal))
        html.raw("; all threads, including ended ones).</p>\n")
        if cpu.isNegligible {
            html.element("p", TextFormatting.negligibleCPUNote, class: "note")
            html.raw("\n")
        }
        let busy = cpu.busyEntries
        guard !busy.isEmpty else {
            html.raw("<p>No thread used CPU time.</p>\n</section>\n")
            return
        }
        let places = busy.map { entry in
            process.thread(tid: entry.tid).flatMap(analysis.frames.innermostApplicationFrame).map { FrameFormatter.shortPlace($0, in: process) } ?? ""
        }
        if !cpu.isNegligible { writeChart(Array(zip(busy, places).prefix(chartedThreadCount)), cpu: cpu, process: process, to: &html) }
        writeTable(zip(busy, places), cpu: cpu, process: process, to: &html)
        let idle = cpu.entries.count - busy.count
        if idle > 0 {
            html.raw("<p>")
            html.number(idle)
            html.raw(" more threads used no CPU time.</p>\n")
        }
        html.raw("</section>\n")
    }

    /// The bar chart: one row per thread, user and system time stacked, scaled to the
    /// busiest thread.
    private static func writeChart(_ rows: [(entry: CPUUsage.Entry, place: String)], cpu: CPUUsage, process: Process, to html: inout HTMLWriter) {
        let largest = rows.first.map { max($0.entry.time.totalSeconds, 1e-9) } ?? 1
        let chartRows = rows.map { item in
            let time = item.entry.time
            let thread = ThreadLabel.text(tid: item.entry.tid, in: process)
            return ChartRow(
                label: thread + (item.place.isEmpty ? "" : "  \(item.place)"),
                title: "thread \(thread): \(TextFormatting.cpu(time))" + (item.place.isEmpty ? "" : ", in \(item.place)"),
                linkedTID: html.hasThreadAnchor(item.entry.tid, in: process) ? item.entry.tid : nil,
                bars: [ChartBar(
                    segments: [(0, time.userSeconds), (1, time.systemSeconds)],
                    valueText: "\(TextFormatting.seconds(time.totalSeconds)) (\(TextFormatting.cpuShare(item.entry, of: cpu)))")])
        }
        writeChart(Chart(
            id: "cpu-chart", ariaLabel: "CPU time of the busiest threads",
            series: [ChartSeries(className: "user", name: "user"), ChartSeries(className: "system", name: "system")],
            rows: chartRows, fullScale: largest), to: &html)
    }

    /// Every thread that used CPU, the most first: on a busy 4,000-thread core thousands of
    /// rows, so they are lean (cells' end tags left out, columns aligned by position). A name
    /// column follows the TID when the core records thread names.
    private static func writeTable<Rows: Sequence>(_ rows: Rows, cpu: CPUUsage, process: Process, to html: inout HTMLWriter)
    where Rows.Element == (CPUUsage.Entry, String) {
        let hasNames = process.hasThreadNames
        html.raw("<div class=\"scroll\">\n<table class=\"cpu\">\n")
        html.tableHead(hasNames ? ["TID", "name", "user", "system", "total", "share", "where"] : ["TID", "user", "system", "total", "share", "where"])
        html.raw("<tbody>\n")
        for (entry, place) in rows {
            html.raw("<tr><td>")
            html.threadLink(entry.tid, in: process)
            if hasNames {
                html.raw("<td class=\"name\">")
                html.text(process.thread(tid: entry.tid)?.name ?? "")
            }
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.userSeconds))
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.systemSeconds))
            html.raw("<td>")
            html.text(TextFormatting.seconds(entry.time.totalSeconds))
            html.raw("<td>")
            html.text(TextFormatting.cpuShare(entry, of: cpu))
            html.raw("<td>")
            html.text(place)
            if entry.isDerived {
                html.raw(entry.wasClamped ? " (main thread: total minus others, clamped at 0)" : " (main thread: total minus others)")
            }
            html.raw("\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n")
    }
}

// MARK: Bar chart

extension HTMLRunawayCPU {
    /// A series of a bar chart: the CSS class of its rectangles and its name in the legend.
    struct ChartSeries {
        var className: StaticString
        var name: String
    }

    /// One bar: segments drawn end to end, each a value of a series, then a text after the bar.
    struct ChartBar {
        var segments: [(series: Int, value: Double)]
        var valueText: String
    }

    /// One row: a label left of its bars (cut to 48 characters), a tooltip with the full
    /// facts, and one or more bars one below the other.
    struct ChartRow {
        var label: String
        var title: String
        /// The thread whose stack the row links to (``HTMLThreadLinks``), nil for no link.
        var linkedTID: Int32? = nil
        var bars: [ChartBar]
    }

    /// A horizontal bar chart: the CPU chart of one core (user and system stacked), and of a
    /// comparison of cores (a bar per interval between them).
    struct Chart {
        /// The `<svg>` element's id, which the style sheet colours it by.
        var id: StaticString
        /// What the chart shows, for screen readers.
        var ariaLabel: String
        /// The legend, in order; segments name their series by index.
        var series: [ChartSeries]
        var rows: [ChartRow]
        /// The value drawn as a full-width bar.
        var fullScale: Double
    }

    private static let labelWidth = 330
    /// The most characters of a label that fit left of the bars: about 7 px each in the
    /// 11.5 px monospace font, ending 8 px before them.
    private static let labelCharacters = (labelWidth - 8) / 7
    private static let barAreaWidth = 520
    private static let legendHeight = 26
    private static let legendEntryWidth = 60
    /// Vertical distance between the bars of a row, and between a row's last bar and the next
    /// row (plus 4): a one-bar row is 22 pixels high.
    private static let barPitch = 18

    /// Writes `chart` as an inline `<svg class="chart">`, its size fixed by the number of
    /// rows, bars and legend entries (the page scales it down to its width).
    static func writeChart(_ chart: Chart, to html: inout HTMLWriter) {
        let width = max(labelWidth + barAreaWidth + 130, labelWidth + chart.series.count * legendEntryWidth + 20)
        let height = legendHeight + chart.rows.reduce(0) { $0 + rowHeight($1) } + 4
        let fullScale = max(chart.fullScale, 1e-9)
        html.raw("<svg")
        html.attribute("id", "\(chart.id)")
        html.raw(" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"")
        html.attribute("width", width)
        html.attribute("height", height)
        html.attribute("viewBox", "0 0 \(width) \(height)")
        html.raw(" role=\"img\"")
        html.attribute("aria-label", chart.ariaLabel)
        html.raw(">\n")
        for (index, series) in chart.series.enumerated() {
            html.raw("<rect class=\"")
            html.raw(series.className)
            html.raw("\" x=\"")
            html.number(labelWidth + index * legendEntryWidth)
            html.raw("\" y=\"6\" width=\"12\" height=\"12\"/><text")
            html.attribute("x", labelWidth + index * legendEntryWidth + 16)
            html.raw(" y=\"16\">")
            html.text(series.name)
            html.raw("</text>")
        }
        html.raw("\n")
        var y = legendHeight
        for row in chart.rows {
            if let tid = row.linkedTID {
                html.raw("<a href=\"#thread-")
                html.number(Int(tid))
                html.raw("\">")
            }
            html.raw("<g><title>")
            html.text(row.title)
            html.raw("</title><text class=\"label\"")
            html.attribute("x", labelWidth - 8)
            html.attribute("y", y + 15)
            html.raw(">")
            html.text(HTMLWriter.abbreviated(row.label, to: labelCharacters))
            html.raw("</text>")
            for (index, bar) in row.bars.enumerated() {
                let barY = y + index * barPitch
                var x = labelWidth
                for segment in bar.segments {
                    let segmentWidth = barWidth(segment.value, of: fullScale)
                    html.raw("<rect class=\"")
                    html.raw(chart.series[segment.series].className)
                    html.raw("\"")
                    html.attribute("x", x)
                    html.attribute("y", barY + 3)
                    html.attribute("width", segmentWidth)
                    html.raw(" height=\"16\"/>")
                    x += segmentWidth
                }
                html.raw("<text class=\"value\"")
                html.attribute("x", x + 6)
                html.attribute("y", barY + 15)
                html.raw(">")
                html.text(bar.valueText)
                html.raw("</text>")
            }
            html.raw(row.linkedTID == nil ? "</g>\n" : "</g></a>\n")
            y += rowHeight(row)
        }
        html.raw("</svg>\n")
    }

    private static func rowHeight(_ row: ChartRow) -> Int { 4 + max(row.bars.count, 1) * barPitch }

    /// A bar's width: at least a pixel for any value above zero, so that a short bar stays
    /// visible.
    private static func barWidth(_ value: Double, of fullScale: Double) -> Int {
        guard value > 0, value.isFinite else { return 0 }
        return max(1, Int((value / fullScale * Double(barAreaWidth)).rounded()))
    }
}
