/// How far the unwinder got on one thread (rust-minidump's per-thread status): a thread whose
/// stack could not be read in full keeps the frames that were found.
public enum UnwindStatus: Equatable, Hashable, Sendable {
    /// Every frame down to the thread's entry point.
    case complete
    /// The unwinder stopped with an error after the frames shown; the message is libdwfl's.
    case stopped(reason: String)
    /// The stack is deeper than the frame limit; the innermost frames are shown.
    case truncated(limit: Int)
    /// Not even the first frame could be produced.
    case failed(reason: String)

    /// Whether every frame of the thread was found.
    public var isComplete: Bool { self == .complete }
}
