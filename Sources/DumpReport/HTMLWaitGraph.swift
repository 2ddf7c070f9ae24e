import DumpAnalysis
import DumpModel

/// Draws the wait-for graph (``HTMLWaitGraphLayout``) as inline SVG: threads as rounded boxes,
/// locks as square ones, arrows from each waiter to its lock and from each lock to its owner;
/// the nodes and edges of deadlock cycles in red, the chain root (the thread the others wait
/// for, which waits for nothing) outlined. Each column is as wide as its longest label and
/// lock names wrap instead of being cut (``HTMLWaitGraphLabel``). A thread links to its stack,
/// a lock and its "+N threads waiting" box to its row of the lock table. A note says what the
/// drawing shows and, when it is cut, what it folds or leaves out.
enum HTMLWaitGraph {
    private static let columnGap = 50
    private static let rowGap = 10
    private static let margin = 12
    /// Padding inside a node, left and top.
    private static let padding = 8
    private static let nameLineHeight = 15
    private static let detailLineHeight = 13
    /// How many chain roots the note names.
    static let listedRootCount = 8
    /// Room below the rows for each back edge's curve.
    private static let backEdgeSpacing = 14

    /// Where the nodes go: each column's left edge and width, each node's lines, and one
    /// height for every node.
    private struct Geometry {
        var columnX: [Int]
        var columnWidth: [Int]
        var names: [[String]]
        var details: [[String]]
        var nodeHeight: Int

        init(layout: HTMLWaitGraphLayout, labels: [HTMLWaitGraphLabel]) {
            var textWidth = [Double](repeating: HTMLWaitGraphLabel.minimumTextWidth, count: layout.columnCount)
            for (node, label) in zip(layout.nodes, labels) { textWidth[node.column] = max(textWidth[node.column], label.textWidth) }
            columnWidth = textWidth.map { Int($0.rounded(.up)) + 2 * HTMLWaitGraph.padding }
            columnX = []
            var x = HTMLWaitGraph.margin
            for width in columnWidth {
                columnX.append(x)
                x += width + HTMLWaitGraph.columnGap
            }
            names = zip(layout.nodes, labels).map { $1.nameLines(width: textWidth[$0.column]) }
            details = zip(layout.nodes, labels).map { $1.detailLines(width: textWidth[$0.column]) }
            let nameLines = names.map(\.count).max() ?? 1, detailLines = details.map(\.count).max() ?? 1
            nodeHeight = HTMLWaitGraph.padding + nameLines * HTMLWaitGraph.nameLineHeight + detailLines * HTMLWaitGraph.detailLineHeight + 2
        }

        var width: Int { (columnX.last ?? 0) + (columnWidth.last ?? 0) + HTMLWaitGraph.margin }
        var rowHeight: Int { nodeHeight + HTMLWaitGraph.rowGap }
    }

    /// The graph's own style, after ``HTMLStyle/css`` (which colours the nodes and edges):
    /// both lines of a label monospace, so that a character count is a width, and the chain
    /// root outlined.
    static let css: StaticString = """
        .wg-node text.name { font-weight: 700; font-family: var(--mono); font-size: 12px; }
        .wg-node.root rect { stroke: #7a3e00; stroke-width: 3; fill: #ffe2b3; }

        """

    /// Writes `<svg id="wait-graph">` and its note, or nothing when no thread waits on a lock.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let layout = HTMLWaitGraphLayout(locks: analysis.locks)
        guard !layout.nodes.isEmpty else { return }
        let labels = layout.nodes.map { label(of: $0, process: process, analysis: analysis) }
        let geometry = Geometry(layout: layout, labels: labels)
        let rowsBottom = margin + layout.rowCount * geometry.rowHeight
        let width = geometry.width
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
        func box(_ index: Int) -> (x: Int, y: Int, width: Int) {
            let node = layout.nodes[index]
            return (geometry.columnX[node.column], margin + Int(node.row * Double(geometry.rowHeight)), geometry.columnWidth[node.column])
        }
        let middle = geometry.nodeHeight / 2
        for (index, node) in layout.nodes.enumerated() {
            guard let next = node.next else { continue }
            let from = box(index), to = box(next)
            let startX = from.x + from.width, startY = from.y + middle
            let endX = to.x, endY = to.y + middle
            let bend = (endX - startX) / 2
            writeEdge(
                "M\(startX),\(startY) C\(startX + bend),\(startY) \(endX - bend),\(endY) \(endX),\(endY)",
                isCycle: node.isInCycle && layout.nodes[next].isInCycle, to: &html)
        }
        for (number, edge) in layout.backEdges.enumerated() {
            let from = box(edge.from), to = box(edge.to)
            let startX = from.x + from.width / 2, startY = from.y + geometry.nodeHeight
            let endX = to.x + to.width / 2, endY = to.y + geometry.nodeHeight
            let bottom = rowsBottom + (number + 1) * backEdgeSpacing
            writeEdge("M\(startX),\(startY) C\(startX),\(bottom) \(endX),\(bottom) \(endX),\(endY)", isCycle: true, to: &html)
        }
        for (index, node) in layout.nodes.enumerated() {
            let place = box(index)
            writeNode(
                node, label: labels[index], names: geometry.names[index], details: geometry.details[index],
                box: (place.x, place.y, place.width, geometry.nodeHeight), process: process, to: &html)
        }
        html.raw("</svg>\n")
        writeNote(layout, process: process, to: &html)
    }

    private static func label(of node: HTMLWaitGraphLayout.Node, process: Process, analysis: ProcessAnalysis) -> HTMLWaitGraphLabel {
        switch node.content {
        case .thread(let tid): HTMLWaitGraphLabel.thread(tid, process: process, analysis: analysis)
        case .lock(let index): HTMLWaitGraphLabel.lock(analysis.locks.locks[index])
        case .moreWaiters(let index, let count): HTMLWaitGraphLabel.moreWaiters(count, lock: analysis.locks.locks[index])
        }
    }

    private static func writeEdge(_ path: String, isCycle: Bool, to html: inout HTMLWriter) {
        html.raw(isCycle ? "<path class=\"wg-edge cycle\" marker-end=\"url(#wg-arrow-cycle)\"" : "<path class=\"wg-edge\" marker-end=\"url(#wg-arrow)\"")
        html.attribute("d", path)
        html.raw("/>\n")
    }

    private static func writeNode(
        _ node: HTMLWaitGraphLayout.Node, label: HTMLWaitGraphLabel, names: [String], details: [String],
        box: (x: Int, y: Int, width: Int, height: Int), process: Process, to html: inout HTMLWriter
    ) {
        // A thread of the process links to its stack, a lock and its folded waiters to the
        // lock's row of the table (SVG 2's `<a href>`).
        var linked = true
        switch node.content {
        case .thread(let tid) where html.hasThreadAnchor(tid, in: process):
            html.raw("<a href=\"#thread-")
            html.number(Int(tid))
            html.raw("\">")
        case .lock(let index), .moreWaiters(let index, _):
            html.raw("<a href=\"#lock-")
            html.number(index)
            html.raw("\">")
        case .thread:
            linked = false
        }
        switch node.content {
        case .thread(let tid):
            html.raw("<g class=\"wg-node thread")
            if node.isInCycle { html.raw(" cycle") }
            if node.isChainRoot { html.raw(" root") }
            html.raw("\"")
            html.attribute("data-tid", Int(tid))
        case .lock(let index):
            html.raw(node.isInCycle ? "<g class=\"wg-node lock cycle\"" : "<g class=\"wg-node lock\"")
            html.attribute("data-lock", index)
        case .moreWaiters(let index, _):
            html.raw("<g class=\"wg-node more\"")
            html.attribute("data-lock", index)
        }
        html.raw("><title>")
        if node.isChainRoot { html.raw("Chain root: it holds what the others wait for and waits on no lock. ") }
        html.text(label.title)
        html.raw(label.isThread ? "</title><rect rx=\"9\"" : "</title><rect")
        html.attribute("x", box.x)
        html.attribute("y", box.y)
        html.attribute("width", box.width)
        html.attribute("height", box.height)
        html.raw("/>")
        let baseline = box.y + padding + 8
        writeLines(names, class: "name", x: box.x + padding, baseline: baseline, lineHeight: nameLineHeight, to: &html)
        let detailBaseline = baseline + names.count * nameLineHeight + 1
        writeLines(details, class: "detail", x: box.x + padding, baseline: detailBaseline, lineHeight: detailLineHeight, to: &html)
        html.raw(linked ? "</g></a>\n" : "</g>\n")
    }

    /// One `<text class="…">` per line, one under the other.
    private static func writeLines(
        _ lines: [String], class className: StaticString, x: Int, baseline: Int, lineHeight: Int, to html: inout HTMLWriter
    ) {
        for (number, line) in lines.enumerated() {
            html.raw("<text class=\"")
            html.raw(className)
            html.raw("\"")
            html.attribute("x", x)
            html.attribute("y", baseline + number * lineHeight)
            html.raw(">")
            html.text(line)
            html.raw("</text>")
        }
    }

    /// What the drawing shows: the chain roots to look at first, and for a cut drawing how
    /// many locks and threads are drawn, folded into "+N threads waiting" boxes, or left out.
    private static func writeNote(_ layout: HTMLWaitGraphLayout, process: Process, to html: inout HTMLWriter) {
        let roots = layout.nodes.compactMap { node -> Int32? in
            guard node.isChainRoot, case .thread(let tid) = node.content else { return nil }
            return tid
        }
        if !roots.isEmpty {
            html.raw(roots.count == 1 ? "<p class=\"note wg-roots\">Outlined: thread " : "<p class=\"note wg-roots\">Outlined: threads ")
            // A drawing of many independent locks has as many roots: the first few are named.
            let named = roots.prefix(listedRootCount)
            for (position, tid) in named.enumerated() {
                if position > 0 { html.raw(position == roots.count - 1 ? " and " : ", ") }
                html.threadLink(tid, label: ThreadLabel.text(tid: tid, in: process), in: process)
            }
            if roots.count > named.count { html.text(" and \(roots.count - named.count) more") }
            html.raw(roots.count == 1
                ? ", which holds what the others wait for and waits on no lock itself: look at it first.</p>\n"
                : ", which hold what the others wait for and wait on no lock themselves: look at them first.</p>\n")
        }
        guard layout.foldedThreads > 0 || layout.omittedLocks > 0 || layout.omittedThreads > 0 else { return }
        html.raw("<p class=\"note wg-cut\">Drawn: ")
        html.text("\(layout.drawnLocks) of \(layout.lockCount) \(layout.lockCount == 1 ? "lock" : "locks") and \(layout.drawnThreads) of \(layout.threadCount) threads.")
        if layout.foldedThreads > 0 {
            let boxes = layout.nodes.compactMap { node -> Int? in
                if case .moreWaiters(_, let count) = node.content { return count }
                return nil
            }
            let counted = boxes.count == 1 ? "the “+\(boxes[0]) threads waiting” box" : "the \(boxes.count) “+N threads waiting” boxes"
            html.text(" \(layout.foldedThreads) more \(layout.foldedThreads == 1 ? "thread waits" : "threads wait") on a drawn lock, counted in \(counted).")
        }
        let limit = " to keep the drawing to \(HTMLWaitGraphLayout.maximumNodes) boxes."
        if layout.omittedLocks > 0 {
            html.text(" \(layout.omittedLocks) \(layout.omittedLocks == 1 ? "lock" : "locks") and \(layout.omittedThreads) other threads are not drawn," + limit)
        } else if layout.omittedThreads > 0 {
            html.text(" \(layout.omittedThreads) other threads are not drawn," + limit)
        }
        html.raw(" The table above lists every lock and waiter.</p>\n")
    }
}
