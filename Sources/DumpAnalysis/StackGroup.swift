import DumpModel

/// Threads whose stacks are identical frame for frame, folded into one entry as pstack and
/// goroutine dumps do: 300 workers blocked on the same lock become one group of 300.
public struct StackGroup: Equatable, Sendable {
    /// The TIDs of the threads in the group, in the order of the process's threads.
    public var tids: [Int32]
    /// The shared stack, innermost frame first, as the first thread of the group has it.
    public var frames: [Frame]
    /// The rounds of a recursion the reader counted without keeping them in ``frames``.
    public var omittedFrames: OmittedFrames?
    /// How the stack's recursion is folded when shown, nil when it is shown whole.
    public var fold: StackFold?

    public init(tids: [Int32], frames: [Frame], omittedFrames: OmittedFrames? = nil, fold: StackFold? = nil) {
        self.tids = tids
        self.frames = frames
        self.omittedFrames = omittedFrames
        self.fold = fold
    }

    /// The group of one thread, with its fold.
    public init(thread: Thread, in process: Process) {
        self.init(tids: [thread.tid], frames: thread.frames, omittedFrames: thread.omittedFrames, fold: StackFold.of(thread, in: process))
    }

    /// How many frames the stack has, the omitted ones included.
    public var depth: Int { frames.count.addingSaturating(omittedFrames?.count ?? 0) }

    /// The number of `frames[index]` in the whole stack (``DumpModel/Thread/frameNumber(at:)``).
    public func frameNumber(at index: Int) -> Int { omittedFrames?.frameNumber(at: index) ?? index }

    /// How many threads share the stack.
    public var threadCount: Int { tids.count }
}

extension StackGroup {
    /// Groups the threads of a process by identical stacks.
    ///
    /// Two stacks are identical when they have the same frames in the same order, compared by
    /// module, function and source line, or by PC where a frame has no function (the same
    /// function at two different PCs is two different places). Registers and CPU time do not
    /// count. Groups are ordered by size, largest first; equal sizes keep the order in which
    /// their first thread appears. Each group's recursion is found once and its fold kept
    /// (``StackFold``).
    ///
    /// - Complexity: linear in the total number of frames.
    public static func groups(of process: Process) -> [StackGroup] {
        var groups: [StackGroup] = []
        var groupIndexByKey: [GroupKey: Int] = [:]
        for thread in process.threads {
            let key = GroupKey(frames: thread.frames.map(FrameKey.init), omittedFrames: thread.omittedFrames)
            if let index = groupIndexByKey[key] {
                groups[index].tids.append(thread.tid)
            } else {
                groupIndexByKey[key] = groups.count
                groups.append(StackGroup(thread: thread, in: process))
            }
        }
        return groups.enumerated()
            .sorted { $0.element.threadCount != $1.element.threadCount ? $0.element.threadCount > $1.element.threadCount : $0.offset < $1.offset }
            .map(\.element)
    }

    /// What makes two stacks the same: their frames, and the rounds omitted between them.
    private struct GroupKey: Hashable {
        var frames: [FrameKey]
        var omittedFrames: OmittedFrames?
    }

    /// What makes two frames the same place in the code.
    private struct FrameKey: Hashable {
        var moduleIndex: Int?
        var function: String?
        var location: UInt64
        var source: SourceLocation?

        init(_ frame: Frame) {
            moduleIndex = frame.moduleIndex
            function = frame.function
            source = frame.source
            location = frame.moduleOffset ?? frame.pc
        }
    }
}
