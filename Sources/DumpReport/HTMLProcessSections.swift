import DumpAnalysis
import DumpModel

/// The top of the HTML report: the analysis summary (findings), the dump information and the
/// crash details.
enum HTMLProcessSections {
    // MARK: Findings

    /// The analysis summary: one box per finding, coloured by severity, in `#findings`, then
    /// the problem signature when there is one (`p.signature`). With the `process` the
    /// findings are about, the TIDs their texts name link to those threads' stacks
    /// (``HTMLThreadLinks``); a comparison of cores, which has no stacks, gives none.
    static func writeFindings(_ findings: [Finding], signature: ProblemSignature? = nil, process: Process? = nil, to html: inout HTMLWriter) {
        html.raw("<section id=\"summary\">\n<h2>Analysis summary</h2>\n<div id=\"findings\">\n")
        if findings.isEmpty {
            html.raw("<p class=\"finding none\">No problem found.</p>\n")
        }
        for finding in findings {
            html.raw("<article class=\"finding ")
            html.raw(severityClass(finding.severity))
            html.raw("\"")
            html.attribute("data-kind", finding.kind.rawValue)
            html.raw(">\n<h3>")
            writeBadge(finding.severity, to: &html)
            html.raw(" ")
            writeFindingText(finding.title, of: finding, process: process, to: &html)
            html.raw("</h3>\n<p class=\"description\">")
            writeFindingText(finding.description, of: finding, process: process, to: &html)
            html.raw("</p>\n<p class=\"recommendation\"><strong>Recommendation:</strong> ")
            writeFindingText(finding.recommendation, of: finding, process: process, to: &html)
            html.raw("</p>\n</article>\n")
        }
        html.raw("</div>\n")
        if let signature {
            html.raw("<p class=\"signature\"")
            html.attribute("data-kind", signature.kind.rawValue)
            html.raw(">Signature: <code>")
            html.text(signature.kind.rawValue + " " + signature.value)
            html.raw("</code> ")
            html.text(signature.title)
            html.raw("</p>\n")
        }
        html.raw("</section>\n")
    }

    /// A finding's text, escaped, its quoted names as `<code>` (``QuotedNames``) and, when the
    /// process is known, its TIDs linked to their stacks.
    private static func writeFindingText(_ text: String, of finding: Finding, process: Process?, to html: inout HTMLWriter) {
        if let process { html.textQuotingNamesLinkingThreads(text, tids: finding.tids, in: process) } else { html.textQuotingNames(text) }
    }

    /// `<span class="badge error">error</span>`.
    static func writeBadge(_ severity: Finding.Severity, to html: inout HTMLWriter) {
        html.raw("<span class=\"badge ")
        html.raw(severityClass(severity))
        html.raw("\">")
        html.text(severity.description)
        html.raw("</span>")
    }

    private static func severityClass(_ severity: Finding.Severity) -> StaticString {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .information: "information"
        }
    }

    // MARK: Dump information

    /// The process, the signal, what wrote the core (for `analyze-dump capture`, when, why and
    /// how long the process was stopped), thread and module counts.
    static func writeDumpInformation(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"dump-information\">\n<h2>Dump information</h2>\n<dl class=\"facts\">\n")
        html.definition("Process ID", "\(process.pid)")
        if let status = process.status {
            html.definition("Command", status.command)
            html.definition("Command line", status.arguments, monospace: true)
            html.definition("Parent, user, group", "parent \(status.parentPID), uid \(status.uid), gid \(status.gid), state \(status.state)")
        } else {
            html.definition("Command line", "not recorded (the core has no NT_PRPSINFO note)")
        }
        html.definition("Architecture", process.architecture.description)
        html.definition("Core written by", CoreOrigin.description(of: process))
        for fact in HandlerFacts.of(process) { html.definition(fact.label, fact.value, monospace: fact.isCode) }
        html.raw("<dt>Signal</dt><dd>")
        html.textLinkingThreads(signalText(process), tids: process.signalledThreadTID.map { [$0] } ?? [], in: process)
        html.raw("</dd>\n")
        html.definition("Threads", "\(process.threads.count)")
        let unsymbolized = process.modules.filter { $0.symbolStatus != .debugInfo && $0.symbolStatus != .symbolsOnly }.count
        html.definition("Modules", "\(process.modules.count)" + (unsymbolized > 0 ? " (\(unsymbolized) without symbols)" : ""))
        if analysis.cpu.hasAccounting {
            let total = analysis.cpu.processTotal
            html.definition("Process CPU time", "user \(TextFormatting.seconds(total.userSeconds)), system \(TextFormatting.seconds(total.systemSeconds))")
        } else {
            html.definition("Process CPU time", "not recorded in this core")
        }
        for runtime in analysis.runtimes {
            html.definition("Managed runtime", "\(runtime.name) (\(runtime.module)): read it with \(runtime.toolRecommendation)")
        }
        let warnings = process.diagnostics.filter { $0.severity == .warning }.count
        html.definition("Report", warnings == 0 ? "complete" : "incomplete: \(warnings) warnings (see Diagnostics)")
        html.raw("</dl>\n</section>\n")
    }

    private static func signalText(_ process: Process) -> String {
        guard let signal = process.signal else { return "none recorded" }
        var text = "\(signal.name) (\(signal.number)), si_code \(signal.code)"
        if let words = SignalCodeDescription.describe(code: signal.code, signal: signal.number) { text += " (\(words))" }
        if let address = signal.faultAddress { text += ", fault address \(TextFormatting.hex(address))" }
        if let sender = signal.senderPID {
            text += ", sent by pid \(sender)" + (signal.senderUID.map { " (uid \($0))" } ?? "")
        }
        if let tid = process.signalledThreadTID { text += ", received by thread " + ThreadLabel.text(tid: tid, in: process) }
        return text
    }

    // MARK: Crash

    /// The signal in words, the fault address, the faulting instruction, the source lines
    /// around the crashing line, the faulting thread with its innermost frames and general
    /// registers.
    static func writeCrash(_ crash: CrashReport, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"crash\">\n<h2>Crash details</h2>\n")
        html.element("p", crash.summary, class: "crash-summary")
        html.raw("\n<dl class=\"facts\">\n")
        var signal = "\(crash.signalName) (\(crash.signalNumber))"
        if let words = crash.signalCodeDescription {
            signal += ", \(words)"
        } else if let code = crash.signalCode {
            signal += ", si_code \(code)"
        } else {
            signal += ", si_code not recorded"
        }
        html.definition("Signal", signal)
        html.definition("Kind", CrashSignature.kindName(crash.kind))
        if let signature = analysis.signature, signature.kind == .crash {
            html.definition("Crash signature", signature.value, monospace: true)
        }
        if let address = crash.faultAddress { html.definition("Fault address", TextFormatting.hex(address), monospace: true) }
        if let tid = crash.crashingTID {
            // The TID links to the thread's stack; its name, when it has one, is the label's.
            html.raw("<dt>Faulting thread</dt><dd>")
            html.threadLink(tid, label: ThreadLabel.text(tid: tid, in: process), in: process)
            html.raw("</dd>\n")
        } else {
            html.definition("Faulting thread", "unknown")
        }
        if let pc = crash.instructionPointer { html.definition("Instruction pointer", TextFormatting.hex(pc), monospace: true) }
        if let frame = crash.innermostFrame { html.definition("Innermost frame", FrameFormatter.shortPlace(frame, in: process), monospace: true) }
        if let frame = crash.applicationFrame { html.definition("Application frame", FrameFormatter.shortPlace(frame, in: process), monospace: true) }
        if let handler = crash.handler { html.definition("Re-raised by", CrashHandlerText.describe(handler)) }
        HTMLCrashDetails.writeInstruction(crash, to: &html)
        html.raw("</dl>\n")
        HTMLCrashDetails.writeSourceAndStack(crash, process: process, analysis: analysis, to: &html)
        if let thread = crash.crashingTID.flatMap(process.thread(tid:)) {
            writeRegisters(thread.registers, width: process.architecture.pointerSize * 2, to: &html)
        }
        html.raw("</section>\n")
    }

    /// The general registers, four to a row.
    private static func writeRegisters(_ registers: RegisterSet, width: Int, to html: inout HTMLWriter) {
        html.raw("<h3>Registers of the faulting thread</h3>\n")
        guard !registers.registers.isEmpty else {
            html.raw("<p>The core records no registers for this thread.</p>\n")
            return
        }
        let perRow = 4
        html.raw("<table class=\"registers\">\n<tbody>\n")
        for start in stride(from: 0, to: registers.registers.count, by: perRow) {
            html.raw("<tr>")
            for register in registers.registers[start..<min(start + perRow, registers.registers.count)] {
                html.element("th", register.name)
                html.raw("<td class=\"address\">")
                html.hex(register.value, minimumWidth: width)
                html.raw("</td>")
            }
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
    }
}
