import DumpModel

/// Links from a TID to that thread's stack in the HTML report. Every thread of the process
/// has an anchor `id="thread-TID"` in the stacks section (``HTMLStackGroups``), on its group of
/// identical stacks; findings, the lock table, the wait-for graph, the CPU chart and table and
/// the thread table link there with `href="#thread-TID"`.
///
/// A TID that is not a thread of the process (a lock owner that ended, a hostile lock word),
/// or whose stack a `--tid` selection left off the page (``HTMLWriter/shownThreads``), has
/// no anchor, so it is written as plain text: every link on the page has a target.
package enum HTMLThreadLinks {
    /// The words after which a number names a thread: `thread 12`, `threads 12, 13 and 14`,
    /// `TID 12`. Compared lowercased.
    private static let threadWords: Set<Substring> = ["thread", "threads", "tid", "tids"]
    /// Words that continue a list of TIDs after ``threadWords``.
    private static let listWords: Set<Substring> = ["and", "or"]

    /// The pieces of `text` in order, each plain text or a TID to link: a run of decimal
    /// digits is a TID when it is a whole word (no letter, digit, `_`, `+`, `-` or `%` touches
    /// it, nor a `.` before it or between digits, so `0x4bc420`, `1.06`, `80%` stay text and
    /// "held by thread 12." is linked), its value is in `tids`, and it
    /// follows "thread", "threads", "TID" or a list of TIDs after them ("threads 11150, 11151
    /// and 11152"). A count that happens to equal a TID ("8 threads wait") is not linked.
    package static func pieces(of text: String, linking tids: Set<Int32>) -> [(text: Substring, tid: Int32?)] {
        guard !tids.isEmpty else { return [(text[...], nil)] }
        var pieces: [(text: Substring, tid: Int32?)] = []
        var plainStart = text.startIndex
        var afterThreadWord = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter {
                var end = index
                while end < text.endIndex, text[end].isLetter { end = text.index(after: end) }
                let word = text[index..<end].lowercased()
                afterThreadWord = threadWords.contains(word[...]) || (afterThreadWord && listWords.contains(word[...]))
                index = end
                continue
            }
            guard character.isASCII, character.isNumber else {
                if !(character == " " || character == ",") { afterThreadWord = false }
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            let digits = text[index..<end]
            let touchesBefore = index > text.startIndex && isWordCharacter(text[text.index(before: index)])
            // A full stop after a number ends the sentence unless a digit follows (`1.06`).
            let next = end < text.endIndex ? text[end] : nil
            let afterNext = next == nil ? nil : text[text.index(after: end)...].first
            let touchesAfter = next.map { $0 == "%" || ($0 == "." ? afterNext?.isNumber == true : isWordCharacter($0)) } ?? false
            if afterThreadWord, !touchesBefore, !touchesAfter, digits.count <= 10, let tid = Int32(digits), tids.contains(tid) {
                if plainStart < index { pieces.append((text[plainStart..<index], nil)) }
                pieces.append((digits, tid))
                plainStart = end
            } else if touchesBefore || touchesAfter {
                afterThreadWord = false
            }
            index = end
        }
        if plainStart < text.endIndex { pieces.append((text[plainStart...], nil)) }
        return pieces
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "." || character == "_" || character == "+" || character == "-"
    }
}

extension HTMLWriter {
    /// Whether the page has an anchor for `tid`: it is a thread of `process` and its stack is
    /// shown (every thread's, unless ``shownThreads`` names some).
    func hasThreadAnchor(_ tid: Int32, in process: Process) -> Bool {
        process.thread(tid: tid) != nil && (shownThreads?.contains(tid) ?? true)
    }

    /// `<a class="tid" href="#thread-TID">label</a>`, the label escaped; plain escaped text
    /// when the page has no anchor for `tid` (``hasThreadAnchor(_:in:)``).
    ///
    /// - Parameters:
    ///   - tid: the thread linked to.
    ///   - label: what the link says; the TID when nil.
    ///   - process: the process, whose threads have anchors.
    mutating func threadLink(_ tid: Int32, label: String? = nil, in process: Process) {
        guard hasThreadAnchor(tid, in: process) else {
            if let label { text(label) } else { number(Int(tid)) }
            return
        }
        raw("<a class=\"tid\" href=\"#thread-")
        number(Int(tid))
        raw("\">")
        if let label { text(label) } else { number(Int(tid)) }
        raw("</a>")
    }

    /// `text` escaped, with the TIDs of `tids` that name threads of `process` linked to
    /// their stacks (see ``HTMLThreadLinks/pieces(of:linking:)`` for which numbers are TIDs).
    mutating func textLinkingThreads(_ value: String, tids: [Int32], in process: Process) {
        textLinking(value, linkable: Set(tids.filter { hasThreadAnchor($0, in: process) }), in: process)
    }

    /// A thread's state (``ThreadStateText``) as the stack groups and the thread table write
    /// it: the names it quotes in backticks as `<code>`, each thread of `threads` it names
    /// linked to that thread's stack. `threads` is every TID of the process, made once per
    /// page rather than per state.
    mutating func stateText(_ value: String, naming threads: Set<Int32>, in process: Process) {
        textQuotingNames(value) { html, prose in html.textLinking(prose, linkable: threads, in: process) }
    }

    private mutating func textLinking(_ value: String, linkable: Set<Int32>, in process: Process) {
        for piece in HTMLThreadLinks.pieces(of: value, linking: linkable) {
            if let tid = piece.tid { threadLink(tid, in: process) } else { text(String(piece.text)) }
        }
    }

    /// A finding's prose as ``textQuotingNames(_:)`` writes it (names quoted in backticks as
    /// `<code>`), with the TIDs of `tids` in the prose between them linked as
    /// ``textLinkingThreads(_:tids:in:)`` links them.
    mutating func textQuotingNamesLinkingThreads(_ value: String, tids: [Int32], in process: Process) {
        textQuotingNames(value) { html, prose in html.textLinkingThreads(prose, tids: tids, in: process) }
    }
}
