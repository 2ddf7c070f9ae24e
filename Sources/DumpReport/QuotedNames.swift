/// The names an analysis quotes in its prose with Markdown backticks (`` `descend` recursed ``,
/// `` `model_lock` is held by … ``): where each quoted name starts and ends, for the formats
/// that show them as something other than backticks. HTML writes them as `<code>`
/// (``HTMLWriter/textQuotingNames(_:)``), JSON without the backticks (``plain(_:)``); text and
/// Markdown keep the backticks.
///
/// The pairing is Markdown's for the same prose (``MarkdownEscaping/quotingNamesAsCode(_:)``):
/// the text is split at every backtick, and every second part that is followed by another
/// backtick is a name, unless it is empty or starts or ends with a space. Any other backtick
/// (an unpaired last one, the two of an empty pair) stays in the text as it is.
enum QuotedNames {
    /// A stretch of prose, or one quoted name without its backticks.
    struct Span: Equatable {
        var text: String
        var isName: Bool
    }

    /// `text` cut into prose and quoted names, in order; the backticks that quote a name are
    /// dropped, every other one stays in its prose.
    static func spans(_ text: String) -> [Span] {
        guard text.utf8.contains(UInt8(ascii: "`")) else { return [Span(text: text, isName: false)] }
        // By scalar, as Markdown splits it: a backtick with a combining mark is no "`" character.
        let parts = text.unicodeScalars.split(separator: "`", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        var spans: [Span] = []
        var prose = ""
        for (index, part) in parts.enumerated() {
            let isQuoted = index % 2 == 1 && index < parts.count - 1
            if isQuoted, !part.isEmpty, !part.hasPrefix(" "), !part.hasSuffix(" ") {
                if !prose.isEmpty { spans.append(Span(text: prose, isName: false)) }
                prose = ""
                spans.append(Span(text: part, isName: true))
            } else if index % 2 == 1 {
                prose += "`" + part + (isQuoted ? "`" : "")
            } else {
                prose += part
            }
        }
        if !prose.isEmpty || spans.isEmpty { spans.append(Span(text: prose, isName: false)) }
        return spans
    }

    /// `text` without the backticks that quote names: `` `descend` recursed `` is
    /// `descend recursed`. Other backticks stay.
    static func plain(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "`")) else { return text }
        return spans(text).map(\.text).joined()
    }
}

extension HTMLWriter {
    /// Prose of an analysis (a finding's title, description, recommendation), escaped like
    /// ``text(_:)``, with each name it quotes in backticks written as `<code>name</code>`
    /// (``QuotedNames``). Every part is escaped on its own, so a name cannot close its element
    /// or open another.
    package mutating func textQuotingNames(_ value: String) {
        textQuotingNames(value) { html, prose in html.text(prose) }
    }

    /// ``textQuotingNames(_:)`` with the prose between the names written by `writeProse`
    /// (which must escape it), e.g. to link the TIDs in it.
    mutating func textQuotingNames(_ value: String, writeProse: (inout HTMLWriter, String) -> Void) {
        for span in QuotedNames.spans(value) {
            if span.isName {
                raw("<code>")
                text(span.text)
                raw("</code>")
            } else {
                writeProse(&self, span.text)
            }
        }
    }
}
