import DumpModel

/// What `analyze-dump handle` recorded of the dying process (its ``DumpModel/HandlerNote``),
/// as labelled lines shared by the text and HTML dump information. Values come from the
/// process and are escaped by each writer.
enum HandlerFacts {
    /// One labelled fact.
    struct Fact {
        var label: StaticString
        var value: String
        var isCode: Bool = false
    }

    /// The facts in a fixed order; only those the note has. Empty without a note.
    static func of(_ process: Process) -> [Fact] {
        guard let note = process.handler else { return [] }
        var facts: [Fact] = []
        var stored = "analyze-dump handle"
        if let hostname = note.hostname { stored += " on " + TextEscaping.quoted(hostname) }
        if let time = note.time { stored += " at " + CoreOrigin.timestamp(ofSeconds: time) }
        facts.append(Fact(label: "Stored by", value: stored))
        if let path = note.executablePath { facts.append(Fact(label: "Executable", value: path, isCode: true)) }
        if !note.arguments.isEmpty {
            facts.append(Fact(label: "Full command line", value: note.arguments.map(shellWord).joined(separator: " "), isCode: true))
        }
        if let unit = note.unit { facts.append(Fact(label: "Unit", value: unit)) }
        if let container = note.container { facts.append(Fact(label: "Container", value: container, isCode: true)) }
        if let cgroup = note.cgroup { facts.append(Fact(label: "Cgroup", value: cgroup, isCode: true)) }
        if !note.environment.isEmpty {
            facts.append(Fact(
                label: "Environment", value: note.environment.map { $0.key + "=" + shellWord($0.value) }.joined(separator: " "),
                isCode: true))
        }
        return facts
    }

    /// `word` as itself when it is made of safe characters, else in single quotes (a quote
    /// inside written `'\''`), so the command line reads as the shell would take it.
    static func shellWord(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return safe ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#) + "'"
    }
}
