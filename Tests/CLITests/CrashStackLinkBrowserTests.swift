import Foundation
import Testing
import FixtureSupport

/// In headless Chromium (``BrowserPage``): the crash section's faulting TID and a stack group's
/// state link to the thread's stack, open its group and scroll to it; a link in a group's
/// summary does not open or close that group.
@Suite struct CrashStackLinkBrowserTests {
    static func report(_ name: String) throws -> (path: String, html: String) {
        let fixture = Fixture(name)
        let path = Scratch.directory.appendingPathComponent("crash-stack-links-\(name).html").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", path, "-o", "/dev/null"])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func theFaultingThreadLinksToItsClosedGroup() throws {
        let fixture = Fixture("stack-overflow")
        let tid = try fixture.tid("crash_tid")
        let (page, html) = try Self.report("stack-overflow")
        // Every thread link on the page has its anchor.
        func numbers(after marker: String) -> Set<Int32> {
            Set(html.components(separatedBy: marker).dropFirst().compactMap { Int32($0.prefix { $0.isNumber }) })
        }
        let targets = numbers(after: "href=\"#thread-"), anchors = numbers(after: "id=\"thread-")
        #expect(targets.contains(tid))
        #expect(targets.isSubset(of: anchors))
        let script = """
            window.scrollTo(0, 0);
            var rows = document.querySelectorAll("#crash-stack tbody tr").length;
            var folds = document.querySelectorAll("#crash-stack tbody tr.fold").length;
            var group = document.getElementById("thread-\(tid)").closest("details");
            var closedBefore = !group.open;
            document.querySelector('#crash dd a.tid').click();
            setTimeout(function () {
              var top = document.getElementById("thread-\(tid)").getBoundingClientRect().top;
              document.body.dataset.testResult = [location.hash, rows, folds, closedBefore, group.open, top >= 0 && top < innerHeight].join(" ");
            }, 200);
            """
        let result = try BrowserPage.result(of: script, onPage: page, name: "crash-thread-link")
        #expect(result == "#thread-\(tid) 6 1 true true true")
    }

    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func aStateInAGroupsSummaryLinksToTheThreadItNames() throws {
        let fixture = Fixture("lock-chain")
        let flusher = try fixture.tid("flusher_tid")
        let main = try fixture.tid("main_tid")
        let page = try Self.report("lock-chain").path
        let script = """
            var mainGroup = document.getElementById("thread-\(main)").closest("details");
            var link = mainGroup.querySelector('summary .state a[href="#thread-\(flusher)"]');
            var before = mainGroup.open;
            link.click();
            setTimeout(function () {
              var target = document.getElementById("thread-\(flusher)");
              var top = target.getBoundingClientRect().top;
              document.body.dataset.testResult = [location.hash, before, mainGroup.open, target.closest("details").open,
                top >= 0 && top < innerHeight].join(" ");
            }, 200);
            """
        let result = try BrowserPage.result(of: script, onPage: page, name: "state-link")
        #expect(result == "#thread-\(flusher) false false true true")
    }
}
