import Foundation
import Testing
import FixtureSupport

/// The HTML flame graph on the fixtures: the view it opens in, the finding's threads it
/// outlines and the recursion it folds (from its data island), and, in headless Chromium,
/// search, the inverted view, hiding runtime frames and the pressed view button.
@Suite struct FlameGraphTests {
    /// Flags of a node in the island (HTMLFlameGraph.Flag).
    private static let runtimeFlag = 1, focusFirstFlag = 4

    /// A fixture's report written to a scratch page, its path and its island.
    private struct Page {
        let path: String
        let html: String
        let data: [String: Any]

        init(_ name: String) throws {
            let fixture = Fixture(name)
            path = Scratch.directory.appendingPathComponent("flame-\(name).html").path
            let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", path, "-o", "/dev/null"])
            #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
            html = try String(contentsOfFile: path, encoding: .utf8)
            let start = try #require(html.range(of: "<script type=\"application/json\" id=\"flame-data\">"))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            data = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        }

        var names: [String] { data["names"] as? [String] ?? [] }
        var nodes: [[Int]] { data["nodes"] as? [[Int]] ?? [] }
    }

    // MARK: The data

    /// Hangs and crashes open on the thread count (deadlock's 4 ms and queue-backlog's 0.04 s
    /// of CPU are all main's), a runaway thread on CPU time; the pressed button says so
    /// before any script runs.
    @Test(arguments: [("deadlock", "threads"), ("queue-backlog", "threads"), ("warmup-lock", "threads"), ("stack-overflow", "threads"), ("runaway", "cpu")])
    func opensInTheViewTheSituationCallsFor(name: String, view: String) throws {
        let page = try Page(name)
        #expect(page.data["view"] as? String == view)
        #expect(page.html.contains("id=\"flame-view-threads\" aria-pressed=\"\(view == "threads")\""))
        #expect(page.html.contains("id=\"flame-view-cpu\" aria-pressed=\"\(view == "cpu")\""))
    }

    /// warmup-lock: the finding's threads are the holder then its 8 waiters; the thick
    /// outline follows the holder's path, and the note names it.
    @Test func warmupLockOutlinesTheHolderAndItsWaiters() throws {
        let fixture = Fixture("warmup-lock")
        let holder = Int(try fixture.tid("holder_tid"))
        let waiters = fixture.intListFact("waiter_tids")
        let page = try Page("warmup-lock")
        let focus = try #require(page.data["focus"] as? [String: Any])
        #expect(focus["finding"] as? String == "lock-held-while-running")
        let tids = try #require(focus["tids"] as? [Int])
        #expect(tids.first == holder)
        #expect(Set(tids.dropFirst()) == Set(waiters))
        #expect(page.nodes.filter { $0[4] & Self.focusFirstFlag != 0 }.map { page.names[$0[0]] }
            == ["all threads", "__clone3", "start_thread", "bulk_insert", "warm_up_model_cache"])
        #expect(page.html.contains("named by the finding lock-held-while-running; the thick outline follows thread \(holder).</p>"))
    }

    /// stack-overflow: the crashed thread's `descend` frames are one node, so the island has
    /// one node per other frame: the main thread's, and the crashed thread's outside the run.
    @Test func stackOverflowsRecursionIsOneNode() throws {
        let fixture = Fixture("stack-overflow")
        let json = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(document["threads"] as? [[String: Any]])
        func functions(_ tid: Int32) -> [String] {
            let thread = threads.first { $0["tid"] as? Int == Int(tid) }
            return (thread?["frames"] as? [[String: Any]] ?? []).map { $0["function"] as? String ?? "" }
        }
        let crashed = functions(try fixture.tid("crash_tid")), main = functions(try fixture.tid("main_tid"))
        // The reader keeps the run's first 1,024 frames and its last round; it counts the rest.
        let crashedThread = threads.first { $0["tid"] as? Int == Int(try! fixture.tid("crash_tid")) }
        let omitted = (crashedThread?["omitted_frames"] as? [String: Any])?["count"] as? Int ?? 0
        let descend = crashed.filter { $0 == "descend" }.count + omitted
        #expect(descend == 7258)

        let page = try Page("stack-overflow")
        let folded = page.nodes.filter { page.names[$0[0]] == "descend" }
        #expect(folded.count == 1)
        #expect(folded.first?.count == 6)
        #expect(folded.first?.last == descend)
        #expect(page.nodes.count == 1 + main.count + crashed.count + omitted - descend + 1)
    }

    // MARK: In a browser

    /// The driving script's helpers: the label of a drawn frame (its title up to the dash)
    /// and the sorted labels of a row.
    private static let helpers = """
        function label(group) { return group.querySelector("title").textContent.split(" \\u2014 ")[0]; }
        function labels(selector) { return Array.prototype.map.call(document.querySelectorAll("#flame-graph " + selector), label).sort(); }
        function row(number) {
          return Array.prototype.filter.call(document.querySelectorAll("#flame-graph g"), function (group) {
            return group.querySelector("rect").getAttribute("y") === String(number * 17);
          }).map(label).sort();
        }
        function click(id) { document.getElementById(id).dispatchEvent(new MouseEvent("click", { bubbles: true })); }
        function type(text) { var box = document.getElementById("flame-search"); box.value = text; box.dispatchEvent(new Event("input")); }
        """

    private func drive(_ script: String, on page: Page, name: String) throws -> [String: Any] {
        let result = try #require(try BrowserPage.result(of: Self.helpers + "\n" + script, onPage: page.path, name: name))
        return try #require(try JSONSerialization.jsonObject(with: Data(result.utf8)) as? [String: Any], "\(result)")
    }

    /// Searching marks exactly the drawn frames whose label contains the text, whatever its
    /// case, and says how many: "model" is lookup_model and warm_up_model_cache, the stacks of
    /// 9 of warmup-lock's 10 threads; an empty search marks nothing.
    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func searchMarksTheMatchingFramesAndCountsThem() throws {
        let page = try Page("warmup-lock")
        let result = try drive("""
            type("MoDeL");
            var all = labels("g"), matched = labels("g.match");
            var output = document.getElementById("flame-matched");
            var first = { matched: matched, expected: all.filter(function (l) { return l.toLowerCase().indexOf("model") !== -1; }),
                          count: output.dataset.count, text: output.textContent };
            type("");
            document.body.dataset.testResult = JSON.stringify({ first: first, cleared: labels("g.match").length, text: output.textContent });
            """, on: page, name: "flame-search-model")
        let first = try #require(result["first"] as? [String: Any])
        #expect(first["matched"] as? [String] == ["lookup_model", "warm_up_model_cache"])
        #expect(first["expected"] as? [String] == ["lookup_model", "warm_up_model_cache"])
        #expect(first["count"] as? String == "2")
        #expect(first["text"] as? String == "Matched: 2 frames, 90.0 % of threads")
        #expect(result["cleared"] as? Int == 0)
        #expect(result["text"] as? String == "")
    }

    /// stack-overflow: "descend" matches the one folded node, labelled with its rounds.
    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func searchFindsTheFoldedRecursion() throws {
        let page = try Page("stack-overflow")
        let result = try drive("""
            type("descend");
            document.body.dataset.testResult = JSON.stringify({
              matched: labels("g.match"), rects: document.querySelectorAll("#flame-graph rect").length,
              text: document.getElementById("flame-matched").textContent });
            """, on: page, name: "flame-search-descend")
        let matched = try #require(result["matched"] as? [String])
        #expect(matched.count == 1)
        #expect(matched.first?.hasPrefix("descend \u{00d7}") == true)
        #expect(matched.first?.hasSuffix(",024+") == true || matched.first?.hasSuffix(",258") == true, "\(matched)")
        #expect(result["rects"] as? Int == page.nodes.count)
        #expect(result["text"] as? String == "Matched: 1 frame, 50.0 % of threads")
    }

    /// Inverted, the row under the root holds the frames stacks end in (the waiters'
    /// futex wait, the holder's loop, main's join), not the entry points; again, upright.
    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func invertingPutsTheInnermostFramesUnderTheRoot() throws {
        let page = try Page("warmup-lock")
        let result = try drive("""
            var upright = row(1);
            click("flame-invert");
            var inverted = row(1), second = row(2), pressed = document.getElementById("flame-invert").getAttribute("aria-pressed");
            click("flame-invert");
            document.body.dataset.testResult = JSON.stringify({ upright: upright, inverted: inverted, second: second, pressed: pressed, again: row(1) });
            """, on: page, name: "flame-invert")
        #expect(result["upright"] as? [String] == ["__clone3", "_start"])
        #expect(result["inverted"] as? [String] == ["__futex_abstimed_wait_common", "__lll_lock_wait", "warm_up_model_cache"])
        #expect(result["second"] as? [String] == ["__pthread_clockjoin_ex", "__pthread_mutex_lock", "bulk_insert"])
        #expect(result["pressed"] as? String == "true")
        #expect(result["again"] as? [String] == ["__clone3", "_start"])
    }

    /// Hiding runtime frames takes out libc's and the dynamic linker's frames, the callees
    /// merged into their callers: under the root, the threads' own functions; inverted too.
    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"))
    func hidingRuntimeFramesLeavesTheApplicationsOwn() throws {
        let page = try Page("warmup-lock")
        let runtime = Set(page.nodes.filter { $0[4] & Self.runtimeFlag != 0 }.map { page.names[$0[0]] })
        #expect(runtime.isSuperset(of: ["__clone3", "start_thread", "__lll_lock_wait", "_start", "__libc_start_main_impl"]))
        let result = try drive("""
            click("flame-hide-runtime");
            var hidden = { all: labels("g"), first: row(1), pressed: document.getElementById("flame-hide-runtime").getAttribute("aria-pressed") };
            click("flame-invert");
            document.body.dataset.testResult = JSON.stringify({ hidden: hidden, inverted: row(1) });
            """, on: page, name: "flame-runtime")
        let hidden = try #require(result["hidden"] as? [String: Any])
        let drawn = try #require(hidden["all"] as? [String])
        #expect(runtime.isDisjoint(with: drawn), "\(drawn)")
        #expect(Set(drawn) == ["all threads", "main", "request_worker", "handle_request", "lookup_model", "bulk_insert", "warm_up_model_cache"])
        #expect(hidden["first"] as? [String] == ["bulk_insert", "main", "request_worker"])
        #expect(hidden["pressed"] as? String == "true")
        #expect(result["inverted"] as? [String] == ["lookup_model", "main", "warm_up_model_cache"])
    }

    /// The script opens the island's view: deadlock on the thread count (three threads
    /// wide, CPU in milliseconds), runaway on CPU time, and the buttons stay pressed as the
    /// page said; the first thread of the finding has the thick outline.
    @Test(.enabled(if: HTMLBrowserTests.hasChromium, "no chromium on PATH"), arguments: [("deadlock", "threads"), ("runaway", "cpu")])
    func theOpeningViewsButtonIsPressed(name: String, view: String) throws {
        let page = try Page(name)
        let result = try drive("""
            document.body.dataset.testResult = JSON.stringify({
              cpu: document.getElementById("flame-view-cpu").getAttribute("aria-pressed"),
              threads: document.getElementById("flame-view-threads").getAttribute("aria-pressed"),
              details: document.getElementById("flame-details").textContent,
              outlined: labels("g.focus-first") });
            """, on: page, name: "flame-view-\(name)")
        #expect(result["cpu"] as? String == String(view == "cpu"))
        #expect(result["threads"] as? String == String(view == "threads"))
        let outlined = try #require(result["outlined"] as? [String])
        if name == "deadlock" {
            // Main's 4 ms in milliseconds, as in the CPU table, not "0.00 s".
            #expect(result["details"] as? String == "all threads \u{2014} 3 threads, CPU 4 ms")
            #expect(outlined == ["__clone3", "__lll_lock_wait", "__pthread_mutex_lock", "all threads", "start_thread", "transfer_a_to_b", "transfer_worker_a_to_b"])
        } else {
            #expect(outlined == ["__clone3", "all threads", "compress_block", "compression_worker", "start_thread"])
        }
    }
}
