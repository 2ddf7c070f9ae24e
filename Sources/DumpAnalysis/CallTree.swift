import DumpModel

/// Every thread's stack merged into one tree from the outermost frame in: the data of a flame
/// graph. Each node counts the threads whose stacks pass through it and their CPU time. In a
/// Go process the goroutines no thread runs are merged in too, each a stack without CPU time:
/// the work of a Go service is its goroutines, thousands of them parked, not its few threads
/// (a running goroutine is counted once, through its thread, whose stack is the goroutine's).
///
/// A recursion (``StackRecursion``: a function or a cycle of functions calling itself at least
/// four times in a row) in a thread's stack is one node with its number of rounds
/// (``Node/recursion``), not one node per frame: a stack overflow's thousand frames of
/// `descend` are one row.
public struct CallTree: Equatable, Sendable {
    /// One function on a path from the root, or one folded recursion.
    public struct Node: Equatable, Sendable {
        /// The function (or `module+0xoffset`); for a folded recursion of several functions,
        /// the functions of one round from the outermost, joined by ` → ` (`b → a`).
        public var function: String
        /// Whose code the function is: a Python function and a C function of one name are
        /// two nodes.
        public var runtime: FrameRuntime
        /// Whether the function is the C library's, the C++ runtime's, the dynamic linker's or
        /// a managed runtime's own code (``ApplicationFrames/isRuntime(_:)``); for a folded
        /// recursion, whether every function of the cycle is.
        public var isRuntime: Bool
        /// The recursion the node folds, nil for one frame.
        public var recursion: Recursion?
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

    /// A run of recursion folded into one node.
    public struct Recursion: Equatable, Hashable, Sendable {
        /// How many rounds of the cycle follow each other (``StackRecursion/repetitions``).
        public var rounds: Int
        /// Whether ``rounds`` is only a lower bound: the unwind stopped inside the run.
        public var isLowerBound: Bool

        public init(rounds: Int, isLowerBound: Bool) {
            self.rounds = rounds
            self.isLowerBound = isLowerBound
        }
    }

    /// All nodes; index 0 is the root (the whole process).
    public var nodes: [Node]

    /// Whether the goroutines no thread runs are counted with the threads (a Go process).
    public var countsGoroutines: Bool

    /// The root: every thread (and goroutine).
    public var root: Node { nodes[0] }

    /// The nodes the stacks of the threads `tids` pass through (the root included), and those
    /// where one of them ends (its innermost frame): what a flame graph outlines for a finding.
    /// A TID of no thread is ignored; goroutines no thread runs have no TID.
    ///
    /// - Complexity: linear in the number of nodes.
    public func nodes(ofThreads tids: Set<Int32>) -> (passing: Set<Int>, ending: Set<Int>) {
        guard !tids.isEmpty else { return ([], []) }
        var parent = [Int](repeating: -1, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for child in node.children { parent[child] = index }
        }
        var passing: Set<Int> = [], ending: Set<Int> = []
        for (index, node) in nodes.enumerated() where node.leafTIDs.contains(where: tids.contains) {
            ending.insert(index)
            var current = index
            while current != -1, passing.insert(current).inserted { current = parent[current] }
        }
        return (passing, ending)
    }
}

extension CallTree {
    /// Merges the stacks of `process` and of its goroutines no thread runs, weighting CPU by
    /// `usage`; `frames` tells runtime frames from the application's.
    ///
    /// - Parameter stackGroups: the process's threads grouped by stack
    ///   (``StackGroup/groups(of:)``), whose recursions are folded: each stack's recursion is
    ///   found once, for the group. Grouped here when nil.
    /// - Complexity: linear in the total number of frames, plus ``StackRecursion/find(in:of:minimumRepetitions:)``
    ///   per distinct stack when `stackGroups` is nil.
    public static func build(
        _ process: Process, usage: CPUUsage, frames classifier: ApplicationFrames, stackGroups: [StackGroup]? = nil
    ) -> CallTree {
        var recursionByTID: [Int32: StackRecursion] = [:]
        for group in stackGroups ?? StackGroup.groups(of: process) {
            guard let recursion = group.recursion else { continue }
            for tid in group.tids { recursionByTID[tid] = recursion }
        }
        let parked = process.goroutines.filter { $0.threadTID == nil }
        let rootName = parked.isEmpty ? "all threads" : "all threads and goroutines"
        var nodes = [Node(function: rootName, runtime: .native, isRuntime: false, recursion: nil, threadCount: 0, cpu: .zero, children: [], leafTIDs: [])]
        var childIndex: [ChildKey: Int] = [:]
        /// Adds one stack, innermost frame first, with `recursion` folded, and returns its
        /// innermost node.
        ///
        /// The run's rounds the reader counted but did not keep (`omitted`) are not among
        /// `frames`: the folded node covers the kept ones.
        func add(_ frames: [Frame], cpu: CPUTime, recursion: StackRecursion?, omitted: OmittedFrames? = nil) -> Int {
            var current = 0
            nodes[0].threadCount += 1
            nodes[0].cpu = nodes[0].cpu + cpu
            let fold = recursion.map { recursion in
                let keptCount = max(0, recursion.frameCount - min(recursion.frameCount, omitted?.count ?? 0))
                return recursion.firstFrameIndex..<min(frames.count, recursion.firstFrameIndex.addingSaturating(keptCount))
            }
            var index = frames.count - 1
            while index >= 0 {
                let key: ChildKey
                let isRuntime: Bool
                if let fold, let recursion, fold.contains(index) {
                    key = ChildKey(
                        parent: current, function: recursion.cycle.reversed().joined(separator: " → "), runtime: frames[index].runtime,
                        recursion: Recursion(rounds: recursion.repetitions, isLowerBound: recursion.isLowerBound))
                    isRuntime = frames[fold].allSatisfy(classifier.isRuntime)
                    index = fold.lowerBound - 1
                } else {
                    let frame = frames[index]
                    key = ChildKey(parent: current, function: FrameName.of(frame, in: process), runtime: frame.runtime, recursion: nil)
                    isRuntime = classifier.isRuntime(frame)
                    index -= 1
                }
                let next: Int
                if let known = childIndex[key] {
                    next = known
                } else {
                    next = nodes.count
                    childIndex[key] = next
                    nodes.append(Node(
                        function: key.function, runtime: key.runtime, isRuntime: isRuntime, recursion: key.recursion,
                        threadCount: 0, cpu: .zero, children: [], leafTIDs: []))
                    nodes[current].children.append(next)
                }
                nodes[next].threadCount += 1
                nodes[next].cpu = nodes[next].cpu + cpu
                current = next
            }
            return current
        }
        for thread in process.threads {
            let recursion = recursionByTID[thread.tid]
            let leaf = add(thread.frames, cpu: usage.entry(tid: thread.tid)?.time ?? .zero, recursion: recursion, omitted: thread.omittedFrames)
            nodes[leaf].leafTIDs.append(thread.tid)
        }
        // A parked goroutine's stack is short (its runtime grows it, no overflow parks it):
        // its frames are merged one by one.
        for goroutine in parked { _ = add(goroutine.frames, cpu: .zero, recursion: nil) }
        return CallTree(nodes: nodes, countsGoroutines: !parked.isEmpty)
    }

    private struct ChildKey: Hashable {
        var parent: Int
        var function: String
        var runtime: FrameRuntime
        var recursion: Recursion?
    }
}
