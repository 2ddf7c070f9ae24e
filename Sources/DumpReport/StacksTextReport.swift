import DumpModel
import DumpAnalysis

/// The `stacks` command's output: every thread's stack, or with grouping one entry per
/// distinct stack with its thread count and TIDs.
public enum StacksTextReport {
    /// One block per thread, in the process's thread order.
    public static func render(_ process: Process) -> String {
        let formatter = FrameFormatter(process: process)
        var lines: [String] = []
        for thread in process.threads {
            lines.append(ThreadHeading.text(for: thread, in: process))
            lines += formatter.lines(for: thread.frames)
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// One block per group of identical stacks, largest group first.
    public static func render(_ process: Process, groups: [StackGroup]) -> String {
        let formatter = FrameFormatter(process: process)
        var lines: [String] = []
        for group in groups {
            let noun = group.threadCount == 1 ? "thread" : "threads"
            lines.append("\(group.threadCount) \(noun): " + group.tids.map(String.init).joined(separator: ", "))
            lines += formatter.lines(for: group.frames)
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
