import CrashStore
import DumpReport

/// `triage --html FILE`: one self-contained page listing the groups, the largest first, each
/// linking to its example core's HTML report when one was written (a core on another host, or
/// one deleted since, has none). Everything from the database is escaped (``HTMLWriter``).
public enum TriageIndexPage {
    /// - Parameters:
    ///   - links: the relative address of the report of each group's example record, by record id.
    ///   - toolVersion: shown in the header and footer.
    public static func render(_ result: TriageResult, links: [Int64: String], toolVersion: String) -> String {
        var html = HTMLWriter(capacity: 8192 + result.groups.count * 1024)
        html.beginPage(title: "analyze-dump triage: \(result.groups.count) groups", styleSheets: [HTMLStyle.css], reportKind: "triage")
        html.raw("<header class=\"report\">\n<h1>Triage: ")
        html.number(result.groups.count)
        html.raw(result.groups.count == 1 ? " group of " : " groups of ")
        html.number(result.coreCount)
        html.raw(" cores</h1>\n<p class=\"subtitle\">")
        html.text(result.headline + " analyze-dump \(toolVersion)")
        html.raw("</p>\n</header>\n<main>\n<section id=\"groups\"><h2>Groups</h2>\n<table>")
        html.tableHead(["Count", "Kind", "Signature", "First seen", "Last seen", "Hosts", "Units", "Executables", "Build-ids", "Example"])
        html.raw("<tbody>\n")
        for group in result.groups {
            html.raw("<tr>")
            html.numberCell(group.count)
            html.element("td", group.outcome.rawValue)
            html.element("td", group.signature, class: "mono")
            html.element("td", ISO8601Time.text(microseconds: group.firstSeenMicroseconds))
            html.element("td", ISO8601Time.text(microseconds: group.lastSeenMicroseconds))
            html.element("td", group.hosts.joined(separator: ", "))
            html.element("td", group.units.joined(separator: ", "), class: "mono")
            html.element("td", group.executables.joined(separator: ", "), class: "mono")
            html.element("td", group.buildIDs.joined(separator: ", "), class: "mono")
            html.raw("<td>")
            if let title = group.exampleTopFinding ?? group.exampleError {
                html.text(title)
                html.raw("<br>")
            }
            if let link = links[group.exampleRecordID] {
                html.raw("<a")
                html.attribute("href", link)
                html.raw(">")
                html.text(group.examplePath)
                html.raw("</a>")
            } else {
                html.text("\(group.exampleHost):\(group.examplePath)")
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody></table></section>\n")
        html.endPage(toolVersion: toolVersion)
        return html.string
    }
}
