import DumpAnalysis
import DumpModel

/// The parts of the HTML crash section that go beyond its facts (``CrashDetails``): the
/// faulting instruction, the source lines with the crashing one marked, and the faulting
/// thread's innermost frames with a link to its whole stack.
///
/// Hooks for tests: `#crash-instruction` (the instruction's `<code>`), `#crash-source` (a
/// `<pre>` whose crashing line is a `<mark>`), `#crash-stack` (the frames' table).
enum HTMLCrashDetails {
    /// `<dt>Faulting instruction</dt><dd>…</dd>`, inside the section's facts.
    static func writeInstruction(_ crash: CrashReport, to html: inout HTMLWriter) {
        guard let instruction = crash.instruction else { return }
        html.raw("<dt>Faulting instruction</dt><dd class=\"mono\"><code id=\"crash-instruction\">")
        html.hex(instruction.address)
        html.raw(": ")
        html.text(CrashDetails.text(instruction))
        html.raw("</code> <span class=\"bytes\">(bytes ")
        html.text(CrashDetails.bytes(instruction))
        html.raw(")</span></dd>\n")
    }

    /// The source lines, then the faulting thread's frames.
    static func writeSourceAndStack(_ crash: CrashReport, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        if let source = crash.source { writeSource(source, to: &html) }
        writeStack(crash, process: process, analysis: analysis, to: &html)
    }

    private static func writeSource(_ source: SourceExcerpt, to html: inout HTMLWriter) {
        html.raw("<h3>Source <span class=\"mono\">")
        html.text(CrashDetails.sourceHeading(source))
        html.raw("</span></h3>\n<pre id=\"crash-source\" class=\"source\">")
        for (line, text) in zip(source.lines, CrashDetails.sourceLines(source)) {
            if source.isMarked(line) {
                html.raw("<mark class=\"crashing-line\">")
                html.text(text)
                html.raw("</mark>\n")
            } else {
                html.text(text)
                html.raw("\n")
            }
        }
        html.raw("</pre>\n")
    }

    private static func writeStack(_ crash: CrashReport, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        guard !crash.frames.isEmpty else { return }
        html.raw("<h3>Stack of the faulting thread (")
        html.text(crash.frames.count.groupedDigits)
        html.raw(crash.frames.count == 1 ? " frame)</h3>\n" : " frames)</h3>\n")
        html.raw("<table id=\"crash-stack\" class=\"frames\">\n")
        html.tableHead(["#", "PC", "function", "source", "module", "found by"])
        html.raw("<tbody>\n")
        let width = process.architecture.pointerSize * 2
        for (number, frame) in CrashDetails.shownFrames(crash).enumerated() {
            html.raw(analysis.frames.isRuntime(frame) ? "<tr class=\"runtime\"><td>" : "<tr><td>")
            html.number(number)
            html.raw("</td><td>")
            html.hex(frame.pc, minimumWidth: width)
            html.raw("</td><td>")
            html.text(FrameName.of(frame, in: process))
            if frame.function != nil, let offset = frame.functionOffset {
                html.raw("+")
                html.hex(offset)
            }
            html.raw("</td><td>")
            if let source = frame.source {
                html.text(source.file)
                html.raw(":")
                html.number(source.line)
            }
            html.raw("</td><td>")
            html.text(frame.moduleIndex.map { process.modules[$0].shortName } ?? "")
            html.raw("</td><td>")
            html.text(frame.trust.rawValue)
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
        if let more = CrashDetails.moreFrames(crash, section: "Threads") {
            html.raw("<p class=\"more-frames\"><a href=\"#stacks\">")
            html.text(more)
            html.raw("</a></p>\n")
        }
    }
}
