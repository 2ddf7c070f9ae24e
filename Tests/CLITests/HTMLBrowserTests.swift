import Foundation
import Testing
import FixtureSupport

/// The HTML reports in a real browser: headless Chromium loads them from disk, and
/// scripts/check-html-report fails on any JavaScript error or a missing findings section or
/// flame graph (or, on a comparison of cores, cores section). Skipped without Chromium.
@Suite struct HTMLBrowserTests {
    private static let checker = Fixture.fixturesRoot.deletingLastPathComponent()
        .appendingPathComponent("scripts/check-html-report").path

    /// Whether Chromium is on PATH, where the checker looks for it.
    static let hasChromium = ["chromium", "chromium-browser"].contains { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }

    @Test(.enabled(if: hasChromium, "no chromium on PATH"), arguments: ["warmup-lock", "deadlock-3", "null-deref", "warmup-lock-gcore", "healthy"])
    func reportRendersInChromiumWithoutErrors(name: String) throws {
        let fixture = Fixture(name)
        let html = Scratch.directory.appendingPathComponent("browser-\(name).html").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", html, "-o", "/dev/null"])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        let check = try Command.capture("/bin/bash", [Self.checker, html])
        #expect(check.status == 0, "\(check.standardError)")
    }

    /// Two cores of the warm-up scenario running live, captured a second apart: the page has
    /// the CPU charts (the warm-up thread busy between the cores) and the lock held in both.
    @Test(.enabled(if: hasChromium, "no chromium on PATH"))
    func comparisonRendersInChromiumWithoutErrors() throws {
        let program = try ScenarioProgram("warmup-lock", directoryName: "browser-compare")
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(running.processIdentifier), "-o", program.directory, "--count", "2", "--interval", "1s"])
        #expect(capture.status == 0, "\(capture.standardError)")
        let cores = capture.standardOutput.split(separator: "\n").map(String.init)
        try #require(cores.count == 2, "\(capture.standardOutput)")
        let html = program.directory + "/compare.html"
        let result = try AnalyzeDumpBinary.run(["compare", "--html", html, "-o", "/dev/null"] + cores)
        #expect(result.status == 0, "\(result.standardError)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg id=\"cpu-average-chart\""))
        #expect(page.contains("<td class=\"mono\">model_lock</td>"))
        let check = try Command.capture("/bin/bash", [Self.checker, html])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("(comparison) renders with no JavaScript error"))
    }

    /// `triage --html`: the index and the example reports it links to.
    @Test(.enabled(if: hasChromium, "no chromium on PATH"))
    func triageIndexRendersInChromiumWithoutErrors() throws {
        let directory = try TriageCommandTests.coreDirectory("browser-triage")
        defer { for path in [directory, directory + ".sqlite", directory + "-index.html", directory + "-index.html-reports"] { try? FileManager.default.removeItem(atPath: path) } }
        let index = directory + "-index.html"
        _ = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--html", index])
        let check = try Command.capture("/bin/bash", [Self.checker, index])
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("(triage) renders with no JavaScript error, groups present"))
    }

    /// The harness that drives pages for the interaction tests: a script appended to the
    /// page runs after the page's own, once the flame graph is drawn.
    @Test(.enabled(if: hasChromium, "no chromium on PATH"))
    func aDrivingScriptRunsAfterThePageIsReady() throws {
        let fixture = Fixture("warmup-lock")
        let html = Scratch.directory.appendingPathComponent("browser-driven.html").path
        _ = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", html, "-o", "/dev/null"])
        let result = try BrowserPage.result(of: """
            document.body.dataset.testResult = document.body.dataset.jsReady + " " +
              (document.querySelectorAll("#flame-graph rect").length > 1);
            """, onPage: html, name: "harness")
        #expect(result == "true true")
    }

    @Test func formatHTMLWritesOneSelfContainedPage() throws {
        let fixture = Fixture("warmup-lock")
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", "html"])
        #expect(result.status == 0)
        let page = result.standardOutput
        #expect(page.hasPrefix("<!DOCTYPE html>") || page.hasPrefix("<!doctype html>"))
        for external in ["src=\"http", "href=\"http", "url(http", "<link ", "<script src", "@import"] {
            #expect(!page.contains(external), "the page loads \(external)")
        }
        #expect(page.contains("model_lock"))
    }
}
