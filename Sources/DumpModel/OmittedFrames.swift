/// The frames of a runaway recursion that the reader counted but did not keep: a stack
/// overflow can hold hundreds of thousands of identical frames, so the reader keeps the
/// innermost ones and the frames after the recursion, and only counts the rounds in between.
///
/// The omitted frames are whole rounds of the cycle just before them: the `cycleLength`
/// frames `frames[index - cycleLength ..< index]` repeated `count / cycleLength` times. So
/// the kept frames read as the stack with some rounds of its recursion taken out, and a
/// frame kept after the omitted ones keeps its true number (``Thread/frameNumber(at:)``).
public struct OmittedFrames: Equatable, Hashable, Sendable {
    /// The index in ``Thread/frames`` of the first frame kept after the omitted ones (equal
    /// to the count of frames when none was kept after them).
    public var index: Int
    /// How many frames were omitted, inlined calls included; a multiple of ``cycleLength``.
    public var count: Int
    /// How many frames one round of the repeated cycle has, inlined calls included.
    public var cycleLength: Int

    public init(index: Int, count: Int, cycleLength: Int) {
        self.index = index
        self.count = count
        self.cycleLength = cycleLength
    }
}

extension OmittedFrames {
    /// The number in the whole stack of the kept frame at `index`: the index itself, plus
    /// the omitted frames when it comes after them.
    public func frameNumber(at index: Int) -> Int {
        index >= self.index ? index.addingSaturating(count) : index
    }
}

extension Thread {
    /// How many frames the stack has: those kept and those omitted (``omittedFrames``).
    public var depth: Int { frames.count.addingSaturating(omittedFrames?.count ?? 0) }

    /// The number of `frames[index]` in the whole stack, as eu-stack and gdb number frames
    /// from the innermost: the index itself, plus the omitted frames before it.
    public func frameNumber(at index: Int) -> Int { omittedFrames?.frameNumber(at: index) ?? index }
}
