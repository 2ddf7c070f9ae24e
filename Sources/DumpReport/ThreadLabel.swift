import DumpModel

/// How the text and HTML reports name a thread: its TID, then its name when the core records
/// one (`671 "bulk-insert"`). Names come from the core and may hold any character but NUL, so
/// they are quoted with control characters, quotes and backslashes escaped: a name cannot
/// break a line of the text report or pass for another field.
enum ThreadLabel {
    /// `671 "bulk-insert"`, or `671` when the thread has no name or is not in the process.
    static func text(tid: Int32, in process: Process) -> String {
        guard let name = process.thread(tid: tid)?.name else { return "\(tid)" }
        return "\(tid) " + quoted(name)
    }

    /// `671 "bulk-insert"`, or `671`.
    static func text(for thread: Thread) -> String {
        text(tid: thread.tid, name: thread.name)
    }

    /// `671 "bulk-insert"`, or `671` when `name` is nil.
    static func text(tid: Int32, name: String?) -> String {
        name.map { "\(tid) " + quoted($0) } ?? "\(tid)"
    }

    /// `"bulk-insert"`, or `""` for a thread without a name: the name column of the tables.
    static func nameColumn(_ thread: Thread?) -> String {
        thread?.name.map(quoted) ?? ""
    }

    /// Line and paragraph separators and the bidirectional controls: a name holding them
    /// could break a line or make the text around it display in another order.
    private static func reordersText(_ scalar: Unicode.Scalar) -> Bool {
        [0x200E, 0x200F, 0x2028, 0x2029, 0x061C].contains(scalar.value)
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `text` in double quotes, `"` and `\` escaped with a backslash, and control characters,
    /// line separators and bidirectional controls written as `\n`, `\t`, `\r` or `\u{1b}`.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || Self.reordersText(scalar):
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
