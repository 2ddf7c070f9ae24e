/// A number of frames shared by the threads of a core, handed out in thread order, so that a
/// core of many deep stacks finishes in bounded time and memory.
///
/// Each thread not yet served has a few frames set aside
/// (``CoreReadLimits/framesSetAsidePerThread``, fewer when that would take more than half the
/// budget, at least one): the first threads (the signalled one comes first) keep their whole
/// stacks, and when the budget runs out every later thread still shows its innermost frames.
struct FrameBudget {
    /// Frames not yet spent, the set-aside of the threads not yet served included.
    private(set) var left: Int
    /// Frames set aside for each thread not yet served.
    let setAside: Int
    private var threadsLeft: Int

    /// - Parameters:
    ///   - total: the frames to share (at least one is shared).
    ///   - threadCount: how many threads will ask.
    init(total: Int, threadCount: Int) {
        left = max(1, total)
        threadsLeft = max(0, threadCount)
        setAside = max(1, min(CoreReadLimits.framesSetAsidePerThread, left / max(1, 2 * threadsLeft)))
    }

    /// The most frames the next thread may keep: what is left but the set-aside of the threads
    /// after it, and at least its own set-aside.
    mutating func nextThreadLimit() -> Int {
        threadsLeft = max(0, threadsLeft - 1)
        let (reserved, overflow) = threadsLeft.multipliedReportingOverflow(by: setAside)
        return overflow ? setAside : max(setAside, left - reserved)
    }

    /// Records that a thread kept `count` frames.
    mutating func spend(_ count: Int) {
        left = max(0, left - count)
    }
}
