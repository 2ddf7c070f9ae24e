/// How the text report is laid out: colour, width, and how many threads it lists.
public struct TextReportOptions: Sendable {
    /// Which threads the thread table and the stacks show (``tids`` overrides it).
    public enum ThreadSelection: String, CaseIterable, Sendable {
        /// Every thread and every distinct stack.
        case all
        /// The threads that matter most (the crashing thread, lock owners, threads using CPU,
        /// then waiters), at most ``TextReportOptions/topThreadCount``, and their stacks.
        case top
        /// Threads waiting on a lock, and the owners they wait for.
        case blocked
    }

    /// How many threads `--threads top` lists.
    public static let topThreadCount = 20

    /// ANSI colour for severities and headings.
    public var colour: Bool
    /// The width text is wrapped to.
    public var width: Int
    /// Which threads are listed.
    public var threads: ThreadSelection
    /// The threads `--tid` names: when not empty, only these are listed and only their
    /// stacks shown, whatever ``threads`` says. TIDs the process does not have list nothing;
    /// the CLI refuses them before it renders.
    public var tids: Set<Int32>

    public init(colour: Bool = false, width: Int = 100, threads: ThreadSelection = .all, tids: Set<Int32> = []) {
        self.colour = colour
        self.width = width
        self.threads = threads
        self.tids = tids
    }
}
