import DumpAnalysis
import DumpModel

/// The flame graph section: ``ProcessAnalysis/callTree`` as an icicle (the root, every thread,
/// at the top), drawn by the page's script from a JSON data island into
/// `<svg id="flame-graph">`, in two views: node width by CPU time or by thread count (threads
/// and goroutines in a Go process). It opens in the view the situation calls for, with the
/// threads of the deciding finding outlined (``opening(for:hasCPUView:)``); the toolbar
/// switches views, inverts the graph (innermost frames on top, merged by function), hides
/// runtime frames, and searches frames by name.
///
/// The island (`<script type="application/json" id="flame-data">`) holds:
/// - `format`: 2;
/// - `cpu`: whether the CPU view is available (the core has CPU accounting and some CPU time);
/// - `view`: the view the page opens in, `cpu` or `threads`;
/// - `focus`: the finding whose threads are outlined, `{"finding": kind, "tids": [...]}` with
///   at most ``focusTIDLimit`` TIDs, the most important first; null when none;
/// - `unit`: what the count view counts, `thread`, or `stack` when a Go process's parked
///   goroutines are counted with its threads (``CallTree/countsGoroutines``);
/// - `names`: each distinct function name once;
/// - `managed`: `[name index, runtime]` for each name of a managed runtime's frame (`python`,
///   `go`, `jit`, `java`), which the script colours by runtime;
/// - `nodes`: the tree in preorder, each node `[name index, threads, CPU microseconds, child
///   count, flags]`, and a sixth element, the number of rounds, for a folded recursion
///   (``CallTree/Recursion``); the first is the root, whose thread count is the process's;
/// - `omitted`: how many nodes were left out.
///
/// A node's flags are the sum of: ``Flag/runtime``, ``Flag/focus``, ``Flag/focusFirst``,
/// ``Flag/focusEnds``, ``Flag/focusFirstEnds``, ``Flag/atLeast``.
///
/// A node narrower than ``minimumShare`` of the root in both views (a few threads of a
/// 4,000-thread core, a sliver of CPU) is left out with its subtree, as flamegraph.pl does:
/// it would be under a pixel wide, and the island stays small.
enum HTMLFlameGraph {
    /// The narrowest node kept, as a share of the root's threads or CPU time.
    static let minimumShare = 0.001

    /// The most TIDs of the outlined finding the island lists (its nodes are flagged whatever
    /// the number).
    static let focusTIDLimit = 64

    /// The bits of a node's flags in the island.
    enum Flag {
        /// A C library, C++ runtime, dynamic linker or managed runtime frame
        /// (``CallTree/Node/isRuntime``): hidden by "Hide runtime frames".
        static let runtime = 1
        /// A thread of the outlined finding passes through the node.
        static let focus = 2
        /// The finding's first thread (the holder, the crashed thread) passes through it.
        static let focusFirst = 4
        /// A thread of the finding ends here (its innermost frame): what the inverted view
        /// outlines.
        static let focusEnds = 8
        /// The finding's first thread ends here.
        static let focusFirstEnds = 16
        /// The recursion's rounds are a lower bound: the unwind stopped inside it.
        static let atLeast = 32
    }

    /// Writes the section: the view buttons (hidden until the script shows them), the empty
    /// `<svg id="flame-graph">`, and the data island.
    static func write(_ analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let tree = analysis.callTree
        let hasCPUView = analysis.cpu.hasAccounting && tree.root.cpu.totalMicroseconds > 0
        let opening = opening(for: analysis, hasCPUView: hasCPUView)
        html.raw("""
            <section id="flame">
            <h2>Flame graph</h2>

            """)
        html.raw(tree.countsGoroutines
            ? "<p>Every thread's and parked goroutine's stack merged from the outermost frame (top) in. Click a frame to zoom into it; hover for its stacks and CPU time.</p>\n"
            : "<p>Every thread's stack merged from the outermost frame (top) in. Click a frame to zoom into it; hover for its threads and CPU time.</p>\n")
        if !hasCPUView {
            html.raw("<p class=\"note\" id=\"flame-no-cpu\">The CPU view is disabled: ")
            html.text(analysis.cpu.noAccountingExplanation ?? "no thread used CPU time.")
            html.raw("</p>\n")
        }
        let note = note(for: opening)
        if !note.isEmpty {
            html.raw("<p class=\"note\" id=\"flame-opening\">")
            html.text(note)
            html.raw("</p>\n")
        }
        html.raw("<div class=\"flame-toolbar\" id=\"flame-toolbar\" hidden>View: ")
        html.raw(hasCPUView
            ? "<button type=\"button\" id=\"flame-view-cpu\""
            : "<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"false\" disabled title=\"No CPU time recorded\">CPU time</button>")
        if hasCPUView { html.raw(opening.view == .cpu ? " aria-pressed=\"true\">CPU time</button>" : " aria-pressed=\"false\">CPU time</button>") }
        html.raw(opening.view == .threads
            ? "<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"true\">"
            : "<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"false\">")
        html.raw(tree.countsGoroutines ? "Thread and goroutine count</button>" : "Thread count</button>")
        html.raw("""
             <button type="button" id="flame-invert" aria-pressed="false" title="Innermost frames on top, merged by function, their callers below">Inverted</button>\
            <button type="button" id="flame-hide-runtime" aria-pressed="false" title="Hide the C library's, the C++ runtime's, the dynamic linker's and managed runtimes' own frames">Hide runtime frames</button>\
            <button type="button" id="flame-reset">Reset zoom</button>
            <input type="search" id="flame-search" placeholder="Search frames" aria-label="Search frames" size="24"> <span id="flame-matched" class="flame-matched"></span></div>
            <div id="flame-details" class="flame-details"></div>
            <svg id="flame-graph" class="flame" xmlns="http://www.w3.org/2000/svg" width="1200" height="0" viewBox="0 0 1200 0" role="img" aria-label="Flame graph of all stacks"></svg>
            <noscript><p class="note">The flame graph is drawn by JavaScript; the hot methods table and the threads below show the same stacks.</p></noscript>

            """)
        html.jsonIsland(id: "flame-data", json: data(tree, opening: opening, hasCPUView: hasCPUView))
        html.raw("</section>\n")
    }
}
