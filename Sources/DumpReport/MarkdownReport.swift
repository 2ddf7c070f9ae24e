import DumpAnalysis
import DumpModel

/// The report as Markdown, to paste into a ticket: the header line, the findings, the crash,
/// the problem signature and the largest stack groups in code blocks. It formats what
/// ``ProcessAnalysis`` computed and no more; the text, JSON and HTML reports hold the rest.
///
/// Everything that came from the core is escaped for Markdown (``MarkdownEscaping``): in
/// prose its punctuation cannot format, link or start a table cell, and in a code block no
/// line can close the block, whose fence is longer than any backtick run inside.
public enum MarkdownReport {
    /// How many stack groups are shown, largest first.
    static let stackGroupLimit = 5
    /// How many frames of a group's stack are shown, innermost first.
    static let frameLimit = 40
    /// How many TIDs a group's heading lists before it gives only a count.
    static let tidLimit = 8

    /// - Parameter tids: the threads `--tid` names, whose stacks alone are shown; empty for all.
    public static func render(_ process: Process, analysis: ProcessAnalysis, tids: Set<Int32> = []) -> String {
        var lines = ["# " + MarkdownEscaping.escaped(AnalysisTextReport.headline(process)), ""]
        lines.append("Core written by " + MarkdownEscaping.escaped(CoreOrigin.description(of: process)) + ".")
        lines.append("")
        lines += findingsSection(analysis.findings)
        lines += crashSection(process, crash: analysis.crash)
        lines += signatureSection(analysis.signature)
        lines += stacksSection(process, groups: StackGroup.keeping(tids, of: analysis.stackGroups), selected: !tids.isEmpty)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Findings

    /// A numbered list: severity and title in bold, then the description and the
    /// recommendation as the item's paragraphs.
    private static func findingsSection(_ findings: [Finding]) -> [String] {
        var lines = ["## Findings (\(findings.count))", ""]
        if findings.isEmpty { lines += ["No problem found.", ""] }
        for (number, finding) in findings.enumerated() {
            lines.append("\(number + 1). **\(finding.severity): \(MarkdownEscaping.quotingNamesAsCode(finding.title))**")
            lines.append("")
            lines.append("   " + MarkdownEscaping.quotingNamesAsCode(finding.description))
            lines.append("")
            lines.append("   *Recommendation:* " + MarkdownEscaping.quotingNamesAsCode(finding.recommendation))
            lines.append("")
        }
        return lines
    }

    // MARK: Crash

    private static func crashSection(_ process: Process, crash: CrashReport?) -> [String] {
        guard let crash else { return [] }
        var facts: [(String, String)] = []
        var signal = "\(crash.signalName) (\(crash.signalNumber))"
        if let description = crash.signalCodeDescription {
            signal += ", \(description)"
        } else if let code = crash.signalCode {
            signal += ", si_code \(code)"
        }
        facts.append(("signal", signal))
        if let address = crash.faultAddress { facts.append(("fault address", TextFormatting.hex(address))) }
        if let tid = crash.crashingTID { facts.append(("thread", ThreadLabel.text(tid: tid, in: process))) }
        if let frame = crash.applicationFrame ?? crash.innermostFrame {
            facts.append(("frame", FrameFormatter.shortPlace(frame, in: process)))
        }
        if let handler = crash.handler { facts.append(("re-raised by", CrashHandlerText.describe(handler))) }
        if let instruction = crash.instruction { facts.append(("instruction", CrashDetails.line(instruction))) }
        facts.append(("summary", crash.summary))
        var lines = ["## Crash", ""]
        for (label, value) in facts { lines.append("- **\(label):** " + MarkdownEscaping.escaped(value)) }
        lines.append("")
        if let source = crash.source {
            lines += ["Source " + MarkdownEscaping.escaped(CrashDetails.sourceHeading(source)) + ":", ""]
            lines += MarkdownEscaping.codeBlock(CrashDetails.sourceLines(source).map(TextEscaping.escaped))
            lines.append("")
        }
        if !crash.frames.isEmpty {
            lines += ["Stack of the faulting thread (\(CrashDetails.depth(crash))):", ""]
            var text = TextBuffer(capacity: 2_048)
            let more = FrameFormatter(process: process).append(crash.stack, to: &text, lineLimit: CrashDetails.frameLimit)
            var frames = text.string.split(separator: "\n").map(String.init)
            if let more = CrashDetails.moreFrames(more, of: crash, section: "Stacks") { frames.append("  " + more) }
            lines += MarkdownEscaping.codeBlock(frames)
            lines.append("")
        }
        return lines
    }

    // MARK: Signature

    private static func signatureSection(_ signature: ProblemSignature?) -> [String] {
        guard let signature else { return [] }
        return [
            "## Signature", "",
            "`\(signature.kind.rawValue) \(signature.value)` (\(signature.finding.rawValue)): " + MarkdownEscaping.escaped(signature.title),
            "",
        ]
    }

    // MARK: Stacks

    /// The largest groups of identical stacks, as `stacks --group` folds them, each under a
    /// heading with its thread count and first TIDs.
    private static func stacksSection(_ process: Process, groups: [StackGroup], selected: Bool) -> [String] {
        let shown = groups.prefix(stackGroupLimit)
        var heading = "## Stacks (\(process.threads.count) threads, \(groups.count) distinct"
        if selected { heading = "## Stacks (the \(groups.reduce(0) { $0 + $1.tids.count }) of --tid, of \(process.threads.count) threads; \(groups.count) distinct" }
        heading += shown.count < groups.count ? "; the \(shown.count) largest groups)" : ")"
        var lines = [heading, ""]
        let formatter = FrameFormatter(process: process)
        for group in shown {
            lines.append(groupHeading(group, in: process))
            lines.append("")
            lines += MarkdownEscaping.codeBlock(frameLines(group, formatter: formatter))
            lines.append("")
        }
        return lines
    }

    /// `**3 threads:** 101 "worker", 102, 103 and 5 more`.
    private static func groupHeading(_ group: StackGroup, in process: Process) -> String {
        var text = "**\(group.threadCount) \(group.threadCount == 1 ? "thread" : "threads"):** "
        text += group.tids.prefix(tidLimit).map { MarkdownEscaping.escaped(ThreadLabel.text(tid: $0, in: process)) }
            .joined(separator: ", ")
        if group.threadCount > tidLimit { text += " and \(group.threadCount - tidLimit) more" }
        return text
    }

    /// The stack's first ``frameLimit`` lines as ``FrameFormatter`` writes them (escaped,
    /// one per line, the recursion folded), then how many frames were left out; `(no frames)`
    /// for a thread that has none.
    private static func frameLines(_ group: StackGroup, formatter: FrameFormatter) -> [String] {
        guard !group.frames.isEmpty else { return ["  (no frames)"] }
        var text = TextBuffer(capacity: min(group.frames.count, frameLimit) * 110)
        let leftOut = formatter.append(group, to: &text, lineLimit: frameLimit)
        var lines = text.string.split(separator: "\n").map(String.init)
        if leftOut > 0 { lines.append("  ... \(leftOut) more frames") }
        return lines
    }
}
