import DumpModel

/// Finds the locks threads wait on, reads each one's owner from the lock in core memory, and
/// builds the wait-for graph: waiter -> owner, its chains and its cycles (deadlocks).
public struct LockAnalysis: Equatable, Sendable {
    /// A cycle of threads each waiting for a lock the next one holds.
    public struct Deadlock: Equatable, Hashable, Sendable {
        /// The threads of the cycle, each waiting for a lock the next holds (the last waits for
        /// the first's), starting with the lowest TID.
        public var tids: [Int32]
        /// `lockIndices[i]` is the lock `tids[i]` waits for (an index into ``locks``).
        public var lockIndices: [Int]
    }

    /// Every object with waiters, the most waited-on first.
    public var locks: [Lock]
    /// For each waiting thread, the index in ``locks`` of what it waits on.
    public var waitingOn: [Int32: Int]
    /// Every cycle of the wait-for graph.
    public var deadlocks: [Deadlock]
    /// For each waiting thread, the thread at the end of its chain (for a chain that ends in a
    /// cycle, the cycle's lowest TID).
    private var rootByThread: [Int32: Int32] = [:]
    /// For each owner, the indices of the locks it holds that others wait on.
    private var heldByOwner: [Int32: [Int]] = [:]
    /// For each root, every thread whose chain ends at it.
    private var queuedBehindRoot: [Int32: [Int32]] = [:]
    /// How each waiting thread wants its lock.
    private var modeByThread: [Int32: Lock.Waiter.Mode] = [:]
    /// The threads of every cycle.
    private var deadlockedThreads: Set<Int32> = []

    /// The owner `tid` waits for: the thread holding the lock it is queued on.
    public func blocker(of tid: Int32) -> Int32? {
        waitingOn[tid].flatMap { locks[$0].ownerTID }.flatMap { $0 == tid ? nil : $0 }
    }

    /// The chain from `tid` to the thread at its end: `[tid, owner, owner's owner, ...]`. The
    /// chain stops at a thread that waits for no owner (the root), or before repeating a
    /// thread (a deadlock).
    public func chain(from tid: Int32) -> [Int32] {
        var chain = [tid]
        var seen: Set<Int32> = [tid]
        var current = tid
        while let next = blocker(of: current), !seen.contains(next) {
            chain.append(next)
            seen.insert(next)
            current = next
        }
        return chain
    }

    /// The thread at the end of `tid`'s chain: the one everybody in the chain waits for.
    public func root(of tid: Int32) -> Int32 { rootByThread[tid] ?? tid }

    /// Every thread whose chain ends at `root`, directly or through other lock holders, in
    /// TID order.
    public func threadsQueued(behind root: Int32) -> [Int32] { queuedBehindRoot[root] ?? [] }

    /// How `tid` wants the lock it waits on (to read or alone), nil when it waits on none.
    public func waitMode(of tid: Int32) -> Lock.Waiter.Mode? { modeByThread[tid] }

    /// Whether `tid` is part of a deadlock cycle.
    public func isDeadlocked(_ tid: Int32) -> Bool { deadlockedThreads.contains(tid) }

    /// The indices in ``locks`` of the contended locks `tid` holds.
    public func locksHeld(by tid: Int32) -> [Int] { heldByOwner[tid] ?? [] }
}

extension LockAnalysis {
    /// Analyses the locks of `image` given each thread's state.
    ///
    /// - Complexity: linear in the number of threads (plus a few memory reads per lock).
    public static func analyze(_ image: ProcessImage, states: [Int32: ThreadState]) -> LockAnalysis {
        let builder = LockBuilder(image: image)
        var locks: [Lock] = []
        var indexByAddress: [UInt64: Int] = [:]
        var waitingOn: [Int32: Int] = [:]
        for thread in image.process.threads {
            // The runtime's own record of a waiter wins over what its stack suggests.
            guard let target = builder.runtimeTarget(of: thread.tid) ?? states[thread.tid].flatMap({ builder.target(of: $0.activity) })
            else { continue }
            let index: Int
            if let known = indexByAddress[target.address] {
                index = known
            } else {
                index = locks.count
                indexByAddress[target.address] = index
                locks.append(builder.lock(at: target.address, kind: target.kind, firstWaiter: thread))
            }
            locks[index].waiters.append(Lock.Waiter(tid: thread.tid, mode: target.mode))
            waitingOn[thread.tid] = index
        }

        // The most waited-on first; the order of discovery breaks ties.
        let order = locks.indices.sorted { locks[$0].queueDepth != locks[$1].queueDepth ? locks[$0].queueDepth > locks[$1].queueDepth : $0 < $1 }
        var newIndex = Array(repeating: 0, count: locks.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        var analysis = LockAnalysis(
            locks: order.map { locks[$0] }, waitingOn: waitingOn.mapValues { newIndex[$0] }, deadlocks: [])
        analysis.deadlocks = analysis.findCycles(threadOrder: image.process.threads.map(\.tid))
        analysis.indexChains()
        return analysis
    }

    /// Fills the root of every waiting thread, the locks of every owner and the threads queued
    /// behind every root. Each thread's chain is walked once: a walk stops at a thread whose
    /// root is known.
    private mutating func indexChains() {
        for (index, lock) in locks.enumerated() {
            if let owner = lock.ownerTID { heldByOwner[owner, default: []].append(index) }
            for waiter in lock.waiters { modeByThread[waiter.tid] = waiter.mode }
        }
        deadlockedThreads = Set(deadlocks.flatMap(\.tids))
        for start in waitingOn.keys.sorted() where rootByThread[start] == nil {
            var path: [Int32] = []
            var onPath: Set<Int32> = []
            var current = start
            var root: Int32?
            while root == nil {
                path.append(current)
                onPath.insert(current)
                if let known = rootByThread[current] {
                    root = known
                } else if let next = blocker(of: current) {
                    if onPath.contains(next), let first = path.firstIndex(of: next) {
                        root = path[first...].min()
                    } else {
                        current = next
                    }
                } else {
                    root = current
                }
            }
            for tid in path where rootByThread[tid] == nil { rootByThread[tid] = root }
        }
        for (tid, root) in rootByThread where tid != root {
            queuedBehindRoot[root, default: []].append(tid)
        }
        for root in queuedBehindRoot.keys { queuedBehindRoot[root]?.sort() }
    }

    /// The cycles of the wait-for graph. Every thread has at most one outgoing edge, so each
    /// thread is visited once.
    private func findCycles(threadOrder: [Int32]) -> [Deadlock] {
        enum Mark { case visiting, done }
        var marks: [Int32: Mark] = [:]
        var cycles: [Deadlock] = []
        for start in threadOrder where marks[start] == nil {
            var path: [Int32] = []
            var current: Int32? = start
            while let tid = current, marks[tid] == nil {
                marks[tid] = .visiting
                path.append(tid)
                current = waitingOn[tid].flatMap { locks[$0].ownerTID }
            }
            if let tid = current, marks[tid] == .visiting, let position = path.firstIndex(of: tid) {
                var members = Array(path[position...])
                let lowest = members.indices.min { members[$0] < members[$1] } ?? 0
                members = Array(members[lowest...] + members[..<lowest])
                cycles.append(Deadlock(tids: members, lockIndices: members.map { waitingOn[$0] ?? 0 }))
            }
            for tid in path { marks[tid] = .done }
        }
        return cycles
    }
}

/// Turns thread states into lock objects by reading glibc's structures from memory, and the
/// locks managed runtimes record (``DumpModel/RuntimeLock``) into lock objects with their
/// runtime's owner.
private struct LockBuilder {
    struct Target {
        var address: UInt64
        var kind: Lock.Kind
        var mode: Lock.Waiter.Mode
    }

    let image: ProcessImage
    let layout: GlibcLayout?
    let frames: ApplicationFrames
    let liveTIDs: Set<Int32>
    /// The runtime locks by address.
    let runtimeLocks: [UInt64: RuntimeLock]
    /// The runtime lock each thread the runtime records as a waiter waits for.
    let runtimeLockByWaiter: [Int32: RuntimeLock]

    init(image: ProcessImage) {
        self.image = image
        layout = GlibcLayout(architecture: image.process.architecture)
        frames = ApplicationFrames(process: image.process)
        liveTIDs = Set(image.process.threads.map(\.tid))
        var runtimeLocks: [UInt64: RuntimeLock] = [:]
        var runtimeLockByWaiter: [Int32: RuntimeLock] = [:]
        // A lock or a waiter named twice keeps its first record.
        for lock in image.process.runtimeLocks where runtimeLocks[lock.address] == nil {
            runtimeLocks[lock.address] = lock
            for tid in lock.waiterTIDs where runtimeLockByWaiter[tid] == nil { runtimeLockByWaiter[tid] = lock }
        }
        self.runtimeLocks = runtimeLocks
        self.runtimeLockByWaiter = runtimeLockByWaiter
    }

    /// The runtime lock the runtime records `tid` as waiting for (``Process/runtimeLocks``).
    func runtimeTarget(of tid: Int32) -> Target? {
        runtimeLockByWaiter[tid].map { Target(address: $0.address, kind: $0.isCondition ? .condition : .runtime($0.kind), mode: .exclusive) }
    }

    /// The object a thread doing `activity` waits on, by the object's address. A runtime's
    /// lock wait is on the futex word when that word is the lock itself (the GIL's condition
    /// variable, a Rust Mutex); a per-thread parker groups nothing.
    func target(of activity: ThreadState.Activity) -> Target? {
        switch activity {
        case .runtime(let wait) where wait.kind == .lock && wait.futexIsLock:
            return target(of: wait.underlying)
        case .mutex(let word):
            return Target(address: word, kind: .mutex(mutexType(at: word)), mode: .exclusive)
        case .internalLock(let word):
            return Target(address: word, kind: .internalLock, mode: .exclusive)
        case .readLock(let word):
            return Target(address: rwlockAddress(futexWord: word, reader: true), kind: .readerWriter, mode: .shared)
        case .writeLock(let word):
            return Target(address: rwlockAddress(futexWord: word, reader: false), kind: .readerWriter, mode: .exclusive)
        case .condition(let word):
            return Target(address: conditionAddress(futexWord: word), kind: .condition, mode: .exclusive)
        case .semaphore(let address) where address != 0:
            return Target(address: address, kind: .semaphore, mode: .exclusive)
        case .futex(let word):
            return Target(address: word, kind: .futex, mode: .exclusive)
        default:
            return nil
        }
    }

    func lock(at address: UInt64, kind: Lock.Kind, firstWaiter: Thread) -> Lock {
        let symbol = image.symbols.symbol(containing: address)
        var lock = Lock(
            address: address, kind: kind, symbol: symbol,
            passedBy: frames.innermostApplicationFrame(of: firstWaiter)?.function,
            ownerTID: nil, ownerIsInProcess: true, recursionCount: nil, readerCount: nil, waiters: [])
        lock.variablePath = symbol.flatMap { image.symbols.variablePath(of: address, in: $0) }
        // The runtime records the lock (the GIL's condition variable, which its waiters' stacks
        // also lead to): its owner, kind and name are the runtime's.
        if let runtimeLock = runtimeLocks[address] {
            lock.kind = runtimeLock.isCondition ? .condition : .runtime(runtimeLock.kind)
            lock.runtimeName = runtimeLock.name
            lock.ownerTID = runtimeLock.ownerTID
            if let owner = lock.ownerTID { lock.ownerIsInProcess = liveTIDs.contains(owner) }
            return lock
        }
        guard let layout else { return lock }
        let memory = image.memory
        switch kind {
        case .mutex(let type):
            var owner = memory.readInt32(at: address &+ layout.mutexOwner) ?? 0
            if owner == 0, type.isPriorityInheritance, let word = memory.readWord(at: address, size: 4) {
                owner = Int32(bitPattern: UInt32(truncatingIfNeeded: word) & GlibcLayout.futexTIDMask)
            }
            if owner > 0 { lock.ownerTID = owner }
            if type.base == .recursive, let count = memory.readWord(at: address &+ layout.mutexCount, size: 4), count > 0 {
                lock.recursionCount = Int(clamping: count)
            }
        case .readerWriter:
            if let writer = memory.readInt32(at: address &+ layout.rwlockCurrentWriter), writer > 0 {
                lock.ownerTID = writer
            } else if let readers = memory.readWord(at: address &+ layout.rwlockReaders, size: 4) {
                lock.readerCount = Int(UInt32(truncatingIfNeeded: readers) >> GlibcLayout.rwlockReaderShift)
            }
        case .internalLock, .condition, .semaphore, .futex, .runtime:
            break
        }
        if let owner = lock.ownerTID { lock.ownerIsInProcess = liveTIDs.contains(owner) }
        return lock
    }

    private func mutexType(at address: UInt64) -> Lock.MutexType {
        guard let layout, let kind = image.memory.readInt32(at: address &+ layout.mutexKind) else {
            return Lock.MutexType(base: .normal)
        }
        let base: Lock.MutexType.Base = switch kind & 3 {
        case 1: .recursive
        case 2: .errorChecking
        case 3: .adaptive
        default: .normal
        }
        return Lock.MutexType(
            base: base, isPriorityInheritance: kind & GlibcLayout.mutexPriorityInheritFlag != 0,
            isRobust: kind & GlibcLayout.mutexRobustFlag != 0,
            isPriorityProtect: kind & GlibcLayout.mutexPriorityProtectFlag != 0,
            isProcessShared: kind & GlibcLayout.mutexProcessSharedFlag != 0)
    }

    /// A reader/writer lock's waiters sleep on one of three words of it: readers on
    /// `__readers` (offset 0) or `__wrphase_futex` (8), writers on `__wrphase_futex` or
    /// `__writers_futex` (12). A global of the lock's size that starts at a candidate wins;
    /// otherwise the candidate whose `__cur_writer` names a thread of the process with the
    /// write-locked bit set; otherwise the phase futex.
    private func rwlockAddress(futexWord word: UInt64, reader: Bool) -> UInt64 {
        guard let layout else { return word }
        let candidates = reader
            ? [word &- layout.rwlockPhaseFutex, word &- layout.rwlockReaders]
            : [word &- layout.rwlockWritersFutex, word &- layout.rwlockPhaseFutex]
        if let symbol = image.symbols.symbol(containing: word), symbol.size >= layout.rwlockSize,
           candidates.contains(symbol.address) {
            return symbol.address
        }
        let writeLocked = candidates.first { base in
            guard let writer = image.memory.readInt32(at: base &+ layout.rwlockCurrentWriter), liveTIDs.contains(writer),
                  let readers = image.memory.readWord(at: base &+ layout.rwlockReaders, size: 4)
            else { return false }
            return UInt32(truncatingIfNeeded: readers) & GlibcLayout.rwlockWriteLocked != 0
        }
        return writeLocked ?? candidates[reader ? 0 : 1]
    }

    /// A condition variable's waiters sleep on one of its two `__g_signals` words; the word
    /// before the first (`__wrefs`) counts waiters, so the candidate whose `__wrefs` is
    /// non-zero is the object.
    private func conditionAddress(futexWord word: UInt64) -> UInt64 {
        guard let layout else { return word }
        let first = word &- layout.conditionSignals
        if let symbol = image.symbols.symbol(containing: word), symbol.size == layout.conditionSize {
            return symbol.address
        }
        let waiterReferences = image.memory.readWord(at: word &- 4, size: 4) ?? 0
        return waiterReferences >> 3 > 0 ? first : first &- 4
    }
}
