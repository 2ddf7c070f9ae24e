import CrashStore
import DumpReport

/// The groups as text for a person: one block per group, the largest first; the headline and
/// each group's finding wrapped to the width, the table and fact lines cut to it, the example
/// core's path never (a path to copy whole); every text from a core escaped (``TextEscaping``).
public enum GroupTextReport {
    /// - Parameter width: the line width (the terminal's), at least 40.
    public static func render(_ result: TriageResult, width: Int) -> String {
        let width = max(40, width)
        var lines = TextFormatting.wrap(TextEscaping.escaped(result.headline), indent: "", width: width) + [""]
        if result.groups.isEmpty { return lines.joined(separator: "\n") + "No core matches.\n" }
        func append(_ line: String) { lines.append(cut(TextEscaping.escaped(line), to: width)) }
        append("  COUNT  KIND     SIGNATURE         LAST SEEN             EXECUTABLE")
        for group in result.groups {
            let count = String(group.count)
            let kind = group.outcome.rawValue
            let signature = group.signature.isEmpty ? "-" : group.signature
            append(
                String(repeating: " ", count: max(0, 7 - count.count)) + count + "  " + padded(kind, 8) + " "
                    + padded(signature, 17) + " " + ISO8601Time.text(microseconds: group.lastSeenMicroseconds) + "  "
                    + list(uniqueNames(group.executables)))
            let indent = "         "
            if let title = group.exampleTopFinding ?? group.exampleError {
                lines += TextFormatting.wrap(TextEscaping.escaped(title), indent: indent, width: width)
            }
            append(indent + "first seen \(ISO8601Time.text(microseconds: group.firstSeenMicroseconds)); "
                + "\(group.hosts.count) \(group.hosts.count == 1 ? "host" : "hosts"): \(list(group.hosts))"
                + (group.units.isEmpty ? "" : "; \(group.units.count == 1 ? "unit" : "units"): \(list(group.units))"))
            if !group.buildIDs.isEmpty { append(indent + "build-ids: " + list(group.buildIDs)) }
            lines.append(TextEscaping.escaped(indent + "example: \(group.exampleHost):\(group.examplePath)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// At most three items, then "and N more".
    private static func list(_ items: [String]) -> String {
        let shown = items.prefix(3).joined(separator: ", ")
        return items.count > 3 ? shown + " and \(items.count - 3) more" : shown
    }

    /// The executables' file names, each once, in order (two paths of one program are one name).
    private static func uniqueNames(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.map { path in path.split(separator: "/").last.map(String.init) ?? path }.filter { seen.insert($0).inserted }
    }

    private static func cut(_ line: String, to width: Int) -> String {
        line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }
}
