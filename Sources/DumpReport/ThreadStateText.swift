import DumpAnalysis
import DumpModel

/// A thread's state in words for the thread listings of the text and HTML reports: the
/// analysis's description (``ProcessAnalysis/stateDescription(of:)``, which names the lock a
/// waiting thread is queued on), and the state its runtime records for it (`; runtime state
/// WAITING (parking)` for a Java thread).
enum ThreadStateText {
    /// The state of `thread`, or `unknown` when the analysis has none.
    static func text(of thread: Thread, analysis: ProcessAnalysis, unknown: String) -> String {
        let state = analysis.states[thread.tid]
        var text = analysis.stateDescription(of: thread.tid) ?? unknown
        if state?.isInferredWithoutSymbols == true { text += " (inferred from the lock word: no symbols)" }
        if let runtimeState = thread.runtimeState { text += "; runtime state " + runtimeState }
        return text
    }
}
