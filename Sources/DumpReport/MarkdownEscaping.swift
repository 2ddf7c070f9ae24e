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
