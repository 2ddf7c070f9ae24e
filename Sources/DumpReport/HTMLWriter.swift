import DumpAnalysis

/// Writes an HTML document into one byte buffer, escaped by default: markup can only be given
/// as string literals (`StaticString`), and every `String` (symbols, paths, the command line,
/// finding texts: anything that may come from the core) is escaped, `& < > " '` alike, so the
/// same call is safe in element content, in quoted attribute values and in SVG `<text>` and
/// `<title>`. Control characters, line separators and bidirectional controls are first made
/// visible as in the text report (``TextEscaping``): a browser would show them as nothing, or
/// reorder the text around them.
///
/// A 4,000-thread core yields tens of thousands of table rows and frame lines: appending to
/// one buffer keeps rendering linear.
package struct HTMLWriter {
    private var buffer: TextBuffer
    /// The threads whose stacks the page shows when `--tid` selects some, nil when it shows
    /// every thread's: TIDs link only to stacks on the page (``hasThreadAnchor(_:in:)``).
    var shownThreads: Set<Int32>?

    package init(capacity: Int) { buffer = TextBuffer(capacity: capacity) }

    /// The document.
    package var string: String { buffer.string }

    /// Markup written as it is.
    package mutating func raw(_ markup: StaticString) { buffer.append(markup) }

    /// Text, escaped.
    package mutating func text(_ value: String) {
        var value = TextEscaping.escaped(value)
        value.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                if start < index { buffer.append(utf8: bytes[start..<index]) }
                buffer.append(entity)
                start = index + 1
            }
            if start < bytes.count { buffer.append(utf8: bytes[start...]) }
        }
    }

    /// An integer in decimal.
    package mutating func number(_ value: Int) { buffer.appendDecimal(value) }

    /// `0x` and the value in hex, zero-padded to `minimumWidth` digits.
    package mutating func hex(_ value: UInt64, minimumWidth: Int = 1) { buffer.appendHex(value, minimumWidth: minimumWidth) }

    /// ` name="value"`, the value escaped.
    package mutating func attribute(_ name: StaticString, _ value: String) {
        buffer.append(" ")
        buffer.append(name)
        buffer.append("=\"")
        text(value)
        buffer.append("\"")
    }

    /// ` name="value"` for a number (SVG coordinates and sizes).
    package mutating func attribute(_ name: StaticString, _ value: Int) {
        buffer.append(" ")
        buffer.append(name)
        buffer.append("=\"")
        buffer.appendDecimal(value)
        buffer.append("\"")
    }

    /// `<tag>text</tag>`, or `<tag class="…">text</tag>`; `tag` is a bare element name.
    package mutating func element(_ tag: StaticString, _ content: String, class className: StaticString? = nil) {
        buffer.append("<")
        buffer.append(tag)
        if let className {
            buffer.append(" class=\"")
            buffer.append(className)
            buffer.append("\"")
        }
        buffer.append(">")
        text(content)
        buffer.append("</")
        buffer.append(tag)
        buffer.append(">")
    }

    /// `<td class="number">value</td>`.
    package mutating func numberCell(_ value: Int) {
        buffer.append("<td class=\"number\">")
        buffer.appendDecimal(value)
        buffer.append("</td>")
    }

    /// `<dt>term</dt><dd>value</dd>`, for a `<dl>` of facts; a monospace value for addresses,
    /// command lines and frames.
    package mutating func definition(_ term: StaticString, _ value: String, monospace: Bool = false) {
        buffer.append("<dt>")
        buffer.append(term)
        buffer.append(monospace ? "</dt><dd class=\"mono\">" : "</dt><dd>")
        text(value)
        buffer.append("</dd>\n")
    }

    /// `<thead><tr><th>…</th>…</tr></thead>`.
    package mutating func tableHead(_ headings: [StaticString]) {
        buffer.append("<thead><tr>")
        for heading in headings {
            buffer.append("<th>")
            buffer.append(heading)
            buffer.append("</th>")
        }
        buffer.append("</tr></thead>\n")
    }

    /// `text` cut to at most `maximumLength` characters, ending in `…` when cut: labels in
    /// SVG drawings, where text does not wrap. The full text goes into the element's `<title>`.
    package static func abbreviated(_ text: String, to maximumLength: Int) -> String {
        guard text.count > maximumLength else { return text }
        return String(text.prefix(max(maximumLength - 1, 0))) + "…"
    }

    /// A JSON document as the content of `<script type="application/json">` (a data island
    /// for the page's script).
    ///
    /// The HTML parser ends a script element at the first `</script` and treats `<!--` inside
    /// it specially, whatever the JSON means, so every `<` is written as the JSON escape
    /// `\u003c`. Outside strings JSON has no `<`, and inside a string the escape decodes to the
    /// same character, so `JSON.parse` sees the document unchanged.
    package mutating func jsonIsland(id: StaticString, json: String) {
        buffer.append("<script type=\"application/json\" id=\"")
        buffer.append(id)
        buffer.append("\">")
        var json = json
        json.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "<") {
                if start < index { buffer.append(utf8: bytes[start..<index]) }
                buffer.append("\\u003c")
                start = index + 1
            }
            if start < bytes.count { buffer.append(utf8: bytes[start...]) }
        }
        buffer.append("</script>\n")
    }
}

// MARK: Page

extension HTMLWriter {
    /// Starts a report page: the head (a Content-Security-Policy that forbids any fetch, the
    /// title, the style sheets in order), then `<body>` and the script that records any later
    /// script error in `<pre id="js-errors">`.
    ///
    /// - Parameters:
    ///   - title: the page's title, escaped.
    ///   - styleSheets: CSS written one after the other into the one `<style>` element.
    ///   - reportKind: when given, `<body data-report="…">`: what the page is, for checkers
    ///     (`scripts/check-html-report` does not look for a flame graph on a comparison).
    package mutating func beginPage(title: String, styleSheets: [StaticString], reportKind: StaticString? = nil) {
        raw("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <title>
            """)
        text(title)
        raw("</title>\n<style>\n")
        for styleSheet in styleSheets { raw(styleSheet) }
        raw("</style>\n</head>\n<body")
        if let reportKind {
            raw(" data-report=\"")
            raw(reportKind)
            raw("\"")
        }
        raw(">\n<pre id=\"js-errors\"></pre>\n<script>")
        raw(HTMLScript.errorHandler)
        raw("</script>\n")
    }

    /// The header's count of findings by severity, each behind its badge, or "No problem
    /// found.": `<p class="tally">…</p>`.
    package mutating func tally(of findings: [Finding]) {
        raw("<p class=\"tally\">")
        if findings.isEmpty { raw("No problem found.") }
        for severity in [Finding.Severity.error, .warning, .information] {
            let count = findings.filter { $0.severity == severity }.count
            guard count > 0 else { continue }
            HTMLProcessSections.writeBadge(severity, to: &self)
            raw(" ")
            number(count)
            raw(" ")
        }
        raw("</p>\n")
    }

    /// Ends a report page begun with ``beginPage(title:styleSheets:reportKind:)`` after its
    /// `<main>`: the footer naming the tool's version, then the page's script
    /// (``HTMLScript/main``, which draws a flame graph when the page has one and marks the
    /// page ready).
    package mutating func endPage(toolVersion: String) {
        raw("</main>\n<footer>Written by analyze-dump ")
        text(toolVersion)
        raw(". This file is self-contained: it loads nothing from the network.</footer>\n<script>")
        raw(HTMLScript.main)
        raw("</script>\n</body>\n</html>\n")
    }
}
