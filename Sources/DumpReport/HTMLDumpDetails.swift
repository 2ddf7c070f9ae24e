import DumpModel

/// The end of the HTML report: the modules with their build-ids and symbol status, and the
/// diagnostics (what could not be read).
enum HTMLDumpDetails {
    /// One row per module: address range, path, build-id, symbol status, the files used.
    static func writeModules(_ process: Process, to html: inout HTMLWriter) {
        html.raw("<section id=\"modules\">\n<h2>Modules (")
        html.number(process.modules.count)
        html.raw(")</h2>\n<div class=\"scroll\">\n<table class=\"modules\">\n")
        html.tableHead(["start", "end", "module", "build-id", "symbols", "file used"])
        html.raw("<tbody>\n")
        let width = TextFormatting.addressWidth(process)
        for module in process.modules {
            html.raw("<tr><td class=\"mono\">")
            html.hex(module.startAddress, minimumWidth: width)
            html.raw("</td><td class=\"mono\">")
            html.hex(module.endAddress, minimumWidth: width)
            html.raw("</td>")
            html.element("td", module.name, class: "mono")
            html.element("td", module.buildID ?? "", class: "mono")
            switch module.symbolStatus {
            case .debugInfo: html.raw("<td class=\"symbols good\">debug info</td>")
            case .symbolsOnly: html.raw("<td class=\"symbols partial\">symbols only</td>")
            case .noSymbols: html.raw("<td class=\"symbols bad\">no symbols</td>")
            case .missing: html.raw("<td class=\"symbols bad\">missing</td>")
            case .buildIDMismatch(let found): html.element("td", "build-id mismatch: file has \(found)", class: "symbols bad")
            }
            var files: [String] = []
            if let file = module.filePath, file != module.name { files.append(file) }
            if let debug = module.debugFilePath, debug != module.filePath { files.append("debug: " + debug) }
            html.raw("<td class=\"mono\">")
            for (position, file) in files.enumerated() {
                if position > 0 { html.raw("<br>") }
                html.text(file)
            }
            html.raw("</td>")
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n</section>\n")
    }

    /// Each warning and note of the reader, or a line saying there were none.
    static func writeDiagnostics(_ process: Process, to html: inout HTMLWriter) {
        html.raw("<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n")
        guard !process.diagnostics.isEmpty else {
            html.raw("<p>None: every part of the core was read.</p>\n</section>\n")
            return
        }
        html.raw("<ul class=\"diagnostics\">\n")
        for diagnostic in process.diagnostics {
            html.raw(diagnostic.severity == .warning ? "<li class=\"warning\"><span class=\"badge warning\">warning</span> " : "<li class=\"note\"><span class=\"badge information\">note</span> ")
            html.text(diagnostic.message)
            html.raw("</li>\n")
        }
        html.raw("</ul>\n</section>\n")
    }
}
