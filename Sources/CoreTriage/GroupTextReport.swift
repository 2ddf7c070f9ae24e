import CrashStore
import DumpReport

/// The groups as text for a person: one block per group, the largest first, every line cut to
/// the width but the example core's (a path to copy whole), every text from a core escaped
/// (``TextEscaping``).
public enum GroupTextReport {
    /// - Parameter width: the line width (the terminal's), at least 40.
    public static func render(_ result: TriageResult, width: Int) -> String {
        let width = max(40, width)
        var lines = [result.headline, ""]
        if result.groups.isEmpty { return lines.joined(separator: "\n") + "No core matches.\n" }
        lines.append("  COUNT  KIND     SIGNATURE         LAST SEEN             EXECUTABLE")
        for group in result.groups {
            let count = String(group.count)
            let kind = group.outcome.rawValue
            let signature = group.signature.isEmpty ? "-" : group.signature
            lines.append(
                String(repeating: " ", count: max(0, 7 - count.count)) + count + "  " + padded(kind, 8) + " "
                    + padded(signature, 17) + " " + ISO8601Time.text(microseconds: group.lastSeenMicroseconds) + "  "
                    + list(group.executables.map(fileName)))
            let indent = "         "
            if let title = group.exampleTopFinding ?? group.exampleError { lines.append(indent + title) }
            lines.append(indent + "first seen \(ISO8601Time.text(microseconds: group.firstSeenMicroseconds)); "
                + "\(group.hosts.count) \(group.hosts.count == 1 ? "host" : "hosts"): \(list(group.hosts))"
                + (group.units.isEmpty ? "" : "; \(group.units.count == 1 ? "unit" : "units"): \(list(group.units))"))
            if !group.buildIDs.isEmpty { lines.append(indent + "build-ids: " + list(group.buildIDs)) }
            lines.append(examplePrefix + "\(group.exampleHost):\(group.examplePath)")
        }
        return lines.map { line in
            let escaped = TextEscaping.escaped(line)
            return line.hasPrefix(examplePrefix) ? escaped : cut(escaped, to: width)
        }.joined(separator: "\n") + "\n"
    }

    private static let examplePrefix = "         example: "

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// At most three items, then "and N more".
    private static func list(_ items: [String]) -> String {
        let shown = items.prefix(3).joined(separator: ", ")
        return items.count > 3 ? shown + " and \(items.count - 3) more" : shown
    }

    private static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    private static func cut(_ line: String, to width: Int) -> String {
        line.count > width ? String(line.prefix(width - 1)) + "…" : line
    }
}
