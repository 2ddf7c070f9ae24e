import DumpAnalysis
import DumpModel

/// Draws the wait-for graph (``HTMLWaitGraphLayout``) as inline SVG: threads as rounded boxes,
/// locks as square ones, arrows from each waiter to its lock and from each lock to its owner;
/// the nodes and edges of deadlock cycles in red. A note says what a cut graph leaves out.
enum HTMLWaitGraph {
    private static let nodeWidth = 200
    private static let nodeHeight = 36
    private static let columnWidth = 250
    private static let rowHeight = 46
    private static let margin = 12
    /// Room below the rows for each back edge's curve.
    private static let backEdgeSpacing = 14

    /// Writes `<svg id="wait-graph">`, or nothing when no thread waits on a lock.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let layout = HTMLWaitGraphLayout(locks: analysis.locks)
        guard !layout.nodes.isEmpty else { return }
        let rowsBottom = margin + layout.rowCount * rowHeight
        let width = 2 * margin + layout.columnCount * columnWidth - (columnWidth - nodeWidth)
        let height = rowsBottom + (layout.backEdges.isEmpty ? 0 : 10 + layout.backEdges.count * backEdgeSpacing)
        html.raw("<h3>Wait-for graph</h3>\n<svg id=\"wait-graph\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\"")
        html.attribute("width", width)
        html.attribute("height", height)
        html.attribute("viewBox", "0 0 \(width) \(height)")
        html.raw("""
             role="img" aria-label="Wait-for graph: each waiting thread points to its lock, each lock to its owner">
            <defs><marker id="wg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0,0 L10,5 L0,10 z"/></marker>\
            <marker id="wg-arrow-cycle" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0,0 L10,5 L0,10 z"/></marker></defs>

            """)
        for node in layout.nodes {
            guard let next = node.next else { continue }
            let from = position(of: node), to = position(of: layout.nodes[next])
            let startX = from.x + nodeWidth, startY = from.y + nodeHeight / 2
            let endX = to.x, endY = to.y + nodeHeight / 2
            let bend = (endX - startX) / 2
            writeEdge(
                "M\(startX),\(startY) C\(startX + bend),\(startY) \(endX - bend),\(endY) \(endX),\(endY)",
                isCycle: node.isInCycle && layout.nodes[next].isInCycle, to: &html)
        }
        for (number, edge) in layout.backEdges.enumerated() {
            let from = position(of: layout.nodes[edge.from]), to = position(of: layout.nodes[edge.to])
            let startX = from.x + nodeWidth / 2, startY = from.y + nodeHeight
            let endX = to.x + nodeWidth / 2, endY = to.y + nodeHeight
            let bottom = rowsBottom + (number + 1) * backEdgeSpacing
            writeEdge("M\(startX),\(startY) C\(startX),\(bottom) \(endX),\(bottom) \(endX),\(endY)", isCycle: true, to: &html)
        }
        for node in layout.nodes { writeNode(node, process: process, analysis: analysis, to: &html) }
        html.raw("</svg>\n")
        if layout.omittedLocks > 0 || layout.omittedThreads > 0 {
            html.raw("<p class=\"note\">The drawing is cut at ")
            html.number(HTMLWaitGraphLayout.maximumNodes)
            html.raw(" nodes: ")
            html.number(layout.omittedLocks)
            html.raw(" locks and ")
            html.number(layout.omittedThreads)
            html.raw(" threads are not drawn (waiters left out are counted in the “more waiting” boxes). The table above lists them all.</p>\n")
        }
    }

    private static func position(of node: HTMLWaitGraphLayout.Node) -> (x: Int, y: Int) {
        (margin + node.column * columnWidth, margin + Int(node.row * Double(rowHeight)))
    }

    private static func writeEdge(_ path: String, isCycle: Bool, to html: inout HTMLWriter) {
        html.raw(isCycle ? "<path class=\"wg-edge cycle\" marker-end=\"url(#wg-arrow-cycle)\"" : "<path class=\"wg-edge\" marker-end=\"url(#wg-arrow)\"")
        html.attribute("d", path)
        html.raw("/>\n")
    }

    private static func writeNode(_ node: HTMLWaitGraphLayout.Node, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let (x, y) = position(of: node)
        let label: Label
        switch node.content {
        case .thread(let tid):
            html.raw(node.isInCycle ? "<g class=\"wg-node thread cycle\"" : "<g class=\"wg-node thread\"")
            html.attribute("data-tid", Int(tid))
            label = threadLabel(tid, process: process, analysis: analysis)
        case .lock(let index):
            html.raw(node.isInCycle ? "<g class=\"wg-node lock cycle\"" : "<g class=\"wg-node lock\"")
            html.attribute("data-lock", index)
            label = lockLabel(analysis.locks.locks[index])
        case .moreWaiters(_, let count):
            html.raw("<g class=\"wg-node more\"")
            label = Label(
                title: "\(count) more threads wait on this lock: the table lists them", name: "+\(count) more waiting",
                detail: "see the table", isThread: false)
        }
        html.raw("><title>")
        html.text(label.title)
        html.raw(label.isThread ? "</title><rect rx=\"9\"" : "</title><rect")
        html.attribute("x", x)
        html.attribute("y", y)
        html.attribute("width", nodeWidth)
        html.attribute("height", nodeHeight)
        html.raw("/><text class=\"name\"")
        html.attribute("x", x + 8)
        html.attribute("y", y + 15)
        html.raw(">")
        html.text(HTMLWriter.abbreviated(label.name, to: 25))
        html.raw("</text><text class=\"detail\"")
        html.attribute("x", x + 8)
        html.attribute("y", y + 30)
        html.raw(">")
        html.text(HTMLWriter.abbreviated(label.detail, to: 27))
        html.raw("</text></g>\n")
    }

    /// A node's text: the tooltip, the first line (bold) and the second.
    private struct Label {
        var title: String
        var name: String
        var detail: String
        /// Threads are drawn with round corners, locks square.
        var isThread: Bool
    }

    private static func threadLabel(_ tid: Int32, process: Process, analysis: ProcessAnalysis) -> Label {
        let name = "thread " + ThreadLabel.text(tid: tid, in: process)
        guard let thread = process.thread(tid: tid) else {
            let detail = "not in the process"
            return Label(
                title: "\(name): \(detail) (it ended while holding the lock, or belongs to another process)",
                name: name, detail: detail, isThread: true)
        }
        let state = analysis.stateDescription(of: tid) ?? "unknown state"
        let place = analysis.frames.innermostApplicationFrame(of: thread).map { FrameName.of($0, in: process) }
        let title = "\(name)\(thread.isMainThread ? " (main thread)" : ""): \(state)" + (place.map { ", in \($0)" } ?? "")
        return Label(title: title, name: name, detail: place ?? state, isThread: true)
    }

    private static func lockLabel(_ lock: Lock) -> Label {
        var title = "`\(lock.name)`: \(lock.kind.description) at \(TextFormatting.hex(lock.address)), queue depth \(lock.queueDepth)"
        if let owner = lock.ownerTID { title += ", held by thread \(owner)" }
        return Label(title: title, name: lock.name, detail: "\(lock.kind.description), \(lock.queueDepth) waiting", isThread: false)
    }
}
