import DumpAnalysis
import DumpModel

/// Small formatting helpers shared by the text renderers.
package enum TextFormatting {
    /// `0x` and 16 hex digits (8 for 32-bit processes), like eu-stack.
    static func address(_ value: UInt64, width: Int = 16) -> String {
        var text = TextBuffer()
        text.appendHex(value, minimumWidth: width)
        return text.string
    }

    /// `0x` and as many hex digits as needed.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Seconds with two decimals, milliseconds below 10 ms: `2.13 s`, `4 ms`, `0.4 ms`.
    static func seconds(_ value: Double) -> String { CPUTime.formatSeconds(value) }

    /// A CPU time as ``seconds(_:)``, or `—` when the core records no CPU times (a gcore
    /// core's zeros are unknown, not zero).
    static func cpuSeconds(_ time: CPUTime, known: Bool) -> String { known ? seconds(time.totalSeconds) : "—" }

    /// A thread's share of the process's CPU in whole percent (`37%`), or `—` when the
    /// process total is below ``CPUUsage/negligibleTotalMicroseconds``: a share of a tick or
    /// two ranks nothing. A share from a corrupt core's times is held at a million percent.
    static func cpuShare(_ entry: CPUUsage.Entry, of cpu: CPUUsage) -> String {
        guard !cpu.isNegligible else { return "—" }
        guard entry.share.isFinite else { return "?" }
        return "\(Int((min(entry.share, 10_000) * 100).rounded()))%"
    }

    /// The sentence after the process total when shares are not shown (``cpuShare(_:of:)``).
    static let negligibleCPUNote = "Less than a clock tick (10 ms) in all: too little to rank threads by, so no shares are shown."

    /// `user 1.20 s, system 0.03 s`.
    static func cpu(_ time: CPUTime) -> String {
        "user \(seconds(time.userSeconds)), system \(seconds(time.systemSeconds))"
    }

    /// The address width for a process's pointers.
    static func addressWidth(_ process: Process) -> Int { process.architecture.pointerSize * 2 }

    /// `48.0 MiB`.
    static func size(_ bytes: UInt64) -> String { ByteSize.format(bytes) }

    /// Left-aligned columns: every value but the last padded to its width plus one space.
    static func columns(_ values: [String], widths: [Int]) -> String {
        var text = ""
        for (index, value) in values.enumerated() {
            if index < widths.count {
                text += value + String(repeating: " ", count: max(1, widths[index] - value.count + 1))
            } else {
                text += value
            }
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// `text` broken into lines of at most `width` characters at spaces, each with `indent`
    /// (the lines after the first with `continuation` when given: a hanging indent).
    /// A unit stays with its number: `2.51 s` and `80 %` are never split. A word longer than
    /// the line (a path, a mangled symbol) is never cut: it stands alone on a longer line.
    package static func wrap(_ text: String, indent: String, continuation: String? = nil, width: Int = 100) -> [String] {
        let continuation = continuation ?? indent
        let width = max(width, max(indent.count, continuation.count) + 20)
        let lines = greedyLines(text, firstWidth: width - indent.count, width: width - continuation.count)
        return lines.enumerated().map { ($0.offset == 0 ? indent : continuation) + $0.element }
    }

    /// `text` broken at spaces into lines of at most `width` characters, without indent and
    /// without a minimum width (a table's cell); a word longer than `width` is a line of its
    /// own, whole. Empty text is one empty line.
    static func cellLines(_ text: String, width: Int) -> [String] {
        guard text.count > width else { return [text] }
        let lines = greedyLines(text, firstWidth: width, width: width)
        return lines.isEmpty ? [""] : lines
    }

    /// The words of `text` filled into lines, the first at most `firstWidth` characters and
    /// the others `width`, a word longer than its line alone on it; no line for no words.
    private static func greedyLines(_ text: String, firstWidth: Int, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in words(of: text) {
            if !line.isEmpty && line.count + 1 + word.count > (lines.isEmpty ? firstWidth : width) {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// The words of `text` split at spaces, a unit joined to the number before it.
    static func words(of text: String) -> [Substring] {
        var words: [Substring] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if let last = words.last, isUnit(word) {
                words[words.count - 1] = Substring(last + " " + word)
            } else {
                words.append(word)
            }
        }
        return words
    }

    private static func isUnit(_ word: Substring) -> Bool {
        let stem = word.prefix { !")].,;:".contains($0) }
        return ["s", "%", "KiB", "MiB", "GiB", "bytes"].contains(String(stem))
    }
}
