import DumpModel

/// A run of frames in which one function calls itself, or a cycle of functions calls itself
/// (`a -> b -> a -> b`), again and again: what the stack of a stack overflow is made of.
public struct StackRecursion: Equatable, Hashable, Sendable {
    /// The functions of one round of the cycle, innermost first: `["descend"]` for a function
    /// that calls itself, `["a", "b"]` for `a` called by `b` called by `a` ... A frame without
    /// a function name is named as ``FrameName`` names it (`app+0x166d`, else `0x40166d`).
    public var cycle: [String]
    /// How many rounds of ``cycle`` follow each other in the thread's stack, the rounds the
    /// reader counted without keeping them included (``DumpModel/OmittedFrames``).
    public var repetitions: Int
    /// The index in the thread's frames of the run's innermost frame.
    public var firstFrameIndex: Int
    /// Whether ``repetitions`` is only a lower bound: the run goes on to the last frame shown
    /// and the unwinder did not reach the thread's entry point (it was cut at the frame limit,
    /// or stopped with an error).
    public var isLowerBound: Bool
    /// The unwinder's frame limit when it cut the stack inside the run (`--max-frames`): a
    /// higher limit shows the whole recursion. Nil when the stack was not cut inside the run.
    public var frameLimit: Int?

    public init(cycle: [String], repetitions: Int, firstFrameIndex: Int, isLowerBound: Bool, frameLimit: Int?) {
        self.cycle = cycle
        self.repetitions = repetitions
        self.firstFrameIndex = firstFrameIndex
        self.isLowerBound = isLowerBound
        self.frameLimit = frameLimit
    }

    /// `descend recursed ×7,258`, `a -> b recursed ×1,024 or more`: the recursion in the
    /// words of a fold line and of a stack group's summary. Function names come from the
    /// core: renderers escape the text for their medium.
    public var label: String {
        cycle.joined(separator: " -> ") + " recursed ×" + repetitions.groupedDigits + (isLowerBound ? " or more" : "")
    }

    /// The number of frames the run covers (inlined frames included).
    public var frameCount: Int { cycle.count.multipliedReportingOverflow(by: repetitions).overflow ? .max : cycle.count * repetitions }

    /// The longest run of a repeating cycle that starts among the innermost frames of
    /// `thread`, or nil when no cycle repeats at least `minimumRepetitions` times.
    ///
    /// Frames are compared by function name (inlined frames count as calls), so a recursion
    /// whose calls come from different lines of the same function is one cycle. The run must
    /// start within the innermost 64 frames (a stack overflow may fault in a library function
    /// the recursion called) and its cycle be at most 8 functions long; of runs covering as
    /// many frames, the innermost and the shortest cycle win.
    ///
    /// - Complexity: O(n) per candidate start and cycle length: O(512 n) at worst, n frames.
    public static func find(in thread: Thread, of process: Process, minimumRepetitions: Int = 4) -> StackRecursion? {
        let keys = FrameKeys(thread.frames, process: process)
        let frameCount = keys.ids.count
        var best: (start: Int, period: Int, repetitions: Int)?
        var bestCoverage = 0
        for start in 0..<min(frameCount, maximumStart) {
            // No run starting here can cover more than what is left of the stack.
            if frameCount - start <= bestCoverage { break }
            for period in 1...maximumPeriod where start + period * 2 <= frameCount {
                var repetitions = 1
                while start + (repetitions + 1) * period <= frameCount,
                      keys.matches(start, start + repetitions * period, count: period) {
                    repetitions += 1
                }
                let coverage = repetitions * period
                if repetitions >= max(2, minimumRepetitions), coverage > bestCoverage {
                    best = (start, period, repetitions)
                    bestCoverage = coverage
                }
            }
        }
        guard var best else { return nil }
        let runEnd = best.start + best.period * best.repetitions
        // Rounds the reader counted without keeping them (a deep recursion unwound in full)
        // lie inside the run when it reaches them: they are whole rounds of its cycle.
        if let omitted = thread.omittedFrames, omitted.index > best.start, omitted.index <= runEnd,
           omitted.count % best.period == 0 {
            best.repetitions = best.repetitions.addingSaturating(omitted.count / best.period)
        }
        // The stack ends inside the run when less than one more round follows it.
        let isCutInsideRun = !thread.unwindStatus.isComplete && frameCount - runEnd < best.period
        var frameLimit: Int?
        if isCutInsideRun, case .truncated(let limit) = thread.unwindStatus { frameLimit = limit }
        return StackRecursion(
            cycle: (best.start..<best.start + best.period).map { keys.names[keys.ids[$0]] },
            repetitions: best.repetitions, firstFrameIndex: best.start,
            isLowerBound: isCutInsideRun, frameLimit: frameLimit)
    }

    /// How far from the innermost frame a run may start.
    private static let maximumStart = 64
    /// The longest cycle looked for.
    private static let maximumPeriod = 8
}

/// The frames' names as small integers, so that runs are compared without comparing strings.
private struct FrameKeys {
    /// One id per frame.
    var ids: [Int] = []
    /// The name of each id.
    var names: [String] = []

    init(_ frames: [Frame], process: Process) {
        var idByName: [String: Int] = [:]
        ids.reserveCapacity(frames.count)
        for frame in frames {
            let name = FrameName.of(frame, in: process)
            if let id = idByName[name] {
                ids.append(id)
            } else {
                idByName[name] = names.count
                ids.append(names.count)
                names.append(name)
            }
        }
    }

    /// Whether the `count` frames from `first` have the same names as those from `second`.
    func matches(_ first: Int, _ second: Int, count: Int) -> Bool {
        for offset in 0..<count where ids[first + offset] != ids[second + offset] { return false }
        return true
    }
}
