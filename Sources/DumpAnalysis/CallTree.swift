import DumpModel

/// Every thread's stack merged into one tree from the outermost frame in: the data of a flame
/// graph. Each node counts the threads whose stacks pass through it and their CPU time. In a
/// Go process the goroutines no thread runs are merged in too, each a stack without CPU time:
/// the work of a Go service is its goroutines, thousands of them parked, not its few threads
/// (a running goroutine is counted once, through its thread, whose stack is the goroutine's).
public struct CallTree: Equatable, Sendable {
    /// One function on a path from the root.
    public struct Node: Equatable, Sendable {
        /// The function (or `module+0xoffset`).
        public var function: String
        /// Whose code the function is: a Python function and a C function of one name are
        /// two nodes.
        public var runtime: FrameRuntime
        /// Threads whose stack passes through this node, and goroutines when
        /// ``CallTree/countsGoroutines``.
        public var threadCount: Int
        /// Their CPU time.
        public var cpu: CPUTime
        /// Indices into ``CallTree/nodes`` of the callees, in first-seen order.
        public var children: [Int]
        /// The TIDs of threads whose innermost frame is this node.
        public var leafTIDs: [Int32]
    }

    /// All nodes; index 0 is the root (the whole process).
    public var nodes: [Node]

    /// Whether the goroutines no thread runs are counted with the threads (a Go process).
    public var countsGoroutines: Bool

    /// The root: every thread (and goroutine).
    public var root: Node { nodes[0] }
}

extension CallTree {
    /// Merges the stacks of `process` and of its goroutines no thread runs, weighting CPU by
    /// `usage`.
    ///
    /// - Complexity: linear in the total number of frames.
    public static func build(_ process: Process, usage: CPUUsage) -> CallTree {
        let parked = process.goroutines.filter { $0.threadTID == nil }
        let rootName = parked.isEmpty ? "all threads" : "all threads and goroutines"
        var nodes = [Node(function: rootName, runtime: .native, threadCount: 0, cpu: .zero, children: [], leafTIDs: [])]
        var childIndex: [ChildKey: Int] = [:]
        /// Adds one stack, innermost frame first, and returns its innermost node.
        func add(_ frames: [Frame], cpu: CPUTime) -> Int {
            var current = 0
            nodes[0].threadCount += 1
            nodes[0].cpu = nodes[0].cpu + cpu
            for frame in frames.reversed() {
                let key = ChildKey(parent: current, function: FrameName.of(frame, in: process), runtime: frame.runtime)
                let next: Int
                if let known = childIndex[key] {
                    next = known
                } else {
                    next = nodes.count
                    childIndex[key] = next
                    nodes.append(Node(function: key.function, runtime: frame.runtime, threadCount: 0, cpu: .zero, children: [], leafTIDs: []))
                    nodes[current].children.append(next)
                }
                nodes[next].threadCount += 1
                nodes[next].cpu = nodes[next].cpu + cpu
                current = next
            }
            return current
        }
        for thread in process.threads {
            let leaf = add(thread.frames, cpu: usage.entry(tid: thread.tid)?.time ?? .zero)
            nodes[leaf].leafTIDs.append(thread.tid)
        }
        for goroutine in parked { _ = add(goroutine.frames, cpu: .zero) }
        return CallTree(nodes: nodes, countsGoroutines: !parked.isEmpty)
    }

    private struct ChildKey: Hashable {
        var parent: Int
        var function: String
        var runtime: FrameRuntime
    }
}
