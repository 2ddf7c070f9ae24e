import DumpModel

/// How a stack is shown with its recursion folded, as every report draws it: the frames
/// before the recursion and its first round, one line standing for the rounds in between,
/// then its last round and the frames after it. A stack overflow of 7,258 `descend` frames
/// shows as a handful of lines, and every frame keeps its true number.
///
/// Computed from the ``StackRecursion`` found in the stack; the frames the reader omitted
/// (``DumpModel/OmittedFrames``) are always inside the folded part.
public struct StackFold: Equatable, Sendable {
    /// The recursion that is folded.
    public var recursion: StackRecursion
    /// The indices of the frames shown before the fold line: those before the recursion and
    /// its first round.
    public var head: Range<Int>
    /// The numbers (``DumpModel/Thread/frameNumber(at:)``) of the frames the fold line stands
    /// for.
    public var foldedNumbers: ClosedRange<Int>
    /// The index of the first frame shown after the fold line: the recursion's last round,
    /// then the frames after it, to the end of the stack.
    public var tailStart: Int

    public init(recursion: StackRecursion, head: Range<Int>, foldedNumbers: ClosedRange<Int>, tailStart: Int) {
        self.recursion = recursion
        self.head = head
        self.foldedNumbers = foldedNumbers
        self.tailStart = tailStart
    }

    /// The fold of `recursion` in a stack of `frameCount` kept frames with `omitted` frames
    /// left out, or nil when folding would hide fewer than ``minimumFoldedFrames`` frames.
    public static func of(_ recursion: StackRecursion?, frameCount: Int, omitted: OmittedFrames?) -> StackFold? {
        guard let recursion else { return nil }
        let period = recursion.cycle.count
        let omittedCount = omitted?.count ?? 0
        let omittedRounds = omittedCount / max(1, period)
        // The rounds of the run among the kept frames.
        let keptRounds = recursion.repetitions - omittedRounds
        let headEnd = recursion.firstFrameIndex + period
        var tailStart = recursion.firstFrameIndex + period * (keptRounds - 1)
        if let omitted, omitted.count > 0 {
            // The omitted frames lie between the two rounds shown. The reader keeps at least a
            // round after them, but its rounds need not start where the run's do: the last
            // round shown then starts with the frames kept after the omitted ones.
            guard omitted.index >= headEnd else { return nil }
            tailStart = max(tailStart, omitted.index)
        }
        guard period > 0, keptRounds >= 2, headEnd <= tailStart, tailStart < frameCount else { return nil }
        let lastFolded = tailStart.addingSaturating(omittedCount) - 1
        guard lastFolded - headEnd + 1 >= minimumFoldedFrames else { return nil }
        return StackFold(recursion: recursion, head: 0..<headEnd, foldedNumbers: headEnd...lastFolded, tailStart: tailStart)
    }

    /// Folding fewer frames than this would save no reading: such a stack is shown whole.
    public static let minimumFoldedFrames = 8

    /// The fold line's words, the same in every format: `descend recursed ×7,258 (frames
    /// #1–#7,256 folded)`, `a -> b recursed ×1,024 or more (…; the stack was cut at 1,024
    /// frames)`. Function names come from the core: renderers escape the text for their medium.
    public var summary: String {
        var text = recursion.label + " (frames #" + foldedNumbers.lowerBound.groupedDigits + "–#" + foldedNumbers.upperBound.groupedDigits + " folded"
        if let limit = recursion.frameLimit { text += "; the stack was cut at " + limit.groupedDigits + " frames" }
        return text + ")"
    }
}
