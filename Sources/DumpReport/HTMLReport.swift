import DumpAnalysis
import DumpModel

/// The report as one self-contained HTML5 page, in DebugDiag's order: a header naming the
/// process, the analysis summary (the findings), then the evidence (dump information, crash
/// details, runaway CPU, locks and the wait-for graph, thread states and pools, counters,
/// memory, hot methods, the flame graph), the threads grouped by identical stack, the modules
/// and the diagnostics.
///
/// The page loads nothing: CSS, SVG and script are inline, and a Content-Security-Policy
/// forbids any fetch. Everything but the flame graph is plain HTML and works without
/// JavaScript. Every string from the core is escaped (``HTMLWriter``).
///
/// Every thread has an anchor `id="thread-TID"` on its group of stacks, and every TID on the
/// page links there (``HTMLThreadLinks``).
///
/// Hooks for tests in a browser: the findings are in `#findings`; the script records any
/// error in `<pre id="js-errors">`, draws the flame graph's rectangles into
/// `<svg id="flame-graph">` and, once its setup has finished, sets `data-js-ready="true"` on
/// `<body>`; the table of all threads is `#all-threads`, its filter box `#thread-filter`.
public enum HTMLReport {
    /// Renders the report for `process`.
    ///
    /// - Parameters:
    ///   - process: the process read from the core.
    ///   - analysis: what the analyses concluded about it.
    ///   - toolVersion: the version of analyze-dump, shown in the header.
    ///   - tids: the threads `--tid` names, whose stacks alone are shown; empty for all.
    /// - Returns: the HTML document.
    /// - Complexity: linear in threads and frames. Per-thread rows appear only in compact
    ///   tables; stacks are written once per group of identical stacks.
    public static func render(_ process: Process, analysis: ProcessAnalysis, toolVersion: String, tids: Set<Int32> = []) -> String {
        let groups = StackGroup.keeping(tids, of: analysis.stackGroups)
        let frameCount = groups.reduce(0) { $0 + $1.frames.count }
        var html = HTMLWriter(capacity: 65_536 + process.threads.count * 160 + frameCount * 200)
        if !tids.isEmpty { html.shownThreads = Set(groups.flatMap(\.tids)) }
        html.beginPage(title: title(process), styleSheets: [HTMLStyle.css, HTMLCrossLinkScript.css, HTMLWaitGraph.css])
        writeHeader(process, analysis: analysis, toolVersion: toolVersion, to: &html)
        writeNavigation(analysis: analysis, to: &html)
        html.raw("<main>\n")
        HTMLProcessSections.writeFindings(analysis.findings, signature: analysis.signature, process: process, to: &html)
        HTMLProcessSections.writeDumpInformation(process, analysis: analysis, to: &html)
        if let crash = analysis.crash { HTMLProcessSections.writeCrash(crash, process: process, analysis: analysis, to: &html) }
        HTMLRunawayCPU.write(process, analysis: analysis, to: &html)
        HTMLLocksSection.write(process, analysis: analysis, to: &html)
        HTMLActivitySections.writeThreadStates(process, analysis: analysis, to: &html)
        HTMLGoroutinesSection.write(process, analysis: analysis.goroutines, to: &html)
        HTMLActivitySections.writeCounters(analysis.counters, to: &html)
        HTMLActivitySections.writeMemory(analysis.memory, to: &html)
        HTMLActivitySections.writeHotMethods(analysis.hotMethods, cpuKnown: analysis.cpu.hasAccounting, to: &html)
        HTMLFlameGraph.write(analysis, to: &html)
        HTMLStackGroups.write(groups, process: process, analysis: analysis, to: &html)
        HTMLDumpDetails.writeModules(process, to: &html)
        HTMLDumpDetails.writeDiagnostics(process, to: &html)
        html.raw("<script>")
        html.raw(HTMLCrossLinkScript.main)
        html.raw("</script>\n")
        html.endPage(toolVersion: toolVersion)
        return html.string
    }

    private static func title(_ process: Process) -> String {
        var text = "Process \(process.pid)"
        if let command = process.status?.command { text += " (\(command))" }
        return text + ": analyze-dump report"
    }

    private static func writeHeader(_ process: Process, analysis: ProcessAnalysis, toolVersion: String, to html: inout HTMLWriter) {
        html.raw("<header class=\"report\">\n<h1>Process ")
        html.number(Int(process.pid))
        if let command = process.status?.command {
            html.raw(" <span class=\"command\">")
            html.text(command)
            html.raw("</span>")
        }
        html.raw("</h1>\n<p class=\"subtitle\">")
        var facts = ["\(process.architecture)", "\(process.threads.count) threads", "\(process.modules.count) modules"]
        if let signal = process.signal { facts.append(signal.name) }
        facts.append(CoreOrigin.shortDescription(of: process))
        facts.append("analyze-dump \(toolVersion)")
        html.text(facts.joined(separator: " · "))
        html.raw("</p>\n")
        html.tally(of: analysis.findings)
        html.raw("</header>\n")
    }

    private static func writeNavigation(analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<nav><a href=\"#summary\">Summary</a><a href=\"#dump-information\">Dump</a>")
        if analysis.crash != nil { html.raw("<a href=\"#crash\">Crash</a>") }
        html.raw("<a href=\"#cpu\">CPU</a><a href=\"#locks\">Locks</a><a href=\"#thread-states\">States</a>")
        if !analysis.goroutines.groups.isEmpty { html.raw("<a href=\"#goroutines\">Goroutines</a>") }
        if !analysis.counters.isEmpty { html.raw("<a href=\"#counters\">Counters</a>") }
        html.raw("""
            <a href="#memory">Memory</a><a href="#hot-methods">Hot methods</a><a href="#flame">Flame graph</a>\
            <a href="#stacks">Threads</a><a href="#modules">Modules</a><a href="#diagnostics">Diagnostics</a></nav>

            """)
    }
}
