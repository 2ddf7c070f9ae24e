import ArgumentParser
import DumpModel

/// `--tid N` (repeatable), shared by the summary and `stacks`: only those threads are listed
/// and only their stacks shown.
struct ThreadSelectionTIDs: ParsableArguments {
    /// How many of the core's TIDs the message about an unknown TID names.
    static let namedTIDLimit = 5

    @Option(name: .customLong("tid"), help: ArgumentHelp("Show only this thread: its stack and its row, in every format (repeatable).", valueName: "tid"))
    var tids: [Int32] = []

    /// The TIDs asked for, each checked against the core's threads.
    /// - Throws: ``ExitStatus/usage`` (64) after one line on stderr naming the TIDs the
    ///   process does not have and the first TIDs it has, with their count (the core is read
    ///   by then, so the subcommand's usage would say nothing more).
    func checked(in process: Process) throws -> Set<Int32> {
        let unknown = tids.filter { process.thread(tid: $0) == nil }
        guard !unknown.isEmpty else { return Set(tids) }
        let threads = process.threads
        var known = threads.prefix(Self.namedTIDLimit).map { "\($0.tid)" }.joined(separator: ", ")
        if threads.count > Self.namedTIDLimit { known += ", … and \(threads.count - Self.namedTIDLimit) more" }
        let asked = unknown.map { "\($0)" }.joined(separator: ", ")
        CoreLoading.writeError("--tid \(asked): the core has no such thread; its \(threads.count) \(threads.count == 1 ? "thread is" : "threads are") \(known)")
        throw ExitStatus.usage
    }
}
