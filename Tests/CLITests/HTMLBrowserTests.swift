import Foundation
import Testing
import FixtureSupport

/// The HTML report in a real browser: headless Chromium loads it from disk, and
/// scripts/check-html-report fails on any JavaScript error or a missing findings section or
/// flame graph.
@Suite struct HTMLBrowserTests {
    private static let checker = Fixture.fixturesRoot.deletingLastPathComponent()
        .appendingPathComponent("scripts/check-html-report").path

    @Test(arguments: ["warmup-lock", "deadlock-3", "null-deref", "warmup-lock-gcore", "healthy"])
    func reportRendersInChromiumWithoutErrors(name: String) throws {
        let fixture = Fixture(name)
        let html = Scratch.directory.appendingPathComponent("browser-\(name).html").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", html, "-o", "/dev/null"])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        let check = try Command.capture("/bin/bash", [Self.checker, html])
        #expect(check.status == 0, "\(check.standardError)")
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
