import DumpModel

/// How the text and HTML reports name a thread: its TID, then its name when the core records
/// one (`671 "bulk-insert"`). Names come from the core and may hold any character but NUL, so
/// they are quoted by ``TextEscaping/quoted(_:)``: a name cannot break a line of the text
/// report or pass for another field.
enum ThreadLabel {
    /// `671 "bulk-insert"`, or `671` when the thread has no name or is not in the process.
    static func text(tid: Int32, in process: Process) -> String {
        guard let name = process.thread(tid: tid)?.name else { return "\(tid)" }
        return "\(tid) " + TextEscaping.quoted(name)
    }

    /// `671 "bulk-insert"`, or `671`.
    static func text(for thread: Thread) -> String {
        text(tid: thread.tid, name: thread.name)
    }

    /// `671 "bulk-insert"`, or `671` when `name` is nil.
    static func text(tid: Int32, name: String?) -> String {
        name.map { "\(tid) " + TextEscaping.quoted($0) } ?? "\(tid)"
    }

    /// `"bulk-insert"`, or `""` for a thread without a name: the name column of the tables.
    static func nameColumn(_ thread: Thread?) -> String {
        thread?.name.map(TextEscaping.quoted) ?? ""
    }
}
