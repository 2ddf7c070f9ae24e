import Foundation
import Testing
import FixtureSupport

/// The HTML report's cross-links and thread table on fixture cores: one anchor per thread,
/// every `#thread-TID` link landing on one, the chain root outlined; and in headless Chromium
/// (``BrowserPage``), a click on a TID scrolling its stack into view and the filter box
/// hiding the rows that do not match.
@Suite struct HTMLCrossLinkBrowserTests {
    /// The report of `name` written to a scratch file; its path and its text.
    static func report(_ name: String) throws -> (path: String, html: String) {
        let fixture = Fixture(name)
        let path = Scratch.directory.appendingPathComponent("cross-links-\(name).html").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", path, "-o", "/dev/null"])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        return (path, try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test(arguments: ["lock-chain", "deadlock-3", "warmup-lock", "queue-backlog"])
    func everyThreadHasOneAnchorAndEveryLinkLandsOnOne(name: String) throws {
        let html = try Self.report(name).html
        let tids = Fixture(name).intListFact("tids_in_note_order")
        let anchors = anchorCounts(in: html)
        #expect(anchors.keys.sorted() == tids.sorted())
        #expect(anchors.values.allSatisfy { $0 == 1 })
        let targets = matches(of: ##"href="#thread-([0-9]+)""##, in: html)
        #expect(targets.count > tids.count)
        #expect(targets.filter { anchors[$0] == nil }.isEmpty)
    }

    @Test func theChainRootOfLockChainIsTheFlusher() throws {
        let fixture = Fixture("lock-chain")
        let html = try Self.report("lock-chain").html
        let flusher = try fixture.tid("flusher_tid")
        let roots = matches(of: #"<g class="wg-node thread root" data-tid="([0-9]+)">"#, in: html)
        #expect(roots == [Int(flusher)])
        #expect(html.contains("<p class=\"note wg-roots\">Outlined: thread <a class=\"tid\" href=\"#thread-\(flusher)\">\(flusher)</a>, which holds"))
        // Lock names and kinds are whole: "error-checking mutex, 4 waiting" is no longer cut.
        #expect(html.contains(">error-checking mutex, 4 waiting</text>"))
        #expect(!html.contains("…</text>"))
        // The thread that received SIGQUIT, in the dump information, links to its stack.
        let main = try fixture.tid("main_tid")
        #expect(html.contains("received by thread <a class=\"tid\" href=\"#thread-\(main)\">\(main)</a></dd>"))
    }

    @Test func aDeadlockHasNoChainRoot() throws {
        let html = try Self.report("deadlock-3").html
        #expect(!html.contains("wg-node thread root"))
        #expect(!html.contains("wg-roots"))
    }

    // MARK: In Chromium

    /// `landed(target)`: whether the element is at the top of the window, below the sticky
    /// navigation bar (within 80 px), or, when the page ends too soon to scroll it that far,
    /// whether the page is scrolled to its end with the element in view.
    static let landed = """
        function landed(target) {
          var top = target.getBoundingClientRect().top;
          var atEnd = Math.abs(window.scrollY + innerHeight - document.documentElement.scrollHeight) < 2;
          return top >= 0 && (top <= 80 || (atEnd && top < innerHeight - 40));
        }

        """

    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func clickingATIDScrollsItsStackIntoViewAndOpensIt() throws {
        let fixture = Fixture("lock-chain")
        let page = try Self.report("lock-chain").path
        let flusher = try fixture.tid("flusher_tid")
        // The owner's link in the lock table; the page starts at the top.
        let script = Self.landed + """
            window.scrollTo(0, 0);
            var link = document.querySelector('#locks td a[href="#thread-\(flusher)"]');
            var before = document.getElementById("thread-\(flusher)").getBoundingClientRect().top;
            link.click();
            setTimeout(function () {
              var target = document.getElementById("thread-\(flusher)");
              var group = target.closest("details");
              document.body.dataset.testResult = [location.hash, before > innerHeight, landed(target), group.open,
                group.matches(":has(:target)")].join(" ");
            }, 200);
            """
        let result = try BrowserPage.result(of: script, onPage: page, name: "tid-click")
        #expect(result == "#thread-\(flusher) true true true true")
    }

    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func aTIDPastTheSummaryLandsInsideItsOpenedGroup() throws {
        // queue-backlog's twelve waiters share a stack: the ninth and later are named only in
        // the group's list of TIDs, inside the closed <details>.
        let fixture = Fixture("queue-backlog")
        let page = try Self.report("queue-backlog").path
        let waiters = Set(fixture.intListFact("waiter_tids"))
        let ninth = try #require(fixture.intListFact("tids_in_note_order").filter(waiters.contains).dropFirst(8).first)
        let script = Self.landed + """
            var link = document.querySelector('#all-threads a[href="#thread-\(ninth)"]');
            link.click();
            setTimeout(function () {
              var target = document.getElementById("thread-\(ninth)");
              document.body.dataset.testResult = [target.closest("details").open, target.offsetParent !== null, landed(target)].join(" ");
            }, 200);
            """
        #expect(try BrowserPage.result(of: script, onPage: page, name: "tid-ninth") == "true true true")
    }

    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func typingInTheFilterHidesTheRowsThatDoNotMatch() throws {
        let fixture = Fixture("warmup-lock")
        let page = try Self.report("warmup-lock").path
        let holder = try fixture.tid("holder_tid")
        let waiters = fixture.intListFact("waiter_tids").count
        let threads = fixture.intListFact("tids_in_note_order").count
        let script = """
            var input = document.getElementById("thread-filter");
            var rows = Array.prototype.slice.call(document.querySelectorAll("#all-threads tbody tr"));
            function visible() { return rows.filter(function (row) { return row.offsetParent !== null; }).length; }
            var counts = [input.offsetParent !== null, visible()];
            [["lookup_model"], ["LOOKUP_MODEL"], ["warm_up_model_cache"], ["no such thing"], [""]].forEach(function (query) {
              input.value = query[0];
              input.dispatchEvent(new Event("input"));
              counts.push(visible());
            });
            input.value = "lookup_model";
            input.dispatchEvent(new Event("input"));
            counts.push(document.getElementById("thread-filter-count").textContent);
            var holderRow = rows.filter(function (row) { return row.cells[0].textContent === "\(holder)"; })[0];
            input.value = "\(holder)";
            input.dispatchEvent(new Event("input"));
            counts.push(holderRow.offsetParent !== null);
            document.body.dataset.testResult = counts.join("|");
            """
        let result = try BrowserPage.result(of: script, onPage: page, name: "thread-filter")
        #expect(result == "true|\(threads)|\(waiters)|\(waiters)|1|0|\(threads)|\(waiters) of \(threads) threads|true")
    }

    // MARK: Reading the page

    private func anchorCounts(in html: String) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for tid in matches(of: #"id="thread-([0-9]+)""#, in: html) { counts[tid, default: 0] += 1 }
        return counts
    }

    private func matches(of pattern: String, in html: String) -> [Int] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).flatMap { Int(html[$0]) }
        }
    }
}
