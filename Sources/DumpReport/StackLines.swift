import DumpAnalysis

/// The lines a report shows of a stack, in order: frames, and the recursion's fold line
/// (``DumpAnalysis/StackFold``) in their place, cut after a number of lines. Every format
/// draws a stack from this list, so the text, Markdown and HTML reports fold and cut it alike
/// and say the same count of frames left out.
struct StackLines {
    /// One line of a stack.
    enum Line: Equatable {
        /// The frame at this index in ``DumpAnalysis/StackGroup/frames``.
        case frame(index: Int)
        /// The line standing for the folded rounds of the recursion.
        case fold(StackFold)
    }

    /// The lines shown, innermost first.
    var lines: [Line]
    /// How many frames of the stack (omitted rounds included) come after the last line shown:
    /// 0 when the whole stack is shown, folded or not.
    var framesLeftOut: Int

    /// The lines of `group`'s stack, at most `limit` of them (the fold line counts as one).
    init(_ group: StackGroup, limit: Int = .max) {
        var lines: [Line] = []
        var framesLeftOut = 0
        /// Adds the frames of `indices` while lines are left; false when the limit cut them.
        func addFrames(_ indices: Range<Int>) -> Bool {
            for index in indices {
                guard lines.count < limit else {
                    framesLeftOut = max(0, group.depth - group.frameNumber(at: index))
                    return false
                }
                lines.append(.frame(index: index))
            }
            return true
        }
        if let fold = group.fold {
            if addFrames(fold.head) {
                if lines.count < limit {
                    lines.append(.fold(fold))
                    _ = addFrames(fold.tailStart..<group.frames.count)
                } else {
                    framesLeftOut = max(0, group.depth - fold.head.upperBound)
                }
            }
        } else {
            _ = addFrames(group.frames.indices)
        }
        self.lines = lines
        self.framesLeftOut = framesLeftOut
    }
}
