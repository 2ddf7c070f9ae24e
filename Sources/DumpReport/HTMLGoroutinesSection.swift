import DumpAnalysis
import DumpModel

/// The Goroutines section of the HTML report: goroutines by state, the mutexes they queue on,
/// and the groups of identical stacks with their innermost frames, as the text report has them.
enum HTMLGoroutinesSection {
    /// The most groups listed.
    static let groupLimit = 50

    /// Writes the section; nothing for a process without goroutines.
    static func write(_ process: Process, analysis: GoroutineAnalysis, to html: inout HTMLWriter) {
        guard !process.goroutines.isEmpty else { return }
        html.raw("<section id=\"goroutines\">\n<h2>Goroutines</h2>\n<table class=\"states\">\n")
        html.tableHead(["state", "goroutines"])
        html.raw("<tbody>\n")
        for (state, count) in analysis.stateCounts {
            html.raw("<tr>")
            html.element("td", state.description)
            html.numberCell(count)
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n<tfoot><tr><th>all goroutines</th>")
        html.numberCell(process.goroutines.count)
        html.raw("</tr></tfoot>\n</table>\n")
        if !analysis.mutexWaits.isEmpty {
            html.raw("<h3>Mutexes goroutines wait for (Go records no holder)</h3>\n<table>\n")
            html.tableHead(["mutex", "waiting", "to read / to write", "locked in"])
            html.raw("<tbody>\n")
            for wait in analysis.mutexWaits {
                html.raw("<tr>")
                html.element("td", wait.name)
                html.numberCell(wait.waiterIDs.count)
                html.element("td", wait.readWriteSplit ?? "")
                html.element("td", wait.functions.joined(separator: ", "))
                html.raw("</tr>\n")
            }
            html.raw("</tbody>\n</table>\n")
        }
        html.raw("<h3>Goroutines with identical stacks</h3>\n<table>\n")
        html.tableHead(["goroutines", "state", "stack (innermost first)"])
        html.raw("<tbody>\n")
        for group in analysis.groups.prefix(groupLimit) {
            html.raw("<tr>")
            html.numberCell(group.goroutineIDs.count)
            html.element("td", group.summary + (group.waitDescription.map { ", " + $0 } ?? ""))
            let stack = group.frames.map { frame in
                (frame.function ?? "0x" + String(frame.pc, radix: 16)) + (frame.source.map { " (" + $0.shortDescription + ")" } ?? "")
            }
            html.element("td", stack.joined(separator: " \u{2190} "))
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }
}
