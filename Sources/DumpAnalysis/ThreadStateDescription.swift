import DumpModel

/// Each thread's state in words, computed once for every report: the state's description with
/// the lock a waiting thread is queued on named as ``Lock/name`` names it (`waiting for mutex
/// `sessions[1].lock``, `waiting to write reader/writer lock `cache_lock``, a runtime's wait:
/// `waiting for the GIL (CPython): condition variable `_PyRuntime+0x188``), and the crashing
/// thread as `crashed: SIGSEGV at 0x10 (NULL pointer dereference)`.
enum ThreadStateDescription {
    /// The descriptions of `states`, by TID.
    static func describe(_ states: [Int32: ThreadState], locks: LockAnalysis) -> [Int32: String] {
        var descriptions: [Int32: String] = [:]
        descriptions.reserveCapacity(states.count)
        for (tid, state) in states {
            descriptions[tid] = describe(state, tid: tid, locks: locks)
        }
        return descriptions
    }

    private static func describe(_ state: ThreadState, tid: Int32, locks: LockAnalysis) -> String {
        guard let index = locks.waitingOn[tid] else { return state.description }
        if case .crashed = state.activity { return state.description }
        let lock = locks.locks[index]
        let waiting: String
        if case .runtime(let wait) = state.activity {
            waiting = "\(wait.summary):"
        } else if lock.kind == .readerWriter {
            waiting = locks.waitMode(of: tid) == .shared ? "waiting to read" : "waiting to write"
        } else {
            waiting = "waiting for"
        }
        return state.description(activityText: "\(waiting) \(lock.kind.description) `\(lock.name)`")
    }

    /// `states` with the crash's thread marked ``ThreadState/Activity/crashed(_:)``, keeping
    /// the system call it was in (a handler's `kill`, abort's `tgkill`) for the record.
    static func markingCrash(_ crash: CrashReport?, in states: [Int32: ThreadState]) -> [Int32: ThreadState] {
        guard let crash, let tid = crash.crashingTID, var state = states[tid] else { return states }
        var states = states
        state.activity = .crashed(crash.stateSummary)
        state.isInferredWithoutSymbols = false
        state.restartedCall = nil
        states[tid] = state
        return states
    }
}
