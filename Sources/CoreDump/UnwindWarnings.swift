import DumpModel

/// The warnings for stacks that were not unwound whole: one per reason, not one per thread.
///
/// A module without its file stops every stack that passes through it at the same frame with
/// the same libdwfl message, so a process of 200 threads would otherwise list 200 identical
/// lines; threads stopped for the same reason after the same number of frames share one
/// warning that names the first few of them and counts the rest.
enum UnwindWarnings {
    /// How many TIDs a shared warning names before it gives only a count.
    static let namedTIDLimit = 5

    /// The warnings for `threads`, in the order of their first thread.
    static func warnings(for threads: [Thread]) -> [Diagnostic] {
        // A warning of its own, or the key of a shared one, in the order of first thread.
        var order: [Either] = []
        var groups: [String: [Int32]] = [:]
        for thread in threads {
            let machineFrames = thread.frames.filter { !$0.isInlined }.count
            switch thread.unwindStatus {
            case .complete:
                continue
            case .stopped(let reason):
                let key = "unwinding stopped after \(machineFrames) frames: \(readable(reason))"
                if groups[key] == nil { order.append(.shared(key)) }
                groups[key, default: []].append(thread.tid)
            case .truncated(let limit) where thread.omittedFrames != nil:
                order.append(.own(.warning(
                    "thread \(thread.tid): the stack is deeper than \(limit) frames: the reader counts at most \(CoreReadLimits.maximumCountedRecursionFrames.groupedDigits) frames of recursion per core, and keeps --max-frames after one",
                    cause: .incompleteStack)))
            case .truncated(let limit):
                order.append(.own(.warning(
                    "thread \(thread.tid): the stack is deeper than \(limit) frames; the innermost \(limit) are shown (raise --max-frames)",
                    cause: .incompleteStack)))
            case .failed(let reason):
                order.append(.own(.warning("thread \(thread.tid): no stack: \(reason)", cause: .incompleteStack)))
            }
        }
        return order.map { entry in
            switch entry {
            case .own(let warning): warning
            case .shared(let key): .warning("\(threadsText(groups[key] ?? [])): \(key)", cause: .incompleteStack)
            }
        }
    }

    private enum Either {
        case own(Diagnostic)
        case shared(String)
    }

    /// `thread 12`, or `7 threads (12, 13, 14, 15, 16 and 2 more)`.
    static func threadsText(_ tids: [Int32]) -> String {
        guard tids.count > 1 else { return "thread \(tids.first.map(String.init) ?? "?")" }
        var named = tids.prefix(namedTIDLimit).map(String.init).joined(separator: ", ")
        if tids.count > namedTIDLimit { named += " and \(tids.count - namedTIDLimit) more" }
        return "\(tids.count) threads (\(named))"
    }

    /// libdwfl's message, with what it means where it says little: its callbacks fail when
    /// no unwind information (CFI) is found for the next frame, as in a module without its file.
    private static func readable(_ reason: String) -> String {
        reason == "Callback returned failure"
            ? "no unwind information for the caller (libdwfl: \(reason)); a module without its file has none"
            : reason
    }
}
