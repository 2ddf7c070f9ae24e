import DumpModel

/// Threads started with the same function form a pool (a request pool, a worker pool); per
/// pool, how many threads are busy, blocked and idle, like `!threadpool`. A pool with no idle
/// thread and blocked threads is saturated: new work queues up.
///
/// The function a thread starts in is the one its spawn trampoline calls: the
/// ``SpawnTrampolines`` and the unnamed frames between the thread's start and its first named
/// function are passed over (mariadbd's connection threads start in `handle_one_connection`,
/// not in `pfs_spawn_thread`).
public struct ThreadPool: Equatable, Sendable {
    /// The function the pool's threads start in: their outermost named application frame
    /// that is not a spawn trampoline, or their outermost application frame when none is.
    public var entryFunction: String
    /// The pool's threads, in the process's thread order.
    public var tids: [Int32]
    /// Threads running, in I/O, sleeping or in another system call: doing (or waiting for)
    /// their own work.
    public var busy: [Int32]
    /// Threads waiting on a lock (including a runtime's lock: the GIL, a Java monitor, a
    /// database lock) or for another thread.
    public var blocked: [Int32]
    /// Threads waiting for work: on a condition variable, a semaphore, for events, or in a
    /// futex wait on no known primitive (work queues of their own, other runtimes' idle
    /// workers sleep that way).
    public var idle: [Int32]
    /// The lock most of the blocked threads wait on, and how many of them do.
    public var mainBlocker: (lockIndex: Int, count: Int)?

    /// Whether no thread waits for work and at least half are blocked: the pool cannot take
    /// more work. A pool of threads busy in their own I/O (one thread per connection) is not.
    public var isSaturated: Bool { idle.isEmpty && !blocked.isEmpty && blocked.count * 2 >= tids.count }

    public static func == (lhs: ThreadPool, rhs: ThreadPool) -> Bool {
        lhs.entryFunction == rhs.entryFunction && lhs.tids == rhs.tids && lhs.busy == rhs.busy
            && lhs.blocked == rhs.blocked && lhs.idle == rhs.idle
            && lhs.mainBlocker?.lockIndex == rhs.mainBlocker?.lockIndex && lhs.mainBlocker?.count == rhs.mainBlocker?.count
    }
}

extension ThreadPool {
    private enum Role { case busy, blocked, idle }

    /// How a thread in `state` counts in its pool. A wait resumed through `restart_syscall`
    /// counts as the wait it resumes; one the stack does not name counts as idle.
    private static func role(_ state: ThreadState) -> Role {
        switch state.activity {
        case .condition, .semaphore, .waitingForEvents, .futex, .restartedWait: .idle
        case .mutex, .internalLock, .readLock, .writeLock, .join: .blocked
        case .runtime(let wait):
            switch wait.kind {
            case .lock: .blocked
            case .condition, .idle: .idle
            case .sleep: .busy
            }
        case .crashed, .running, .sleeping, .io, .childProcess, .systemCall: .busy
        }
    }

    /// The frame a thread's pool is named after: from the thread's start inward, runtime
    /// frames, unnamed frames and spawn trampolines are passed over to the first other frame.
    /// A stack with no such frame keeps its outermost application frame (a stripped program's
    /// threads are still told apart by their start addresses).
    private static func startFrame(of thread: Thread, frames: ApplicationFrames) -> Frame? {
        guard let outermost = thread.frames.lastIndex(where: { !frames.isRuntime($0) }) else { return nil }
        for frame in thread.frames[...outermost].reversed() where !frames.isRuntime(frame) {
            guard let function = frame.function else { continue }
            if !SpawnTrampolines.contains(WaitSignatures.normalise(function)) { return frame }
        }
        return thread.frames[outermost]
    }

    /// The pools of `process`: entry functions shared by at least two threads, the largest first.
    public static func pools(
        of process: Process, states: [Int32: ThreadState], locks: LockAnalysis
    ) -> [ThreadPool] {
        let frames = ApplicationFrames(process: process)
        var order: [String] = []
        var members: [String: [Int32]] = [:]
        for thread in process.threads where !thread.isMainThread {
            guard let entry = startFrame(of: thread, frames: frames).map({ FrameName.of($0, in: process) }) else { continue }
            if members[entry] == nil { order.append(entry) }
            members[entry, default: []].append(thread.tid)
        }
        let pools = order.compactMap { entry -> ThreadPool? in
            let tids = members[entry] ?? []
            guard tids.count >= 2 else { return nil }
            var pool = ThreadPool(entryFunction: entry, tids: tids, busy: [], blocked: [], idle: [], mainBlocker: nil)
            var blockerCounts: [Int: Int] = [:]
            for tid in tids {
                switch states[tid].map(Self.role) {
                case .idle:
                    pool.idle.append(tid)
                case .blocked:
                    pool.blocked.append(tid)
                    if let lock = locks.waitingOn[tid] { blockerCounts[lock, default: 0] += 1 }
                case .busy, nil:
                    pool.busy.append(tid)
                }
            }
            if let top = blockerCounts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) {
                pool.mainBlocker = (top.key, top.value)
            }
            return pool
        }
        return pools.enumerated()
            .sorted { $0.element.tids.count != $1.element.tids.count ? $0.element.tids.count > $1.element.tids.count : $0.offset < $1.offset }
            .map(\.element)
    }
}
