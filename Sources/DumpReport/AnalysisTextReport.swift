import DumpAnalysis
import DumpModel

/// The default report as text, in DebugDiag's order: the findings first, then the evidence
/// (runaway CPU, locks with owners and queue depth, thread states, pools, application
/// counters, hot methods), the grouped stacks, and the dump's details (process, modules,
/// diagnostics).
public enum AnalysisTextReport {
    /// The most hot methods listed.
    static let hotMethodLimit = 15

    public static func render(
        _ process: Process, analysis: ProcessAnalysis, options: TextReportOptions = TextReportOptions()
    ) -> String {
        let style = TextStyle(options: options)
        let shown = ThreadListing.select(options, process: process, analysis: analysis)
        var lines = TextFormatting.wrap(TextEscaping.escaped(headline(process)), indent: "", continuation: "  ", width: style.width).map(style.heading) + [""]
        lines += findingsSection(analysis.findings, style: style)
        if let signature = analysis.signature {
            lines += TextFormatting.wrap(TextEscaping.escaped(signatureLine(signature)), indent: "", continuation: "  ", width: style.width) + [""]
        }
        // The evidence quotes the core (symbols, paths, lock names): each line is escaped
        // whole, so no field can break it or reach the terminal as a control character.
        let width = style.width
        var evidence = crashSection(process, crash: analysis.crash, width: width)
        evidence += cpuSection(process, analysis: analysis, width: width)
        evidence += locksSection(process, analysis: analysis, width: width)
        evidence += statesSection(process, analysis: analysis, shown: shown, everyThread: options.tids.isEmpty ? "--threads all" : "without --tid", width: width)
        evidence += GoroutineTextSection.lines(process, analysis: analysis.goroutines, cpu: analysis.cpu)
        evidence += poolsSection(analysis, width: width)
        evidence += countersSection(analysis.counters, width: width)
        evidence += memorySection(analysis.memory, width: width)
        evidence += hotMethodsSection(analysis.hotMethods, cpuKnown: analysis.cpu.hasAccounting, width: width)
        let allGroups = analysis.stackGroups
        let groups = shownGroups(allGroups, shown: shown, options: options, threadCount: process.threads.count)
        var heading = "Stacks (\(process.threads.count) threads, \(allGroups.count) distinct)"
        if !options.tids.isEmpty {
            heading += ": the \(shown.count) \(shown.count == 1 ? "thread" : "threads") of --tid"
        } else if groups.count < allGroups.count {
            heading += ": \(groups.count) with the threads listed above (--threads all for every one)"
        }
        evidence.append(heading)
        lines += evidence.map(TextEscaping.escaped)
        lines = lines.map(style.headingIfSection)
        var text = TextBuffer(capacity: process.threads.count * 200 + groups.reduce(8192) { $0 + min($1.frames.count, 200) * 110 })
        text.append(lines.joined(separator: "\n"))
        text.append("\n")
        text.append(StacksTextReport.render(process, groups: groups))
        text.append(DumpInformationTextReport.render(process))
        return text.string
    }

    /// The groups holding a listed thread. With `--tid` a group keeps only those threads, so
    /// its heading counts and names exactly the threads asked for.
    private static func shownGroups(_ groups: [StackGroup], shown: Set<Int32>, options: TextReportOptions, threadCount: Int) -> [StackGroup] {
        if options.tids.isEmpty {
            return shown.count == threadCount ? groups : groups.filter { $0.tids.contains(where: shown.contains) }
        }
        return StackGroup.keeping(shown, of: groups)
    }

    /// `analyze-dump: process 4242 (warmup-lock), x86_64, 10 threads, SIGQUIT`, shared with the
    /// Markdown report.
    static func headline(_ process: Process) -> String {
        var text = "analyze-dump: process \(process.pid)"
        if let command = process.status?.command { text += " (\(command))" }
        text += ", \(process.architecture), \(process.threads.count) threads"
        if let signal = process.signal { text += ", \(signal.name)" }
        return text
    }

    // MARK: Findings

    /// The numbered findings with their description and recommendation, shared with the
    /// comparison report. The lines are escaped (``TextEscaping``) and their severity tags
    /// in colour already: escaping them again would show the colour's escape sequences.
    static func findingsSection(_ findings: [Finding], style: TextStyle) -> [String] {
        var lines = ["Findings (\(findings.count))"]
        if findings.isEmpty { lines.append("  No problem found.") }
        for (number, finding) in findings.enumerated() {
            // Wrapped with the tag uncoloured, so that its escape sequences count for nothing.
            let number = "  \(number + 1). ", tag = "[\(finding.severity)]"
            var title = TextFormatting.wrap(tag + " " + TextEscaping.escaped(finding.title), indent: number, continuation: "     ", width: style.width)
            title[0] = number + style.severityTag(finding.severity) + title[0].dropFirst(number.count + tag.count)
            lines += title
            lines += TextFormatting.wrap(TextEscaping.escaped(finding.description), indent: "     ", width: style.width)
            lines += TextFormatting.wrap("Recommendation: " + TextEscaping.escaped(finding.recommendation), indent: "     ", width: style.width)
        }
        lines.append("")
        return lines
    }

    /// `Signature: hang 0123456789abcdef (lock held while running warm_up_model_cache; waiters in lookup_model)`.
    static func signatureLine(_ signature: ProblemSignature) -> String {
        "Signature: \(signature.kind.rawValue) \(signature.value) (\(signature.title))"
    }

    // MARK: Crash

    private static func crashSection(_ process: Process, crash: CrashReport?, width: Int) -> [String] {
        guard let crash else { return [] }
        var lines = ["Crash"]
        lines.append("  signal: \(crash.signalName) (\(crash.signalNumber))" + (crash.signalCodeDescription.map { ", \($0)" } ?? crash.signalCode.map { ", si_code \($0)" } ?? ""))
        if let address = crash.faultAddress { lines.append("  fault address: \(TextFormatting.hex(address))") }
        if let tid = crash.crashingTID { lines.append("  thread: " + ThreadLabel.text(tid: tid, in: process)) }
        if let pc = crash.instructionPointer { lines.append("  instruction pointer: \(TextFormatting.hex(pc))") }
        if let frame = crash.innermostFrame { lines.append("  innermost frame: " + FrameFormatter.shortPlace(frame, in: process)) }
        if let frame = crash.applicationFrame { lines.append("  application frame: " + FrameFormatter.shortPlace(frame, in: process)) }
        if let handler = crash.handler { lines += TextFormatting.wrap("re-raised by: " + CrashHandlerText.describe(handler), indent: "  ", width: width) }
        lines += TextFormatting.wrap("summary: " + crash.summary, indent: "  ", width: width)
        if let instruction = crash.instruction { lines.append("  instruction: " + CrashDetails.line(instruction)) }
        if let source = crash.source {
            lines.append("  source: " + CrashDetails.sourceHeading(source))
            lines += CrashDetails.sourceLines(source).map { "    " + $0 }
        }
        lines += crashStack(crash, process: process)
        lines.append("")
        return lines
    }

    /// The faulting thread's innermost frames, its recursion folded, then where the rest are.
    private static func crashStack(_ crash: CrashReport, process: Process) -> [String] {
        guard !crash.frames.isEmpty else { return [] }
        var lines = ["  stack (\(CrashDetails.depth(crash))):"]
        var text = TextBuffer(capacity: 2_048)
        let more = FrameFormatter(process: process).append(crash.stack, to: &text, lineLimit: CrashDetails.frameLimit)
        lines += text.string.split(separator: "\n").map { "  " + $0 }
        if let more = CrashDetails.moreFrames(more, of: crash, section: "Stacks") { lines.append("    " + more) }
        return lines
    }

    // MARK: CPU

    private static func cpuSection(_ process: Process, analysis: ProcessAnalysis, width: Int) -> [String] {
        var lines = ["CPU time by thread (runaway)"]
        let cpu = analysis.cpu
        if let unknown = cpu.noAccountingExplanation {
            lines += TextFormatting.wrap(unknown, indent: "  ", width: width)
            lines.append("")
            return lines
        }
        lines += TextFormatting.wrap("process total \(TextFormatting.seconds(cpu.processTotal.totalSeconds)) (\(TextFormatting.cpu(cpu.processTotal)); all threads, including ended ones)", indent: "  ", continuation: "    ", width: width)
        if cpu.isNegligible { lines += TextFormatting.wrap(TextFormatting.negligibleCPUNote, indent: "  ", width: width) }
        let frames = analysis.frames
        // A name column only for cores that record names, so other reports keep their layout.
        let names = NameColumn(process)
        var table = TextTable(widths: names.insert(into: [8, 9, 9, 9, 6]))
        table.append(names.insert("name", into: ["TID", "user", "system", "total", "share", "where"]))
        let shown = cpu.entries.filter { !$0.time.isZero }
        for entry in shown {
            let thread = process.thread(tid: entry.tid)
            var where_ = thread.flatMap(frames.innermostApplicationFrame).map { FrameFormatter.shortPlace($0, in: process) } ?? ""
            if entry.isDerived { where_ += entry.wasClamped ? " (main thread: total minus others, clamped at 0)" : " (main thread: total minus others)" }
            table.append(names.insert(ThreadLabel.nameColumn(thread), into: [
                "\(entry.tid)", TextFormatting.seconds(entry.time.userSeconds), TextFormatting.seconds(entry.time.systemSeconds),
                TextFormatting.seconds(entry.time.totalSeconds), TextFormatting.cpuShare(entry, of: cpu), where_,
            ]))
        }
        lines += table.lines(width: width)
        let idle = cpu.entries.count - shown.count
        if idle > 0 { lines.append("  \(idle) more threads used no CPU time") }
        lines.append("")
        return lines
    }

    // MARK: Locks

    private static func locksSection(_ process: Process, analysis: ProcessAnalysis, width: Int) -> [String] {
        let locks = analysis.locks
        var lines = ["Locks and waits (\(locks.locks.count))"]
        if locks.locks.isEmpty { lines.append("  No thread waits on a lock.") }
        let frames = analysis.frames
        for lock in locks.locks {
            lines += TextFormatting.wrap("`\(lock.name)` \(lock.kind.description) at \(TextFormatting.hex(lock.address)): queue depth \(lock.queueDepth)", indent: "  ", continuation: "      ", width: width)
            if let owner = lock.ownerTID {
                var text = "owner: thread " + ThreadLabel.text(tid: owner, in: process)
                if !lock.ownerIsInProcess {
                    text += " (not in the process: it ended while holding the lock)"
                } else if let thread = process.thread(tid: owner) {
                    let state = analysis.stateDescription(of: owner) ?? "unknown"
                    let place = frames.innermostApplicationFrame(of: thread).map { FrameFormatter.shortPlace($0, in: process) } ?? "?"
                    text += ", \(state), in \(place)"
                    if let entry = analysis.cpu.entry(tid: owner) { text += ", CPU \(TextFormatting.seconds(entry.time.totalSeconds))" }
                }
                if let count = lock.recursionCount { text += ", locked \(count) times" }
                lines += TextFormatting.wrap(text, indent: "    ", continuation: "      ", width: width)
            } else if let readers = lock.readerCount, readers > 0 {
                lines.append("    held by \(readers) readers (not recorded by TID)")
            } else if lock.kind.hasOwner {
                lines.append("    owner: not recorded")
            }
            let byMode = Dictionary(grouping: lock.waiters, by: \.mode)
            for mode in [Lock.Waiter.Mode.exclusive, .shared] {
                guard let waiters = byMode[mode], !waiters.isEmpty else { continue }
                let label = lock.kind == .readerWriter ? (mode == .shared ? "waiting to read" : "waiting to write") : "waiting"
                lines += TextFormatting.wrap("\(label) (\(waiters.count)): " + waiters.map { "\($0.tid)" }.joined(separator: " "), indent: "    ", continuation: "      ", width: width)
            }
        }
        for deadlock in locks.deadlocks {
            let cycle = zip(deadlock.tids, deadlock.lockIndices).map { "\($0) -[\(locks.locks[$1].name)]->" }.joined(separator: " ")
            lines += TextFormatting.wrap("deadlock cycle: \(cycle) \(deadlock.tids.first.map(String.init) ?? "")", indent: "  ", continuation: "    ", width: width)
        }
        // A lock whose owner waits on another lock links two queues: one line per link.
        for lock in locks.locks {
            guard let owner = lock.ownerTID, let waited = locks.waitingOn[owner],
                  !locks.isDeadlocked(owner) else { continue }
            let next = locks.locks[waited]
            lines += TextFormatting.wrap("wait chain: `\(lock.name)` (\(lock.queueDepth) waiting) is held by \(owner), which waits on `\(next.name)` held by \(next.ownerTID.map(String.init) ?? "?"); root \(locks.root(of: owner))", indent: "  ", continuation: "    ", width: width)
        }
        lines.append("")
        return lines
    }

    // MARK: Thread states

    /// - Parameter everyThread: how to list every thread (`--threads all`), said when some are not.
    private static func statesSection(_ process: Process, analysis: ProcessAnalysis, shown: Set<Int32>, everyThread: String, width: Int) -> [String] {
        let counts = analysis.stateCounts.map { "\($0.count) \($0.category.rawValue)" }.joined(separator: ", ")
        var lines = TextFormatting.wrap("Thread states: \(process.threads.count) threads: \(counts)", indent: "", continuation: "  ", width: width)
        let frames = analysis.frames
        let names = NameColumn(process)
        var table = TextTable(widths: names.insert(into: [8, 44]))
        for thread in process.threads where shown.contains(thread.tid) {
            let text = ThreadStateText.text(of: thread, analysis: analysis, unknown: "unknown")
            let place = frames.innermostApplicationFrame(of: thread).map { FrameFormatter.shortPlace($0, in: process) } ?? ""
            table.append(names.insert(ThreadLabel.nameColumn(thread), into: ["\(thread.tid)\(thread.isMainThread ? "*" : "")", text, place]))
        }
        lines += table.lines(width: width)
        if shown.count < process.threads.count {
            lines.append("  \(process.threads.count - shown.count) more threads not listed (\(everyThread))")
        }
        lines.append("")
        return lines
    }

    // MARK: Pools and counters

    private static func poolsSection(_ analysis: ProcessAnalysis, width: Int) -> [String] {
        guard !analysis.pools.isEmpty else { return [] }
        var lines = ["Thread pools (threads sharing a start function)"]
        for pool in analysis.pools {
            var text = "\(pool.entryFunction): \(pool.tids.count) threads, \(pool.busy.count) busy, \(pool.blocked.count) blocked"
            if let main = pool.mainBlocker { text += " (\(main.count) on `\(analysis.locks.locks[main.lockIndex].name)`)" }
            text += ", \(pool.idle.count) idle"
            if pool.isSaturated { text += " -- saturated" }
            lines += TextFormatting.wrap(text, indent: "  ", continuation: "    ", width: width)
        }
        lines.append("")
        return lines
    }

    private static func countersSection(_ counters: [QueueCounter], width: Int) -> [String] {
        guard !counters.isEmpty else { return [] }
        var lines = ["Application counters (--queue)"]
        for counter in counters {
            lines += TextFormatting.wrap("\(counter.expression) = \(counter.value) (\(counter.typeName) at \(TextFormatting.hex(counter.address)))", indent: "  ", continuation: "    ", width: width)
        }
        lines.append("")
        return lines
    }

    // MARK: Memory

    private static func memorySection(_ memory: MemorySummary, width: Int) -> [String] {
        var lines = ["Memory (address space in the core's segments)"]
        let size = TextFormatting.size
        lines.append("  mapped \(size(memory.mappedSize)), of which the core holds \(size(memory.dumpedSize))")
        if let file = memory.fileBackedSize, let anonymous = memory.anonymousSize {
            var text = "  file-backed \(size(file)), anonymous \(size(anonymous))"
            if let reserved = memory.reservedSize, reserved > 0 { text += " (\(size(reserved)) reserved, not writable)" }
            lines.append(text)
        } else {
            lines.append("  file-backed and anonymous: unknown (the core has no NT_FILE note)")
        }
        let stacks = memory.stacks.filter { $0.region != nil }
        lines.append("  thread stacks \(size(memory.totalStackSize)) (\(stacks.count) threads)" + (memory.stacks.contains(where: \.isStackPointerInGuardPage) ? "; a stack pointer is in its guard page" : ""))
        if let heap = memory.heapSize { lines.append("  heap \(size(heap)) (writable anonymous memory outside stacks)") }
        switch memory.arenas {
        case .known(let count, let systemMemory):
            lines.append("  malloc arenas: \(count), \(size(systemMemory)) from the system")
        case .unknown(let reason):
            lines.append("  malloc arenas: unknown: \(reason)")
        }
        if let chunks = memory.mallocMappedChunkSize { lines.append("  malloc chunks mapped on their own: \(size(chunks))") }
        if let own = memory.ownMappingsSize { lines.append("  heap not from malloc: \(size(own)) (the program's own anonymous mappings and static data)") }
        lines = [lines[0]] + lines.dropFirst().flatMap { TextFormatting.wrap(String($0.dropFirst(2)), indent: "  ", continuation: "    ", width: width) }
        lines.append("")
        return lines
    }

    // MARK: Hot methods

    private static func hotMethodsSection(_ hot: HotMethods, cpuKnown: Bool, width: Int) -> [String] {
        let application = hot.entries.filter { !$0.isRuntime }.prefix(hotMethodLimit)
        guard !application.isEmpty else { return [] }
        var lines = ["Hot methods (application functions over all threads)"]
        var table = TextTable(widths: [7, 9, 11, 13])
        table.append(["inside", "on stack", "CPU inside", "CPU on stack", "function"])
        for entry in application {
            var function = entry.function
            if let source = entry.source { function += " (\(source.shortDescription))" }
            table.append([
                "\(entry.exclusiveThreads)", "\(entry.inclusiveThreads)",
                TextFormatting.cpuSeconds(entry.exclusiveCPU, known: cpuKnown), TextFormatting.cpuSeconds(entry.inclusiveCPU, known: cpuKnown), function,
            ])
        }
        lines += table.lines(width: width)
        lines.append("")
        return lines
    }
}
