import DumpAnalysis
import DumpModel

extension HTMLFlameGraph {
    /// The island's JSON document (its fields are listed on ``HTMLFlameGraph``).
    static func data(_ tree: CallTree, opening: Opening, hasCPUView: Bool) -> String {
        let root = tree.root
        let rootThreads = Double(root.threadCount)
        let rootCPU = Double(root.cpu.totalMicroseconds)
        func isKept(_ node: CallTree.Node) -> Bool {
            Double(node.threadCount) >= rootThreads * minimumShare
                || (hasCPUView && Double(node.cpu.totalMicroseconds) >= rootCPU * minimumShare)
        }
        let focusTIDs = opening.finding?.tids ?? []
        let focus = tree.nodes(ofThreads: Set(focusTIDs))
        let first = tree.nodes(ofThreads: Set(focusTIDs.prefix(1)))
        func flags(_ index: Int) -> Int {
            let node = tree.nodes[index]
            var flags = 0
            if node.isRuntime { flags |= Flag.runtime }
            if focus.passing.contains(index) { flags |= Flag.focus }
            if first.passing.contains(index) { flags |= Flag.focusFirst }
            if focus.ending.contains(index) { flags |= Flag.focusEnds }
            if first.ending.contains(index) { flags |= Flag.focusFirstEnds }
            if node.recursion?.isLowerBound == true { flags |= Flag.atLeast }
            return flags
        }
        var names: [String] = []
        var nameIndex: [String: Int] = [:]
        var managed: [(name: Int, runtime: FrameRuntime)] = []
        var json = JSONWriter(capacity: 4096 + tree.nodes.count * 28)
        var kept = 0
        json.beginObject()
        json.key("format"); json.number(2)
        json.key("cpu"); json.bool(hasCPUView)
        json.key("view"); json.string(opening.view.rawValue)
        json.key("focus")
        if let finding = opening.finding {
            json.beginObject()
            json.key("finding"); json.string(finding.kind.rawValue)
            json.key("tids"); json.beginArray()
            for tid in focusTIDs.prefix(focusTIDLimit) { json.number(Int(tid)) }
            json.endArray()
            json.endObject()
        } else {
            json.null()
        }
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
            json.number(flags(index))
            if let recursion = node.recursion { json.number(recursion.rounds) }
            json.endArray()
            kept += 1
            stack += children.reversed()
        }
        json.endArray()
        json.key("names"); json.beginArray()
        // The names are labels the script draws: hidden characters are made visible first.
        for name in names { json.string(TextEscaping.escaped(name)) }
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
