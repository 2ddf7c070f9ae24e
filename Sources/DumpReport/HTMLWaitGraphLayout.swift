import DumpAnalysis

/// The wait-for graph placed on a grid before it is drawn: thread and lock nodes, an edge
/// from each waiter to its lock and from each lock to its owner, columns from left (waiters)
/// to right (the threads everybody waits for), rows so that a node sits beside the nodes that
/// point to it.
///
/// Each node points to at most one other (a thread waits on one lock, a lock has one owner),
/// so the graph is a forest of trees whose roots are threads that wait for nobody, locks
/// without an owner, or deadlock cycles. A cycle is opened at its thread with the lowest TID,
/// which becomes a root; the edge that closed it is kept apart as a back edge.
///
/// A graph of more than ``maximumNodes`` nodes is cut: deadlock cycles first, then the locks,
/// most waited-on first, each with its owner and a few waiters; the waiters left out are one
/// "+N threads waiting" node per lock. Waiters that hold a drawn lock are drawn first, so
/// chains stay connected.
///
/// A chain root is a thread that others wait for, through one lock or a chain of them, and
/// that waits on no lock itself: the thread to look at first.
struct HTMLWaitGraphLayout {
    /// The most nodes drawn.
    static let maximumNodes = 60
    /// The most waiters drawn per lock in a graph that is cut, besides waiters drawn for
    /// another reason (owners of other locks, cycle members).
    static let waitersPerLock = 4

    /// What a node stands for.
    enum Content: Equatable {
        /// A thread, by TID.
        case thread(Int32)
        /// A lock, by its index in ``LockAnalysis/locks``.
        case lock(Int)
        /// The waiters of a lock that are not drawn, and how many there are.
        case moreWaiters(lockIndex: Int, count: Int)
    }

    /// One node and its place.
    struct Node {
        var content: Content
        /// The node this one points to (a waiter's lock, a lock's owner), nil for a root.
        var next: Int?
        /// Whether the node is part of a deadlock cycle.
        var isInCycle: Bool
        /// Whether the node is a thread waiting on a lock (drawn or not).
        var waitsOnALock = false
        /// Whether the node is a chain root: a thread that others wait for and that waits on
        /// no lock and is in no cycle.
        var isChainRoot = false
        /// The column, 0 at the left.
        var column = 0
        /// The row, a half-row for a node centred between the nodes pointing to it.
        var row = 0.0
    }

    /// An edge that closes a deadlock cycle, from a root back to the node it waits on.
    struct BackEdge {
        var from: Int
        var to: Int
    }

    var nodes: [Node] = []
    var backEdges: [BackEdge] = []
    var columnCount = 0
    var rowCount = 0
    /// Every lock with waiters.
    var lockCount = 0
    /// Every thread that waits on a lock or holds one that others wait on.
    var threadCount = 0
    /// The locks not drawn.
    var omittedLocks = 0
    /// The waiters not drawn as nodes of their own but counted in the "+N threads waiting"
    /// node of a drawn lock.
    var foldedThreads = 0
    /// The threads neither drawn nor folded: those of locks not drawn.
    var omittedThreads = 0

    /// The nodes drawn that stand for a lock.
    var drawnLocks = 0
    /// The nodes drawn that stand for a thread.
    var drawnThreads = 0

    /// Lays out the graph of `locks`; empty when no thread waits on a lock.
    init(locks: LockAnalysis) {
        select(locks)
        connect(locks)
        openCycles()
        place()
    }

    private var threadNodes: [Int32: Int] = [:]
    private var lockNodes: [Int: Int] = [:]

    // MARK: Selection

    private mutating func select(_ analysis: LockAnalysis) {
        let cycleThreads = Set(analysis.deadlocks.flatMap(\.tids))
        let cycleLocks = Set(analysis.deadlocks.flatMap(\.lockIndices))
        func addThread(_ tid: Int32) {
            guard threadNodes[tid] == nil else { return }
            threadNodes[tid] = nodes.count
            nodes.append(Node(content: .thread(tid), isInCycle: cycleThreads.contains(tid)))
        }
        func addLock(_ index: Int) {
            guard lockNodes[index] == nil else { return }
            lockNodes[index] = nodes.count
            nodes.append(Node(content: .lock(index), isInCycle: cycleLocks.contains(index)))
        }
        var folded: Set<Int32> = []
        var involved = Set(analysis.waitingOn.keys)
        for lock in analysis.locks { if let owner = lock.ownerTID { involved.insert(owner) } }
        // A graph that fits is drawn whole; only a larger one is cut to a few waiters per lock.
        let waiterLimit = analysis.locks.count + involved.count <= Self.maximumNodes ? Int.max : Self.waitersPerLock
        for deadlock in analysis.deadlocks where nodes.count + 2 * deadlock.tids.count <= Self.maximumNodes {
            for (tid, lock) in zip(deadlock.tids, deadlock.lockIndices) {
                addThread(tid)
                addLock(lock)
            }
        }
        for (index, lock) in analysis.locks.enumerated() {
            let owner = lock.ownerTID
            let needed = (lockNodes[index] == nil ? 1 : 0) + (owner.map { threadNodes[$0] == nil ? 1 : 0 } ?? 0)
            guard nodes.count + needed <= Self.maximumNodes else { break }
            addLock(index)
            if let owner { addThread(owner) }
            // Waiters that hold contended locks link this lock to others: they go first.
            let pending = lock.waiters.map(\.tid).filter { threadNodes[$0] == nil }
            let linking = pending.filter { !analysis.locksHeld(by: $0).isEmpty }
            let plain = pending.filter { analysis.locksHeld(by: $0).isEmpty }
            let ordered = linking + plain
            var shown = min(ordered.count, max(waiterLimit, linking.count), Self.maximumNodes - nodes.count)
            if shown < ordered.count { shown = max(0, min(shown, Self.maximumNodes - nodes.count - 1)) }
            for tid in ordered.prefix(shown) { addThread(tid) }
            if shown < ordered.count, nodes.count < Self.maximumNodes {
                nodes.append(Node(content: .moreWaiters(lockIndex: index, count: ordered.count - shown), isInCycle: false))
                folded.formUnion(ordered.dropFirst(shown))
            }
        }
        lockCount = analysis.locks.count
        threadCount = involved.count
        drawnLocks = lockNodes.count
        drawnThreads = threadNodes.count
        omittedLocks = lockCount - lockNodes.count
        foldedThreads = folded.subtracting(threadNodes.keys).count
        omittedThreads = max(0, threadCount - threadNodes.count - foldedThreads)
    }

    /// Points each node at the node it waits for, where both are drawn.
    private mutating func connect(_ analysis: LockAnalysis) {
        for index in nodes.indices {
            switch nodes[index].content {
            case .thread(let tid):
                nodes[index].next = analysis.waitingOn[tid].flatMap { lockNodes[$0] }
                nodes[index].waitsOnALock = analysis.waitingOn[tid] != nil
            case .lock(let lock):
                nodes[index].next = analysis.locks[lock].ownerTID.flatMap { threadNodes[$0] }
            case .moreWaiters(let lock, _):
                nodes[index].next = lockNodes[lock]
            }
        }
    }

    // MARK: Layout

    /// Opens every cycle at its thread with the lowest TID. Each node has one outgoing edge
    /// at most, so one walk per node finds them all.
    private mutating func openCycles() {
        enum Mark { case visiting, done }
        var marks = [Mark?](repeating: nil, count: nodes.count)
        for start in nodes.indices where marks[start] == nil {
            var path: [Int] = []
            var current: Int? = start
            while let node = current, marks[node] == nil {
                marks[node] = .visiting
                path.append(node)
                current = nodes[node].next
            }
            if let node = current, marks[node] == .visiting, let position = path.firstIndex(of: node) {
                let cycle = path[position...]
                let root = cycle.min { tid(of: $0) < tid(of: $1) } ?? node
                if let target = nodes[root].next { backEdges.append(BackEdge(from: root, to: target)) }
                nodes[root].next = nil
            }
            for node in path { marks[node] = .done }
        }
    }

    /// A node's TID for choosing where to open a cycle; locks sort after every thread.
    private func tid(of node: Int) -> Int64 {
        if case .thread(let tid) = nodes[node].content { return Int64(tid) }
        return Int64.max
    }

    /// Columns by distance from the root (roots on the right), rows as in a tidy tree: each
    /// leaf its own row, each inner node between its first and last child.
    private mutating func place() {
        var children = [[Int]](repeating: [], count: nodes.count)
        var roots: [Int] = []
        for index in nodes.indices {
            if let next = nodes[index].next { children[next].append(index) } else { roots.append(index) }
        }
        for root in roots where !children[root].isEmpty && !nodes[root].isInCycle && !nodes[root].waitsOnALock {
            if case .thread = nodes[root].content { nodes[root].isChainRoot = true }
        }
        var depth = [Int](repeating: 0, count: nodes.count)
        var nextRow = 0.0
        for root in roots {
            // Post-order walk: a node is placed after its children.
            var stack: [(node: Int, childPosition: Int)] = [(root, 0)]
            while let (node, position) = stack.last {
                if position < children[node].count {
                    stack[stack.count - 1].childPosition += 1
                    let child = children[node][position]
                    depth[child] = depth[node] + 1
                    stack.append((child, 0))
                    continue
                }
                stack.removeLast()
                if let first = children[node].first, let last = children[node].last {
                    nodes[node].row = (nodes[first].row + nodes[last].row) / 2
                } else {
                    nodes[node].row = nextRow
                    nextRow += 1
                }
            }
        }
        let deepest = depth.max() ?? 0
        for index in nodes.indices { nodes[index].column = deepest - depth[index] }
        columnCount = nodes.isEmpty ? 0 : deepest + 1
        rowCount = Int(nextRow)
    }
}
