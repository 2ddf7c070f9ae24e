/// Counts the frames of a runaway recursion past the frame limit without keeping them.
///
/// When a thread's stack is cut at the frame limit and its last frames repeat a cycle of
/// return addresses (`descend` called from the same place in `descend`, or `a` from `b` from
/// `a`), the unwind goes on: each next frame whose PC equals the PC one round earlier is
/// counted, and only the last two rounds are kept, in a ring. When a frame breaks the cycle the
/// recursion is over: all but the last round (and a part-round) of the counted frames are
/// omitted, whole rounds of the cycle (``DumpModel/OmittedFrames``), and the unwind goes on
/// keeping the frames after the recursion (`main`, `start_thread`).
///
/// Counting costs one comparison and no memory per frame: a million frames of `descend` would
/// take hundreds of MiB as symbolized frames, and the reports fold them into one line anyway.
/// A frame is counted only while its stack pointer rises and stays inside the thread's stack,
/// and at most `limit` frames are counted, so a hostile core cannot make the count endless.
struct RecursionCounter {
    /// Return addresses in a round of the cycle.
    let period: Int
    /// The most frames counted.
    let limit: Int
    /// The end of the thread's stack: a frame whose stack pointer is not below it ends the count.
    let stackEnd: UInt64
    /// The last `2 * period` frames, the oldest at ``oldest``.
    private var ring: [UnwoundFrame]
    private var oldest = 0
    /// Frames counted.
    private(set) var counted = 0

    /// The longest cycle looked for, in machine frames.
    static let maximumPeriod = 8
    /// Rounds that must repeat at the end of the kept frames to call them a recursion.
    static let minimumRounds = 4

    /// A counter for the recursion the last frames of `frames` repeat, or nil when they repeat
    /// no cycle of return addresses at least ``minimumRounds`` times, or the last frame's stack
    /// pointer is not known.
    ///
    /// - Parameters:
    ///   - frames: the frames kept, innermost first.
    ///   - stackEnd: one past the last address of the stack holding the last frame's stack pointer.
    ///   - limit: the most frames to count, before the stack's size bounds it.
    init?(frames: [UnwoundFrame], stackEnd: UInt64, limit: Int) {
        guard let last = frames.last, let stackPointer = last.stackPointer, stackPointer < stackEnd, limit > 0,
              let period = (1...Self.maximumPeriod).first(where: { Self.repeats(frames, period: $0) })
        else { return nil }
        self.period = period
        self.stackEnd = stackEnd
        let frameCapacity = (stackEnd - stackPointer) / CoreReadLimits.minimumRecursiveFrameBytes
        self.limit = Int(clamping: min(UInt64(limit), frameCapacity))
        ring = Array(frames.suffix(2 * period))
        guard self.limit > 0 else { return nil }
    }

    /// Whether the last ``minimumRounds`` rounds of `period` frames have the same PCs.
    private static func repeats(_ frames: [UnwoundFrame], period: Int) -> Bool {
        let checked = period * (minimumRounds - 1)
        guard frames.count >= checked + period else { return false }
        let end = frames.count
        return (end - checked..<end).allSatisfy { frames[$0].pc == frames[$0 - period].pc }
    }

    /// Counts `frame` when it goes on with the recursion: its PC is the one a round earlier,
    /// its stack pointer above the previous frame's and inside the stack, and the limit is not
    /// reached. Returns false, counting nothing, otherwise.
    mutating func count(_ frame: UnwoundFrame) -> Bool {
        let newest = ring[(oldest + ring.count - 1) % ring.count]
        guard counted < limit, frame.pc == ring[(oldest + period) % ring.count].pc,
              let stackPointer = frame.stackPointer, let previous = newest.stackPointer,
              stackPointer > previous, stackPointer < stackEnd
        else { return false }
        ring[oldest] = frame
        oldest = (oldest + 1) % ring.count
        counted += 1
        return true
    }

    /// Whether the count stopped at ``limit``, not at the end of the recursion.
    var isAtLimit: Bool { counted >= limit }

    /// The frames counted that are omitted, a whole number of rounds, and those kept after
    /// them: the last round and the part-round after it (all the counted frames when they are
    /// fewer than two rounds).
    func finish() -> (omitted: Int, kept: [UnwoundFrame]) {
        let omitted = counted >= 2 * period ? (counted / period - 1) * period : 0
        let keptCount = counted - omitted
        let ordered = (0..<ring.count).map { ring[(oldest + $0) % ring.count] }
        return (omitted, Array(ordered.suffix(keptCount)))
    }
}
