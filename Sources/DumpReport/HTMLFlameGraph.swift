import DumpAnalysis
import DumpModel

/// The flame graph section: ``ProcessAnalysis/callTree`` as an icicle (the root, every thread,
/// at the top), drawn by the page's script from a JSON data island into
/// `<svg id="flame-graph">`, in two views: node width by CPU time or by thread count (threads
/// and goroutines in a Go process).
///
/// The island (`<script type="application/json" id="flame-data">`) holds:
/// - `format`: 1;
/// - `cpu`: whether the CPU view is available (the core has CPU accounting and some CPU time);
/// - `unit`: what the count view counts, `thread`, or `stack` when a Go process's parked
///   goroutines are counted with its threads (``CallTree/countsGoroutines``);
/// - `names`: each distinct function name once;
/// - `runtime`: the indices in `names` of C library and runtime functions;
/// - `managed`: `[name index, runtime]` for each name of a managed runtime's frame (`python`,
///   `go`, `jit`, `java`), which the script colours by runtime;
/// - `nodes`: the tree in preorder, each node `[name index, threads, CPU microseconds, child
///   count]`; the first is the root, whose thread count is the process's;
/// - `omitted`: how many nodes were left out.
///
/// A node narrower than ``minimumShare`` of the root in both views (a few threads of a
/// 4,000-thread core, a sliver of CPU) is left out with its subtree, as flamegraph.pl does:
/// it would be under a pixel wide, and the island stays small.
enum HTMLFlameGraph {
    /// The narrowest node kept, as a share of the root's threads or CPU time.
    static let minimumShare = 0.001

    /// Writes the section: the view buttons (hidden until the script shows them), the empty
    /// `<svg id="flame-graph">`, and the data island.
    static func write(_ analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let tree = analysis.callTree
        let hasCPUView = analysis.cpu.hasAccounting && tree.root.cpu.totalMicroseconds > 0
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
        html.raw("<div class=\"flame-toolbar\" id=\"flame-toolbar\" hidden>View: ")
        html.raw(hasCPUView
            ? "<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"true\">CPU time</button>"
            : "<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"false\" disabled title=\"No CPU time recorded\">CPU time</button>")
        html.raw(hasCPUView
            ? "<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"false\">"
            : "<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"true\">")
        html.raw(tree.countsGoroutines ? "Thread and goroutine count</button>" : "Thread count</button>")
        html.raw("""
             <button type="button" id="flame-reset">Reset zoom</button></div>
            <div id="flame-details" class="flame-details"></div>
            <svg id="flame-graph" class="flame" xmlns="http://www.w3.org/2000/svg" width="1200" height="0" viewBox="0 0 1200 0" role="img" aria-label="Flame graph of all stacks"></svg>
            <noscript><p class="note">The flame graph is drawn by JavaScript; the hot methods table and the threads below show the same stacks.</p></noscript>

            """)
        html.jsonIsland(id: "flame-data", json: data(tree, hotMethods: analysis.hotMethods, hasCPUView: hasCPUView))
        html.raw("</section>\n")
    }

    /// The island's JSON document.
    private static func data(_ tree: CallTree, hotMethods: HotMethods, hasCPUView: Bool) -> String {
        let root = tree.root
        let rootThreads = Double(root.threadCount)
        let rootCPU = Double(root.cpu.totalMicroseconds)
        func isKept(_ node: CallTree.Node) -> Bool {
            Double(node.threadCount) >= rootThreads * minimumShare
                || (hasCPUView && Double(node.cpu.totalMicroseconds) >= rootCPU * minimumShare)
        }
        let runtimeFunctions = Set(hotMethods.entries.lazy.filter(\.isRuntime).map(\.function))
        var names: [String] = []
        var nameIndex: [String: Int] = [:]
        var managed: [(name: Int, runtime: FrameRuntime)] = []
        var json = JSONWriter(capacity: 4096 + tree.nodes.count * 24)
        var kept = 0
        json.beginObject()
        json.key("format"); json.number(1)
        json.key("cpu"); json.bool(hasCPUView)
        json.key("unit"); json.string(tree.countsGoroutines ? "stack" : "thread")
        json.key("nodes"); json.beginArray()
        var stack = [0]
        while let index = stack.popLast() {
            let node = tree.nodes[index]
            let children = node.children.filter { isKept(tree.nodes[$0]) }
            let name: Int
            if let known = nameIndex[node.function] {
                name = known
            } else {
                name = names.count
                nameIndex[node.function] = name
                names.append(node.function)
                if node.runtime != .native { managed.append((name, node.runtime)) }
            }
            json.beginArray()
            json.number(name)
            json.number(node.threadCount)
            json.number(node.cpu.totalMicroseconds)
            json.number(children.count)
            json.endArray()
            kept += 1
            stack += children.reversed()
        }
        json.endArray()
        json.key("names"); json.beginArray()
        // The names are labels the script draws: hidden characters are made visible first.
        for name in names { json.string(TextEscaping.escaped(name)) }
        json.endArray()
        json.key("runtime"); json.beginArray()
        for (index, name) in names.enumerated() where runtimeFunctions.contains(name) { json.number(index) }
        json.endArray()
        json.key("managed"); json.beginArray()
        for entry in managed {
            json.beginArray(); json.number(entry.name); json.string(entry.runtime.rawValue); json.endArray()
        }
        json.endArray()
        json.key("omitted"); json.number(tree.nodes.count - kept)
        json.endObject()
        return json.string
    }
}
