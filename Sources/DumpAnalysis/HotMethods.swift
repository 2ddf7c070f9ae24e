import DumpModel

/// Functions ranked over all threads: how many threads have each on their stack (inclusive),
/// how many are inside it (exclusive: it is their innermost application frame), and the CPU
/// time of those threads. Many threads inside one function, or most of the CPU under one,
/// marks the hot method.
public struct HotMethods: Equatable, Sendable {
    /// One function's figures.
    public struct Entry: Equatable, Sendable {
        /// The function's name, or `module+0xoffset` for a frame without a symbol.
        public var function: String
        /// Where the innermost thread inside it was, when DWARF says.
        public var source: SourceLocation?
        /// Whether it is a C library or runtime function rather than application code.
        public var isRuntime: Bool
        /// Threads with the function anywhere on their stack.
        public var inclusiveThreads: Int
        /// Threads whose innermost application frame is in the function.
        public var exclusiveThreads: Int
        /// The CPU time of the threads with the function on their stack.
        public var inclusiveCPU: CPUTime
        /// The CPU time of the threads inside it.
        public var exclusiveCPU: CPUTime
    }

    /// Application functions first by exclusive CPU, then by threads inside them, then by
    /// threads with them on the stack; runtime functions after.
    public var entries: [Entry]

    /// The entry for a function name.
    public func entry(named function: String) -> Entry? { entries.first { $0.function == function } }
}

extension HotMethods {
    /// Aggregates the stacks of `process`, weighting CPU by `usage`.
    ///
    /// - Complexity: linear in the total number of frames.
    public static func rank(_ process: Process, usage: CPUUsage) -> HotMethods {
        let classifier = ApplicationFrames(process: process)
        var entries: [Entry] = []
        var indexByName: [String: Int] = [:]
        for thread in process.threads {
            let cpu = usage.entry(tid: thread.tid)?.time ?? .zero
            let innermostApplication = classifier.innermostApplicationFrame(of: thread)
            var seen: Set<Int> = []
            for frame in thread.frames {
                let name = FrameName.of(frame, in: process)
                let index: Int
                if let known = indexByName[name] {
                    index = known
                } else {
                    index = entries.count
                    indexByName[name] = index
                    entries.append(Entry(
                        function: name, source: frame.source, isRuntime: classifier.isRuntime(frame),
                        inclusiveThreads: 0, exclusiveThreads: 0, inclusiveCPU: .zero, exclusiveCPU: .zero))
                }
                if seen.insert(index).inserted {
                    entries[index].inclusiveThreads += 1
                    entries[index].inclusiveCPU = entries[index].inclusiveCPU + cpu
                }
            }
            if let innermostApplication, let index = indexByName[FrameName.of(innermostApplication, in: process)] {
                entries[index].exclusiveThreads += 1
                entries[index].exclusiveCPU = entries[index].exclusiveCPU + cpu
                if entries[index].source == nil { entries[index].source = innermostApplication.source }
            }
        }
        entries.sort { a, b in
            if a.isRuntime != b.isRuntime { return !a.isRuntime }
            if a.exclusiveCPU != b.exclusiveCPU { return a.exclusiveCPU.totalMicroseconds > b.exclusiveCPU.totalMicroseconds }
            if a.exclusiveThreads != b.exclusiveThreads { return a.exclusiveThreads > b.exclusiveThreads }
            if a.inclusiveThreads != b.inclusiveThreads { return a.inclusiveThreads > b.inclusiveThreads }
            return a.function < b.function
        }
        return HotMethods(entries: entries)
    }
}
