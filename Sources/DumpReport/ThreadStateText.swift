import DumpAnalysis
import DumpModel

/// A thread's state in words for the thread listings of the text and HTML reports: the
/// analysis's description, naming the lock a waiting thread is queued on (`waiting to write
/// reader/writer lock `cache_lock``, or a runtime's wait: `waiting for the GIL (CPython):
/// condition variable `_PyRuntime+0x188``), and the state its runtime records for it
/// (`; runtime state WAITING (parking)` for a Java thread).
enum ThreadStateText {
    /// The state of `thread`, or `unknown` when the analysis has none.
    static func text(of thread: Thread, analysis: ProcessAnalysis, unknown: String) -> String {
        let tid = thread.tid
        let state = analysis.states[tid]
        var text = state?.description ?? unknown
        if let index = analysis.locks.waitingOn[tid] {
            let lock = analysis.locks.locks[index]
            let waiting: String
            if case .runtime(let wait)? = state?.activity {
                waiting = "\(wait.summary):"
            } else if lock.kind == .readerWriter {
                waiting = analysis.locks.waitMode(of: tid) == .shared ? "waiting to read" : "waiting to write"
            } else {
                waiting = "waiting for"
            }
            let queued = "\(waiting) \(lock.kind.description) `\(lock.name)`"
            text = state?.description(activityText: queued) ?? queued
        }
        if state?.isInferredWithoutSymbols == true { text += " (inferred from the lock word: no symbols)" }
        if let runtimeState = thread.runtimeState { text += "; runtime state " + runtimeState }
        return text
    }
}
