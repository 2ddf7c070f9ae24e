import DumpAnalysis
import DumpModel

/// The table of every thread in the HTML report's thread states section: one row per thread
/// with its TID (a link to its stack), its name when the core records names, its state, the
/// locks it waits for and holds, its CPU time and its innermost application frame, all as the
/// analysis computed them. A filter box above it hides the rows that do not contain what is
/// typed (``HTMLCrossLinkScript``); without JavaScript the box stays hidden and the table is
/// whole.
///
/// A 10,000-thread core gets 10,000 rows, so the rows are lean (cells' end tags left out) and
/// above ``openRowLimit`` threads the table is closed in a `<details>`, in a scrolling box.
enum HTMLThreadTable {
    /// The most threads whose table is shown open; a larger one is closed in a `<details>`.
    static let openRowLimit = 50

    /// Writes `<h3>`, the filter box and `<table id="all-threads">`.
    /// With a `--tid` selection (``HTMLWriter/shownThreads``), only the selected threads.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let threads = html.shownThreads.map { shown in process.threads.filter { shown.contains($0.tid) } } ?? process.threads
        guard !threads.isEmpty else { return }
        let count = threads.count
        let isClosed = count > openRowLimit
        html.raw("<h3>All threads (")
        html.number(count)
        html.raw(")</h3>\n")
        if isClosed {
            html.raw("<details class=\"all-threads\"><summary>Show the table of all ")
            html.number(count)
            html.raw(" threads</summary>\n")
        }
        html.raw("""
            <p class="thread-filter" hidden><label>Filter <input type="search" id="thread-filter" autocomplete="off" \
            placeholder="TID, name, state, lock, frame"></label> <span id="thread-filter-count"></span></p>
            <div class="scroll">
            <table class="threads" id="all-threads">

            """)
        let hasNames = process.hasThreadNames
        html.tableHead(hasNames ? ["TID", "name", "state", "locks", "CPU", "application frame"] : ["TID", "state", "locks", "CPU", "application frame"])
        html.raw("<tbody>\n")
        let cpuKnown = analysis.cpu.hasAccounting
        let threadTIDs = Set(process.threads.map(\.tid))
        for thread in threads {
            html.raw("<tr><td>")
            html.threadLink(thread.tid, in: process)
            if hasNames {
                html.raw("<td class=\"name\">")
                html.text(ThreadLabel.nameColumn(thread))
            }
            html.raw("<td>")
            html.stateText(ThreadStateText.text(of: thread, analysis: analysis, unknown: "unknown"), naming: threadTIDs, in: process)
            html.raw("<td>")
            writeLocks(of: thread.tid, locks: analysis.locks, to: &html)
            html.raw("<td class=\"number\">")
            html.text(TextFormatting.cpuSeconds(analysis.cpu.entry(tid: thread.tid)?.time ?? .zero, known: cpuKnown))
            html.raw("<td class=\"mono\">")
            if let frame = analysis.frames.innermostApplicationFrame(of: thread) {
                html.text(FrameFormatter.shortPlace(frame, in: process))
            }
            html.raw("\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n")
        if isClosed { html.raw("</details>\n") }
    }

    /// "waits for `a`; holds `b`, `c`": the lock the thread is queued on and those it owns.
    private static func writeLocks(of tid: Int32, locks: LockAnalysis, to html: inout HTMLWriter) {
        var first = true
        if let waited = locks.waitingOn[tid] {
            html.raw("waits for <code>")
            html.text(locks.locks[waited].name)
            html.raw("</code>")
            first = false
        }
        let held = locks.locksHeld(by: tid)
        guard !held.isEmpty else { return }
        html.raw(first ? "holds " : "; holds ")
        for (position, index) in held.enumerated() {
            html.raw(position == 0 ? "<code>" : ", <code>")
            html.text(locks.locks[index].name)
            html.raw("</code>")
        }
    }
}
