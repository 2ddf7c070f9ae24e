import DumpAnalysis
import DumpModel

/// The text of a node of the wait-for graph (``HTMLWaitGraph``): a tooltip with every fact, a
/// bold first line (the thread, or the lock's name) and a second (where the thread is, or the
/// lock's kind and queue depth), and the wrapping that keeps a lock's name whole.
///
/// SVG text does not wrap, so the drawing sizes each column for its longest label (both
/// lines are monospace, so a character count is a width) up to ``maximumTextWidth``, and a
/// name or a lock's detail longer than that is broken into lines, at `.`, `_`, `:`, `/`,
/// `[`, `(` or a space where it can. Only a name longer than ``maximumNameLines`` lines (a
/// hostile core's) is cut, ending in `…`; the tooltip has it whole.
package struct HTMLWaitGraphLabel {
    /// Pixels per character of the bold first line (12 px monospace) and of the second
    /// (11 px), rounded up.
    static let nameCharacterWidth = 7.4
    static let detailCharacterWidth = 6.7
    /// The widest text of a node, in pixels, before it wraps.
    static let maximumTextWidth = 300.0
    /// The narrowest text of a node, so that short labels make even boxes.
    static let minimumTextWidth = 130.0
    /// The most lines a name or a detail is broken into.
    static let maximumNameLines = 4

    var title: String
    var name: String
    var detail: String
    /// Threads are drawn with round corners, locks square.
    var isThread: Bool
    /// Whether a long detail wraps (a lock's kind and depth) or is shortened (a thread's
    /// function, whose full name is in the tooltip).
    var wrapsDetail: Bool

    /// The width the label's text wants, within the minimum and maximum.
    var textWidth: Double {
        let wanted = max(Double(name.count) * Self.nameCharacterWidth, Double(detail.count) * Self.detailCharacterWidth)
        return min(max(wanted, Self.minimumTextWidth), Self.maximumTextWidth)
    }

    /// The first line's text broken into lines of at most `width` pixels.
    func nameLines(width: Double) -> [String] {
        Self.wrap(name, perLine: Int(width / Self.nameCharacterWidth))
    }

    /// The second line's text: broken into lines of at most `width` pixels, or shortened to
    /// one line.
    func detailLines(width: Double) -> [String] {
        let perLine = Int(width / Self.detailCharacterWidth)
        return wrapsDetail ? Self.wrap(detail, perLine: perLine) : [HTMLWriter.abbreviated(detail, to: perLine)]
    }

    /// `text` in lines of at most `perLine` characters, each broken after the last break
    /// character in its second half, or at `perLine` when there is none; past
    /// ``maximumNameLines`` the last line ends in `…`.
    package static func wrap(_ text: String, perLine: Int) -> [String] {
        let perLine = max(perLine, 4)
        var lines: [String] = []
        var rest = Substring(text)
        while rest.count > perLine {
            if lines.count == maximumNameLines - 1 {
                lines.append(HTMLWriter.abbreviated(String(rest), to: perLine))
                return lines
            }
            let window = rest.prefix(perLine)
            let half = window.index(window.startIndex, offsetBy: perLine / 2)
            // After a separator, or before an opening bracket (`sessions` / `[1].lock`).
            let after = window[half...].lastIndex { ". _:/,".contains($0) }.map { window.index(after: $0) }
            let before = window[window.index(after: half)...].lastIndex { "[(".contains($0) }
            let cut = [after, before].compactMap { $0 }.max() ?? window.endIndex
            lines.append(String(rest[..<cut]).trimmingSpaces())
            rest = rest[cut...].drop { $0 == " " }
        }
        lines.append(String(rest))
        return lines
    }

    /// A thread's label: its TID and name, and its innermost application frame (or its
    /// state).
    static func thread(_ tid: Int32, process: Process, analysis: ProcessAnalysis) -> HTMLWaitGraphLabel {
        let name = "thread " + ThreadLabel.text(tid: tid, in: process)
        guard let thread = process.thread(tid: tid) else {
            let detail = "not in the process"
            return HTMLWaitGraphLabel(
                title: "\(name): \(detail) (it ended while holding the lock, or belongs to another process)",
                name: name, detail: detail, isThread: true, wrapsDetail: false)
        }
        let state = QuotedNames.plain(analysis.stateDescription(of: tid) ?? "unknown state")
        let place = analysis.frames.innermostApplicationFrame(of: thread).map { FrameName.of($0, in: process) }
        let title = "\(name)\(thread.isMainThread ? " (main thread)" : ""): \(state)" + (place.map { ", in \($0)" } ?? "")
        return HTMLWaitGraphLabel(title: title, name: name, detail: place ?? state, isThread: true, wrapsDetail: false)
    }

    /// A lock's label: its name whole, its kind and how many wait.
    static func lock(_ lock: Lock) -> HTMLWaitGraphLabel {
        var title = "\(lock.name): \(lock.kind.description) at \(TextFormatting.hex(lock.address)), queue depth \(lock.queueDepth)"
        if let owner = lock.ownerTID { title += ", held by thread \(owner)" }
        return HTMLWaitGraphLabel(
            title: title, name: lock.name, detail: "\(lock.kind.description), \(lock.queueDepth) waiting", isThread: false, wrapsDetail: true)
    }

    /// The box standing for the waiters of a lock that are not drawn.
    static func moreWaiters(_ count: Int, lock: Lock) -> HTMLWaitGraphLabel {
        HTMLWaitGraphLabel(
            title: "\(count) more threads wait on `\(lock.name)`: the table lists them", name: "+\(count) threads waiting",
            detail: "listed in the table", isThread: false, wrapsDetail: false)
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
