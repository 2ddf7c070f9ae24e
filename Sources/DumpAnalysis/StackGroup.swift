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
    /// The recursion found in the stack (``StackRecursion/find(in:of:minimumRepetitions:)``),
    /// found once for the group: the flame graph folds it too (``CallTree``), even when it is
    /// too short for ``fold``.
    public var recursion: StackRecursion?
    /// How the stack's recursion is folded when shown, nil when it is shown whole.
    public var fold: StackFold?

    /// - Parameter recursion: the stack's recursion; `fold`'s when nil.
    public init(tids: [Int32], frames: [Frame], omittedFrames: OmittedFrames? = nil, recursion: StackRecursion? = nil, fold: StackFold? = nil) {
        self.tids = tids
        self.frames = frames
        self.omittedFrames = omittedFrames
        self.recursion = recursion ?? fold?.recursion
        self.fold = fold
    }

    /// The group of one thread, with its recursion and fold.
    public init(thread: Thread, in process: Process) {
        self.init(thread: thread, recursion: StackRecursion.find(in: thread, of: process))
    }

    /// The group of one thread whose recursion is already known, with its fold.
    public init(thread: Thread, recursion: StackRecursion?) {
        self.init(
            tids: [thread.tid], frames: thread.frames, omittedFrames: thread.omittedFrames, recursion: recursion,
            fold: StackFold.of(recursion, frameCount: thread.frames.count, omitted: thread.omittedFrames))
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
    /// count, but whether the unwind reached the entry point does: a recursion cut at the frame
    /// limit is only a lower bound (``StackRecursion/isLowerBound``). Groups are ordered by
    /// size, largest first; equal sizes keep the order in which their first thread appears.
    /// Each group's recursion is found once and its fold kept (``StackFold``).
    ///
    /// - Complexity: linear in the total number of frames.
    public static func groups(of process: Process) -> [StackGroup] {
        var groups: [StackGroup] = []
        var groupIndexByKey: [GroupKey: Int] = [:]
        for thread in process.threads {
            let key = GroupKey(frames: thread.frames.map(FrameKey.init), omittedFrames: thread.omittedFrames, unwindEnd: UnwindEnd(thread.unwindStatus))
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

    /// What makes two stacks the same: their frames, the rounds omitted between them, and how
    /// their unwind ended (which the recursion found in them depends on).
    private struct GroupKey: Hashable {
        var frames: [FrameKey]
        var omittedFrames: OmittedFrames?
        var unwindEnd: UnwindEnd
    }

    /// What of an unwind's status ``StackRecursion/find(in:of:minimumRepetitions:)`` reads:
    /// whether it reached the entry point, and the frame limit that cut it. The reason an
    /// unwind stopped does not split a group.
    private enum UnwindEnd: Hashable {
        case complete
        case cut(limit: Int?)

        init(_ status: UnwindStatus) {
            switch status {
            case .complete: self = .complete
            case .truncated(let limit): self = .cut(limit: limit)
            case .stopped, .failed: self = .cut(limit: nil)
            }
        }
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
