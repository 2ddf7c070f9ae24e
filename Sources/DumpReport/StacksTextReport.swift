import DumpModel
import DumpAnalysis

/// The `stacks` command's output: every thread's stack, or with grouping one entry per
/// distinct stack with its thread count and TIDs (each with its name when the core records
/// names).
public enum StacksTextReport {
    /// One block per thread, in the process's thread order.
    public static func render(_ process: Process) -> String {
        var text = TextBuffer(capacity: estimatedSize(process.threads.map(\.frames.count)))
        let formatter = FrameFormatter(process: process)
        for thread in process.threads {
            text.append(ThreadHeading.text(for: thread, in: process))
            text.append("\n")
            formatter.append(thread.frames, to: &text)
            text.append("\n")
        }
        return text.string
    }

    /// One block per group of identical stacks, largest group first.
    public static func render(_ process: Process, groups: [StackGroup]) -> String {
        let formatter = FrameFormatter(process: process)
        var text = TextBuffer(capacity: estimatedSize(groups.map(\.frames.count)))
        for group in groups {
            text.appendDecimal(group.threadCount)
            text.append(group.threadCount == 1 ? " thread: " : " threads: ")
            for (position, tid) in group.tids.enumerated() {
                if position > 0 { text.append(", ") }
                text.appendDecimal(Int(tid))
                if let name = process.thread(tid: tid)?.name {
                    text.append(" ")
                    text.append(TextEscaping.quoted(name))
                }
            }
            text.append("\n")
            formatter.append(group.frames, to: &text)
            text.append("\n")
        }
        return text.string
    }

    private static func estimatedSize(_ frameCounts: [Int]) -> Int {
        frameCounts.reduce(0) { $0 + 80 + $1 * 110 }
    }
}
