/// Makes text from a core safe to paste into Markdown (GitHub, GitLab, Jira's Markdown
/// mode): it can neither format nor link, nor leave the paragraph, list item or code block
/// it is written in.
///
/// Hidden characters (newlines, escape sequences, bidirectional controls) are first written
/// visibly as ``TextEscaping`` does, so text stays on its line; then every ASCII punctuation
/// character that Markdown gives a meaning to (`` ` `` `*` `_` `[` `]` `<` `>` `#` `|` `~` `&`
/// `!` and the backslash itself) gets a backslash, which CommonMark defines as showing that
/// character literally.
public enum MarkdownEscaping {
    /// `text` for Markdown prose and table cells: hidden characters visible, Markdown's
    /// punctuation backslash-escaped.
    public static func escaped(_ text: String) -> String {
        let visible = TextEscaping.escaped(text)
        guard visible.utf8.contains(where: isSpecial) else { return visible }
        // By scalar, not by character: a backtick followed by a combining mark is one
        // character that is not ASCII, yet Markdown still reads its backtick.
        var result = String.UnicodeScalarView()
        for scalar in visible.unicodeScalars {
            if scalar.isASCII, isSpecial(UInt8(truncatingIfNeeded: scalar.value)) { result.append("\\") }
            result.append(scalar)
        }
        return String(result)
    }

    /// `text` of an analysis (a finding's title, description or recommendation), which
    /// quotes names in backticks (`` `model_lock` ``): each quoted name becomes a code span,
    /// the rest is ``escaped(_:)``. A span holds no backtick (the text is split at them) and no
    /// hidden character (written visibly first), so whatever the name holds it cannot end its
    /// span early or leave the line; a name holding a backtick only shifts which parts are
    /// code. An unpaired last backtick is escaped.
    public static func quotingNamesAsCode(_ text: String) -> String {
        // Split by scalar: a backtick followed by a combining mark is not the character "`",
        // yet Markdown still reads its backtick.
        let parts = TextEscaping.escaped(text).unicodeScalars.split(separator: "`", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        var result = ""
        for (index, part) in parts.enumerated() {
            let isQuoted = index % 2 == 1 && index < parts.count - 1
            // CommonMark trims a space at both ends of a span: such a part stays prose.
            if isQuoted, !part.isEmpty, !part.hasPrefix(" "), !part.hasSuffix(" ") {
                result += "`" + part + "`"
            } else if index % 2 == 1 {
                result += "\\`" + escaped(part) + (isQuoted ? "\\`" : "")
            } else {
                result += escaped(part)
            }
        }
        return result
    }

    /// A fenced code block holding `lines` (already escaped with ``TextEscaping``, so none
    /// holds a newline): the fence is a run of backticks longer than any run inside the lines
    /// (at least three), so no line can close the block early.
    ///
    /// - Returns: the block's lines, the opening and closing fences included.
    public static func codeBlock(_ lines: [String]) -> [String] {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: lines) + 1))
        return [fence] + lines + [fence]
    }

    /// The length of the longest run of consecutive backticks in any of `lines`.
    static func longestBacktickRun(in lines: [String]) -> Int {
        var longest = 0
        for line in lines {
            var run = 0
            for byte in line.utf8 {
                run = byte == UInt8(ascii: "`") ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// Whether Markdown may read `byte` as syntax.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "|"),
             UInt8(ascii: "~"), UInt8(ascii: "&"), UInt8(ascii: "!"):
            true
        default:
            false
        }
    }
}
