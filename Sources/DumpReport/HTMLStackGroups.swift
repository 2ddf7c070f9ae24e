import DumpAnalysis
import DumpModel

/// The threads of the HTML report, grouped by identical stack (``StackGroup``): one
/// `<details>` per group with its thread count, state and innermost application frame in the
/// summary, and the TIDs (each with its name when the core records names), the states, the
/// CPU time and the frames (function, file:line, module, how it was found) inside. The crashing
/// thread's group is open when its stack is short (``openFrameLimit``); a deeper stack says
/// its depth in the summary. A recursion is folded into one row (``DumpAnalysis/StackFold``),
/// and frames keep their numbers in the whole stack.
///
/// Frames are written once per group, so a 4,000-thread core of a few distinct stacks stays
/// small.
enum HTMLStackGroups {
    /// How many TIDs the summary line names.
    static let summaryTIDCount = 8
    /// The deepest stack whose group opens by itself: a deeper one (a stack overflow) would
    /// push the rest of the page thousands of pixels down.
    static let openFrameLimit = 50

    /// Writes the section: one `<details>` per group, in the order of `groups`.
    static func write(_ groups: [StackGroup], process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"stacks\">\n<h2>Threads (")
        // Under --tid the groups hold fewer threads than the process.
        let listed = groups.reduce(0) { $0 + $1.tids.count }
        if listed < process.threads.count {
            html.number(listed)
            html.raw(" of ")
        }
        html.number(process.threads.count)
        html.raw(" threads, ")
        html.number(groups.count)
        html.raw(" distinct stacks)</h2>\n<p>Threads with identical stacks are grouped, the largest group first; open a group for its frames. Runtime frames are grey.</p>\n")
        let context = Context(process: process, analysis: analysis)
        var anchored: Set<Int32> = []
        for group in groups { writeGroup(group, context: context, anchored: &anchored, to: &html) }
        html.raw("</section>\n")
    }

    /// What every group needs, computed once.
    private struct Context {
        let process: Process
        let analysis: ProcessAnalysis
        let moduleNames: [String]
        let addressWidth: Int
        let hasThreadNames: Bool
        /// Every TID of the process: a state naming one ("waiting for thread 10533 to end")
        /// links it to its stack.
        let threadTIDs: Set<Int32>

        init(process: Process, analysis: ProcessAnalysis) {
            self.process = process
            self.analysis = analysis
            moduleNames = process.modules.map(\.shortName)
            addressWidth = TextFormatting.addressWidth(process)
            hasThreadNames = process.hasThreadNames
            threadTIDs = Set(process.threads.map(\.tid))
        }
    }

    private static func writeGroup(_ group: StackGroup, context: Context, anchored: inout Set<Int32>, to html: inout HTMLWriter) {
        let process = context.process, analysis = context.analysis
        let isCrashing = analysis.crash?.crashingTID.map(group.tids.contains) ?? false
        let states = stateCounts(group.tids, process: process, analysis: analysis)
        let opens = isCrashing && group.depth <= openFrameLimit
        html.raw(opens ? "<details class=\"stack\" open>\n<summary>" : "<details class=\"stack\">\n<summary>")
        html.element("span", group.threadCount == 1 ? "1 thread" : "\(group.threadCount) threads", class: "count")
        html.raw(" ")
        html.raw("<span class=\"state\">")
        if states.count == 1 { html.stateText(states[0].text, naming: context.threadTIDs, in: context.process) } else { html.text("\(states.count) states") }
        html.raw("</span>")
        if let tid = process.mainThread?.tid, group.tids.contains(tid) { html.raw(" <span class=\"role\">main thread</span>") }
        if let tid = process.signalledThreadTID, group.tids.contains(tid), let signal = process.signal {
            html.raw(" <span class=\"role alert\">received ")
            html.text(signal.name)
            html.raw("</span>")
        }
        if let first = group.tids.first.flatMap(process.thread(tid:)),
           let frame = analysis.frames.innermostApplicationFrame(of: first) {
            html.raw(" ")
            html.element("code", FrameFormatter.shortPlace(frame, in: process))
        }
        if group.depth > openFrameLimit {
            var depth = group.depth.groupedDigits + " frames"
            if let fold = group.fold { depth += ", " + fold.recursion.label }
            html.raw(" ")
            html.element("span", depth, class: "depth")
        }
        html.raw(" ")
        let label = { (tid: Int32) in ThreadLabel.text(tid: tid, in: process) }
        // Each TID is the anchor its links land on (HTMLThreadLinks): the first ones in the
        // summary, the rest in the list inside.
        html.raw("<span class=\"tids\">TID ")
        writeAnchoredTIDs(group.tids.prefix(summaryTIDCount), label: label, separator: ", ", anchored: &anchored, to: &html)
        html.raw(group.tids.count > summaryTIDCount ? ", …</span></summary>\n<div class=\"group\">\n" : "</span></summary>\n<div class=\"group\">\n")
        if group.tids.count > summaryTIDCount {
            html.raw("<p class=\"tids\">TIDs: ")
            writeAnchoredTIDs(group.tids[...], label: label, separator: context.hasThreadNames ? ", " : " ", anchored: &anchored, to: &html)
            html.raw("</p>\n")
        }
        if states.count > 1 {
            html.raw("<ul class=\"states\">\n")
            for state in states {
                html.raw("<li>")
                html.text("\(state.count) ")
                html.stateText(state.text, naming: context.threadTIDs, in: context.process)
                html.raw("</li>\n")
            }
            html.raw("</ul>\n")
        }
        if analysis.cpu.hasAccounting {
            let cpu = group.tids.reduce(CPUTime.zero) { $0 + (analysis.cpu.entry(tid: $1)?.time ?? .zero) }
            html.element("p", "CPU: " + TextFormatting.cpu(cpu))
            html.raw("\n")
        }
        for (status, count) in unwindProblems(group.tids, process: process) {
            html.element("p", count == 1 ? status : "\(status) (\(count) threads)", class: "alert")
            html.raw("\n")
        }
        writeFrames(group, context: context, to: &html)
        html.raw("</div>\n</details>\n")
    }

    /// The TIDs with their names, each in `<span id="thread-TID">` unless it already has its
    /// anchor (in the summary, or in another group of a core that repeats a TID).
    private static func writeAnchoredTIDs(
        _ tids: ArraySlice<Int32>, label: (Int32) -> String, separator: StaticString, anchored: inout Set<Int32>, to html: inout HTMLWriter
    ) {
        for (position, tid) in tids.enumerated() {
            if position > 0 { html.raw(separator) }
            if anchored.insert(tid).inserted {
                html.raw("<span id=\"thread-")
                html.number(Int(tid))
                html.raw("\">")
                html.text(label(tid))
                html.raw("</span>")
            } else {
                html.text(label(tid))
            }
        }
    }

    /// Each distinct state of the group's threads and how many are in it, in thread order.
    private static func stateCounts(_ tids: [Int32], process: Process, analysis: ProcessAnalysis) -> [(text: String, count: Int)] {
        var counts: [(text: String, count: Int)] = []
        var position: [String: Int] = [:]
        for thread in tids.compactMap(process.thread(tid:)) {
            let text = ThreadStateText.text(of: thread, analysis: analysis, unknown: "unknown state")
            if let known = position[text] {
                counts[known].count += 1
            } else {
                position[text] = counts.count
                counts.append((text, 1))
            }
        }
        return counts
    }

    /// Why some of the group's stacks are incomplete, with how many threads each reason covers.
    private static func unwindProblems(_ tids: [Int32], process: Process) -> [(String, Int)] {
        var problems: [(String, Int)] = []
        for tid in tids {
            let text: String
            switch process.thread(tid: tid)?.unwindStatus {
            case .complete, nil: continue
            case .stopped(let reason): text = "stack incomplete: \(reason)"
            case .truncated(let limit): text = "stack cut at \(limit) frames"
            case .failed(let reason): text = "no stack: \(reason)"
            }
            if let index = problems.firstIndex(where: { $0.0 == text }) { problems[index].1 += 1 } else { problems.append((text, 1)) }
        }
        return problems
    }

    /// One row per frame, a recursion folded into one row. A 4,000-thread core can have tens
    /// of thousands of frame rows, so rows are lean: the cells' end tags are left out (HTML
    /// ends a cell at the next cell or row) and the columns are styled by position.
    private static func writeFrames(_ group: StackGroup, context: Context, to html: inout HTMLWriter) {
        guard !group.frames.isEmpty else {
            html.raw("<p>No frames.</p>\n")
            return
        }
        writeTable(group, StackLines(group), id: nil, context: context, to: &html)
    }

    /// The frames' table of `group` as a stack group shows it, with at most `lineLimit` rows
    /// (the fold's row counts as one): the crash section's stack of the faulting thread.
    ///
    /// - Parameter id: the table's `id`, for tests.
    /// - Returns: how many frames (omitted rounds included) were left out after the last row.
    static func writeFrameTable(
        _ group: StackGroup, lineLimit: Int, id: StaticString, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter
    ) -> Int {
        let lines = StackLines(group, limit: lineLimit)
        writeTable(group, lines, id: id, context: Context(process: process, analysis: analysis), to: &html)
        return lines.framesLeftOut
    }

    private static func writeTable(_ group: StackGroup, _ shown: StackLines, id: StaticString?, context: Context, to html: inout HTMLWriter) {
        if let id {
            html.raw("<table id=\"")
            html.raw(id)
            html.raw("\" class=\"frames\">\n")
        } else {
            html.raw("<table class=\"frames\">\n")
        }
        html.tableHead(["#", "PC", "function", "source", "module", "found by"])
        html.raw("<tbody>\n")
        for line in shown.lines {
            switch line {
            case .frame(let index):
                writeRow(group, index, context: context, to: &html)
            case .fold(let fold):
                html.raw("<tr class=\"fold\"><td colspan=\"6\">… ")
                html.text(fold.summary)
                html.raw("\n")
            }
        }
        html.raw("</tbody>\n</table>\n")
    }

    /// The row of the frame at `index`, numbered as in the whole stack.
    private static func writeRow(_ group: StackGroup, _ index: Int, context: Context, to html: inout HTMLWriter) {
        let frame = group.frames[index]
        html.raw(context.analysis.frames.isRuntime(frame) ? "<tr class=\"runtime\"><td>" : "<tr><td>")
        html.number(group.frameNumber(at: index))
        html.raw("<td>")
        html.hex(frame.pc, minimumWidth: context.addressWidth)
        html.raw("<td>")
        html.text(FrameName.of(frame, in: context.process))
        if frame.function != nil, let offset = frame.functionOffset {
            html.raw("+")
            html.hex(offset)
        }
        html.raw("<td>")
        if let source = frame.source {
            html.text(source.file)
            html.raw(":")
            html.number(source.line)
        }
        html.raw("<td>")
        html.text(frame.moduleIndex.map { context.moduleNames[$0] } ?? "")
        html.raw("<td>")
        html.raw(trustText(frame.trust))
        html.raw("\n")
    }

    private static func trustText(_ trust: FrameTrust) -> StaticString {
        switch trust {
        case .context: "context"
        case .cfi: "cfi"
        case .framePointer: "frame pointer"
        case .inlined: "[inlined]"
        case .runtime: "runtime"
        }
    }
}
