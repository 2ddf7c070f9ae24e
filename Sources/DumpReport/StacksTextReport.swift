import DumpModel
import DumpAnalysis

/// The `stacks` command's output: every thread's stack, or with grouping one entry per
/// distinct stack with its thread count and first TIDs (each with its name when the core
/// records names).
public enum StacksTextReport {
    /// How many TIDs a group's heading names before it gives only a count.
    static let headingTIDLimit = 8

    /// One block per thread, in the process's thread order, each recursion folded
    /// (``DumpAnalysis/StackFold``).
    public static func render(_ process: Process) -> String {
        var text = TextBuffer(capacity: estimatedSize(process.threads.map(\.frames.count)))
        let formatter = FrameFormatter(process: process)
        for thread in process.threads {
            text.append(ThreadHeading.text(for: thread, in: process))
            text.append("\n")
            formatter.append(StackGroup(thread: thread, in: process), to: &text)
            text.append("\n")
        }
        return text.string
    }

    /// One block per group of identical stacks, largest group first.
    public static func render(_ process: Process, groups: [StackGroup]) -> String {
        let formatter = FrameFormatter(process: process)
        var text = TextBuffer(capacity: estimatedSize(groups.map(\.frames.count)))
        for group in groups {
            appendHeading(of: group, in: process, to: &text)
            formatter.append(group, to: &text)
            text.append("\n")
        }
        return text.string
    }

    /// `300 threads: 101, 102, 103, 104, 105, 106, 107, 108, … and 292 more`: at most
    /// ``headingTIDLimit`` TIDs (each with its name when the core records names), so a group
    /// of thousands of threads stays one short line; `--tid` shows any thread's stack.
    private static func appendHeading(of group: StackGroup, in process: Process, to text: inout TextBuffer) {
        text.appendDecimal(group.threadCount)
        text.append(group.threadCount == 1 ? " thread: " : " threads: ")
        for (position, tid) in group.tids.prefix(headingTIDLimit).enumerated() {
            if position > 0 { text.append(", ") }
            text.append(ThreadLabel.text(tid: tid, in: process))
        }
        if group.threadCount > headingTIDLimit {
            text.append(", … and ")
            text.appendDecimal(group.threadCount - headingTIDLimit)
            text.append(" more")
        }
        text.append("\n")
    }

    private static func estimatedSize(_ frameCounts: [Int]) -> Int {
        frameCounts.reduce(0) { $0 + 80 + min($1, 200) * 110 }
    }
}
