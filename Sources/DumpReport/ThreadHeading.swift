import DumpModel

/// The one-line title of a thread: TID, name, role, signal and CPU time.
enum ThreadHeading {
    /// `Thread 2443 "worker" (main thread, received SIGSEGV): user 1.20 s, system 0.03 s (process total)`;
    /// the name only when the core records one (``ThreadLabel``); escaped (``TextEscaping``).
    static func text(for thread: Thread, in process: Process) -> String {
        var roles: [String] = []
        if thread.isMainThread { roles.append("main thread") }
        if thread.tid == process.signalledThreadTID, let signal = process.signal {
            roles.append("received \(signal.name)")
        }
        var text = "Thread " + ThreadLabel.text(for: thread)
        if !roles.isEmpty { text += " (" + roles.joined(separator: ", ") + ")" }
        if process.hasCPUAccounting {
            text += ": " + TextFormatting.cpu(thread.recordedCPUTime)
            if thread.isMainThread { text += " (process total)" }
        }
        switch thread.unwindStatus {
        case .complete: break
        case .stopped(let reason): text += " [stack incomplete: \(reason)]"
        case .truncated(let limit): text += " [stack cut at \(limit) frames]"
        case .failed(let reason): text += " [no stack: \(reason)]"
        }
        // The reasons are libdwfl's messages, which may quote the core.
        return TextEscaping.escaped(text)
    }
}
