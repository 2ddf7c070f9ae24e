import DumpAnalysis
import DumpModel

/// One line per core for pipelines (`sort`, `uniq -c`, `awk -F'\t'`): five tab-separated
/// fields and a newline,
///
///     CORE <TAB> KIND <TAB> SIGNATURE <TAB> FINDING <TAB> TITLE
///
/// - CORE: the core as it was named on the command line (`-` for standard input);
/// - KIND: `crash`, `hang` or `healthy` (``ProblemSignature/Kind``, healthy without one);
/// - SIGNATURE: the problem signature's 16 lowercase hex digits, `-` for a healthy core;
/// - FINDING: the kind token of the first finding (`deadlock`, `null-dereference`), `-`
///   when there is none;
/// - TITLE: that finding's title, `-` when there is none.
///
/// A field never holds a tab, newline or other hidden character (``TextEscaping/isHidden(_:)``):
/// a backslash is written `\\`, a tab `\t`, a newline `\n`, a carriage return `\r` and any
/// other hidden character `\u{hex}`, so a field splits back exactly on tabs and unescapes
/// unambiguously. An empty field is written `-`.
public enum OnelineReport {
    /// The line of one core, newline included.
    ///
    /// - Parameter core: the core's path as given on the command line.
    public static func render(core: String, analysis: ProcessAnalysis) -> String {
        let top = analysis.findings.first
        let fields = [
            core,
            analysis.signature?.kind.rawValue ?? "healthy",
            analysis.signature?.value ?? "-",
            top?.kind.rawValue ?? "-",
            top?.title ?? "-",
        ]
        return fields.map(field).joined(separator: "\t") + "\n"
    }

    /// `text` escaped as a field: hidden characters and the backslash written with a
    /// backslash, `-` for empty text.
    static func field(_ text: String) -> String {
        guard !text.isEmpty else { return "-" }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case _ where TextEscaping.isHidden(scalar): result += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
