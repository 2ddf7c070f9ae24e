import Foundation
import FixtureSupport

/// An HTML report driven in headless Chromium: a test's script runs after the page's own
/// scripts, clicks and types as a reader would, and stores what it saw as a string in
/// `document.body.dataset.testResult`; the test reads it back from the DOM Chromium dumps.
///
/// The script is appended in its own `<script>` before `</body>`, so it runs once the page's
/// scripts have set `data-js-ready`. Events it dispatches run their handlers at once; a
/// result set later (after a timer) is seen as long as it is set within the virtual-time
/// budget.
enum BrowserPage {
    /// The string the script stored in `document.body.dataset.testResult`, or nil when it
    /// stored none (the script threw, or the page's own script failed first).
    ///
    /// `script` is JavaScript; it may read the page and must end by assigning the result,
    /// e.g. `document.body.dataset.testResult = String(rows.length);`.
    static func result(of script: String, onPage page: String, name: String) throws -> String? {
        let html = try String(contentsOfFile: page, encoding: .utf8)
        guard let end = html.range(of: "</body>", options: .backwards) else { return nil }
        let driven = Scratch.directory.appendingPathComponent("driven-\(name).html").path
        let wrapped = "<script>\n(function () {\ntry {\n\(script)\n} catch (error) { document.body.dataset.testResult = \"threw: \" + error; }\n})();\n</script>\n"
        try (html[..<end.lowerBound] + wrapped + html[end.lowerBound...]).write(toFile: driven, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: driven) }
        let browser = ["chromium", "chromium-browser"].lazy.compactMap(Self.onPath).first ?? "chromium"
        let dom = try Command.capture("/usr/bin/timeout", ["120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                           "--disable-extensions", "--window-size=1280,900", "--virtual-time-budget=2000",
                                                           "--dump-dom", "file://" + driven])
        guard let attribute = dom.standardOutput.range(of: "data-test-result=\"") else { return nil }
        let rest = dom.standardOutput[attribute.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    private static func onPath(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
