import DumpAnalysis
import DumpModel

/// The locks section of the HTML report: every lock with waiters (owner, the owner's state and
/// frame, queue depth, waiters), the deadlock cycles and wait chains in words, and the
/// wait-for graph drawn (``HTMLWaitGraph``). The table is complete; the drawing may be cut.
enum HTMLLocksSection {
    /// How many waiter TIDs a cell shows before the rest fold into a `<details>`.
    static let listedWaiterCount = 20

    /// Writes the section: the table, the cycles and chains, the graph.
    static func write(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        let locks = analysis.locks
        html.raw("<section id=\"locks\">\n<h2>Locks and waits (")
        html.number(locks.locks.count)
        html.raw(")</h2>\n")
        guard !locks.locks.isEmpty else {
            html.raw("<p>No thread waits on a lock.</p>\n</section>\n")
            return
        }
        let cycleLocks = Set(locks.deadlocks.flatMap(\.lockIndices))
        html.raw("<div class=\"scroll\">\n<table class=\"locks\">\n")
        html.tableHead(["lock", "kind", "address", "owner", "owner's state", "owner's frame", "queue depth", "waiters"])
        html.raw("<tbody>\n")
        for (index, lock) in locks.locks.enumerated() {
            // The wait-for graph's lock nodes link to their rows.
            html.raw(cycleLocks.contains(index) ? "<tr class=\"cycle\"" : "<tr")
            html.attribute("id", "lock-\(index)")
            html.raw(">")
            html.element("td", lock.name, class: "mono")
            html.element("td", lock.kind.description)
            html.element("td", TextFormatting.hex(lock.address), class: "mono")
            writeOwner(lock, process: process, analysis: analysis, to: &html)
            html.numberCell(lock.queueDepth)
            html.raw("<td class=\"tids\">")
            writeWaiters(lock, process: process, to: &html)
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</div>\n")
        writeCyclesAndChains(locks, process: process, to: &html)
        HTMLWaitGraph.write(process, analysis: analysis, to: &html)
        html.raw("</section>\n")
    }

    /// The owner, its state and its innermost application frame: three cells.
    private static func writeOwner(_ lock: Lock, process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        guard let owner = lock.ownerTID else {
            let text = if let readers = lock.readerCount, readers > 0 {
                "\(readers) readers (not recorded by TID)"
            } else if lock.kind.hasOwner {
                "not recorded"
            } else {
                "none (a \(lock.kind.description) has no owner)"
            }
            html.element("td", text)
            html.raw("<td></td><td></td>")
            return
        }
        html.raw("<td>thread ")
        html.threadLink(owner, label: ThreadLabel.text(tid: owner, in: process), in: process)
        if let count = lock.recursionCount { html.text(", locked \(count) times") }
        html.raw("</td>")
        guard lock.ownerIsInProcess, let thread = process.thread(tid: owner) else {
            html.element("td", isProcessShared(lock)
                ? "not in this process: the mutex is process-shared, another process may hold it"
                : "not in the process: it ended while holding the lock", class: "alert")
            html.raw("<td></td>")
            return
        }
        var state = analysis.stateDescription(of: owner) ?? "unknown"
        if let entry = analysis.cpu.entry(tid: owner) { state += ", CPU \(TextFormatting.seconds(entry.time.totalSeconds))" }
        html.raw("<td>")
        html.textQuotingNames(state)
        html.raw("</td>")
        html.element("td", analysis.frames.innermostApplicationFrame(of: thread).map { FrameFormatter.shortPlace($0, in: process) } ?? "", class: "mono")
    }

    private static func isProcessShared(_ lock: Lock) -> Bool {
        if case .mutex(let type) = lock.kind { return type.isProcessShared }
        return false
    }

    /// The waiters' TIDs, by mode for a reader/writer lock; past ``listedWaiterCount`` the rest
    /// in a `<details>`; each TID links to its stack.
    private static func writeWaiters(_ lock: Lock, process: Process, to html: inout HTMLWriter) {
        let byMode = Dictionary(grouping: lock.waiters, by: \.mode)
        var first = true
        for mode in [Lock.Waiter.Mode.exclusive, .shared] {
            guard let waiters = byMode[mode], !waiters.isEmpty else { continue }
            if !first { html.raw("<br>") }
            first = false
            if lock.kind == .readerWriter { html.raw(mode == .shared ? "to read: " : "to write: ") }
            writeTIDs(waiters.prefix(listedWaiterCount), process: process, to: &html)
            if waiters.count > listedWaiterCount {
                html.raw(" <details><summary>and ")
                html.number(waiters.count - listedWaiterCount)
                html.raw(" more</summary>")
                writeTIDs(waiters.dropFirst(listedWaiterCount), process: process, to: &html)
                html.raw("</details>")
            }
        }
    }

    private static func writeTIDs(_ waiters: ArraySlice<Lock.Waiter>, process: Process, to html: inout HTMLWriter) {
        for (position, waiter) in waiters.enumerated() {
            if position > 0 { html.raw(" ") }
            html.threadLink(waiter.tid, in: process)
        }
    }

    /// A piece of a line about cycles and chains: text, or a TID linked to its stack.
    private enum Piece {
        case text(String)
        case tid(Int32)
    }

    /// Each deadlock cycle and each lock whose owner waits on another lock, in words, each TID
    /// linked to its stack and each lock's name as code.
    private static func writeCyclesAndChains(_ locks: LockAnalysis, process: Process, to html: inout HTMLWriter) {
        var lines: [(pieces: [Piece], isCycle: Bool)] = []
        for deadlock in locks.deadlocks {
            var pieces: [Piece] = [.text("Deadlock: ")]
            for position in deadlock.tids.indices {
                let holder = deadlock.tids[(position + 1) % deadlock.tids.count]
                if position > 0 { pieces.append(.text("; ")) }
                pieces += [.tid(deadlock.tids[position]), .text(" waits for `\(locks.locks[deadlock.lockIndices[position]].name)`, held by "), .tid(holder)]
            }
            lines.append((pieces, true))
        }
        for lock in locks.locks {
            guard let owner = lock.ownerTID, let waited = locks.waitingOn[owner], !locks.isDeadlocked(owner) else { continue }
            let next = locks.locks[waited]
            lines.append(([
                .text("Wait chain: `\(lock.name)` (\(lock.queueDepth) waiting) is held by "), .tid(owner),
                .text(", which waits on `\(next.name)` held by "), next.ownerTID.map(Piece.tid) ?? .text("?"),
                .text("; root "), .tid(locks.root(of: owner)),
            ], false))
        }
        guard !lines.isEmpty else { return }
        html.raw("<ul class=\"chains\">\n")
        for line in lines {
            html.raw(line.isCycle ? "<li class=\"cycle\">" : "<li>")
            for piece in line.pieces {
                switch piece {
                case .text(let text): html.textQuotingNames(text)
                case .tid(let tid): html.threadLink(tid, in: process)
                }
            }
            html.raw("</li>\n")
        }
        html.raw("</ul>\n")
    }
}
