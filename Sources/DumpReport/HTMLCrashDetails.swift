import DumpAnalysis
import DumpModel

/// The parts of the HTML crash section that go beyond its facts (``CrashDetails``): the
/// faulting instruction, the source lines with the crashing one marked, and the faulting
/// thread's innermost frames, its recursion folded as its stack group folds it, with a link
/// to its whole stack (the thread's anchor, ``HTMLThreadLinks``).
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
        html.text(CrashDetails.depth(crash))
        html.raw(")</h3>\n")
        let more = HTMLStackGroups.writeFrameTable(
            crash.stack, lineLimit: CrashDetails.frameLimit, id: "crash-stack", process: process, analysis: analysis, to: &html)
        if let text = CrashDetails.moreFrames(more, of: crash, section: "Threads") {
            html.raw("<p class=\"more-frames\">")
            if let tid = crash.crashingTID, html.hasThreadAnchor(tid, in: process) {
                html.threadLink(tid, label: text, in: process)
            } else {
                html.raw("<a href=\"#stacks\">")
                html.text(text)
                html.raw("</a>")
            }
            html.raw("</p>\n")
        }
    }
}
