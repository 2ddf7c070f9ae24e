import Foundation
import Testing
import DumpAnalysis
import DumpModel
import DumpReport

/// The HTML report's cross-links, thread table and wait-for graph on processes built in code
/// (``Model`` of HTMLReportTests): one anchor per thread, every `#thread-TID` link landing on
/// one, which numbers of a finding are linked, the table of all threads, the graph's folded
/// waiters and its note, lock names wrapped whole.
@Suite struct HTMLCrossLinkTests {
    // MARK: Anchors and links

    /// Thread 2 holds `report_lock`, on which threads 10 to 21 wait (one group of twelve
    /// identical stacks, more than the summary names); thread 30 waits on a lock whose owner,
    /// 500, is not in the process.
    static func convoyWithAnAbsentOwner() -> String {
        let memory = Model.Memory()
        memory.mutex(at: 0x6000, owner: 2)
        memory.mutex(at: 0x7000, owner: 500)
        let symbols = Model.Symbols()
        symbols.names = [0x6000: "report_lock", 0x7000: "audit_lock"]
        let threads = [Model.thread(1, ["main"], cpu: 4_000_000), Model.thread(2, ["compute_report", "worker"], cpu: 3_000_000)]
            + (10...21).map { Model.thread(Int32($0), Model.lockWait + ["handle_request", "worker"], futex: 0x6000) }
            + [Model.thread(30, Model.lockWait + ["audit", "worker"], futex: 0x7000)]
        return Model.render(Model.process(threads), memory: memory, symbols: symbols)
    }

    @Test func everyThreadHasOneAnchorAndEveryLinkLandsOnOne() throws {
        let html = Self.convoyWithAnAbsentOwner()
        let anchors = CrossLinks.anchors(in: html)
        let tids = [1, 2, 30] + Array(10...21)
        #expect(anchors.keys.sorted() == tids.sorted())
        #expect(anchors.values.allSatisfy { $0 == 1 })
        let targets = CrossLinks.linkTargets(in: html)
        #expect(!targets.isEmpty)
        #expect(targets.filter { anchors[$0] == nil }.isEmpty)
        // Threads 10 to 17 are named in the group's summary, 18 to 21 in its list of TIDs.
        let stacks = try #require(Model.section("stacks", of: html))
        #expect(stacks.contains("<span class=\"tids\">TID <span id=\"thread-10\">10</span>, <span id=\"thread-11\">11</span>,"))
        #expect(stacks.contains("<p class=\"tids\">TIDs: 10 11 12 13 14 15 16 17 <span id=\"thread-18\">18</span>"))
        // Every place that names a TID links it: the lock table, its chains, the graph, the CPU
        // chart and table, the thread table, the finding.
        let locks = try #require(Model.section("locks", of: html))
        #expect(locks.contains("<td>thread <a class=\"tid\" href=\"#thread-2\">2</a></td>"))
        #expect(locks.contains("<a href=\"#thread-10\"><g class=\"wg-node thread\" data-tid=\"10\">"))
        #expect(try #require(Model.element("svg", id: "cpu-chart", of: html)).contains("<a href=\"#thread-2\"><g><title>thread 2: "))
        #expect(try #require(Model.section("cpu", of: html)).contains("<tr><td><a class=\"tid\" href=\"#thread-2\">2</a><td>"))
        #expect(try #require(Model.section("summary", of: html)).contains("Thread <a class=\"tid\" href=\"#thread-2\">2</a> holds <code>report_lock</code>"))
        // The owner not in the process has no stack: its TID is text, in the table and the graph,
        // where it is a chain root (it ended holding the lock) as is thread 2.
        #expect(locks.contains("<td>thread 500</td>"))
        #expect(locks.contains("</a>\n<g class=\"wg-node thread root\" data-tid=\"500\">"))
        #expect(locks.contains("<p class=\"note wg-roots\">Outlined: threads <a class=\"tid\" href=\"#thread-2\">2</a> and 500, which hold"))
        #expect(!html.contains("#thread-500"))
    }

    @Test func onlyWholeTIDsAfterTheWordThreadAreLinked() {
        func linked(_ text: String, _ tids: Set<Int32>) -> [Int32] {
            HTMLThreadLinks.pieces(of: text, linking: tids).compactMap(\.tid)
        }
        #expect(linked("Thread 2 holds `report_lock`; 4 threads wait", [2, 4]) == [2])
        #expect(linked("Deadlock: threads 11150, 11151 and 11152 wait for each other", [11150, 11151, 11152]) == [11150, 11151, 11152])
        #expect(linked("held by thread 11151; thread 11152 in `f` (deadlock-3.c:69)", [11151, 11152, 3, 69]) == [11151, 11152])
        #expect(linked("thread 671 holds it: 8 of 10 threads (80 %), 1.06 s, at 0x4bc420", [671, 8, 10, 80, 1]) == [671])
        #expect(linked("TID 12, thread 12a, thread 12.5, thread x12", [12]) == [12])
        #expect(linked("thread 99 is not one of the finding's", [12]) == [])
        // The text around the links is kept whole.
        let pieces = HTMLThreadLinks.pieces(of: "threads 7 and 8.", linking: [7, 8])
        #expect(pieces.map { String($0.text) } == ["threads ", "7", " and ", "8", "."])
    }

    // MARK: Thread table

    @Test func threadTableHasARowPerThreadWithWhatTheAnalysisFound() throws {
        let html = Self.convoyWithAnAbsentOwner()
        let states = try #require(Model.section("thread-states", of: html))
        #expect(states.contains("<h3>All threads (15)</h3>"))
        #expect(!states.contains("<details class=\"all-threads\">"))
        #expect(states.contains("<p class=\"thread-filter\" hidden>"))
        #expect(Model.count("<tr><td><a class=\"tid\" href=\"#thread-", in: states) == 15)
        #expect(states.contains("<tr><td><a class=\"tid\" href=\"#thread-2\">2</a><td>running<td>holds <code>report_lock</code><td class=\"number\">3.00 s<td class=\"mono\">compute_report\n"))
        #expect(states.contains("<tr><td><a class=\"tid\" href=\"#thread-30\">30</a><td>waiting for mutex <code>audit_lock</code><td>waits for <code>audit_lock</code><td class=\"number\">0.00 s<td class=\"mono\">audit\n"))
    }

    @Test func aTableOfMoreThanFiftyThreadsIsClosed() throws {
        let threads = [Model.thread(1, ["main"])] + (2...60).map { Model.thread(Int32($0), ["poll_events", "worker"]) }
        let states = try #require(Model.section("thread-states", of: Model.render(Model.process(threads))))
        #expect(states.contains("<details class=\"all-threads\"><summary>Show the table of all 60 threads</summary>"))
        #expect(Model.count("<tr><td><a class=\"tid\"", in: states) == 60)
    }

    /// 10,000 threads, 9,990 of them in one group of identical stacks waiting on one lock:
    /// one anchor each, the table closed, the graph folded, and a page that grows by a few
    /// hundred bytes a thread.
    @Test func tenThousandThreadsStayLinearAndBounded() throws {
        let memory = Model.Memory()
        memory.mutex(at: 0x6000, owner: 2)
        let threads = [Model.thread(1, ["main"]), Model.thread(2, ["compute", "worker"], cpu: 1_000_000)]
            + (3...9).map { Model.thread(Int32($0), ["poll_events", "worker"]) }
            + (10..<10_001).map { Model.thread(Int32($0), Model.lockWait + ["handle", "worker"], futex: 0x6000) }
        let html = Model.render(Model.process(threads), memory: memory)
        let anchors = CrossLinks.anchors(in: html)
        #expect(anchors.count == 10_000)
        #expect(anchors.values.allSatisfy { $0 == 1 })
        #expect(CrossLinks.linkTargets(in: html).allSatisfy { anchors[$0] != nil })
        #expect(html.contains("<details class=\"all-threads\"><summary>Show the table of all 10000 threads</summary>"))
        #expect(html.contains(">+9987 threads waiting</text>"))
        #expect(html.utf8.count < 10_000 * 700)
    }

    // MARK: Wait-for graph

    @Test func twoHundredWaitersAreFoldedIntoOneBoxAndTheNoteSaysWhatIsDrawn() throws {
        let memory = Model.Memory()
        memory.mutex(at: 0x6000, owner: 2)
        let symbols = Model.Symbols()
        symbols.names = [0x6000: "backend_lock"]
        let threads = [Model.thread(1, ["main"]), Model.thread(2, ["reconnect", "worker"])]
            + (1000..<1200).map { Model.thread(Int32($0), Model.lockWait + ["query", "worker"], futex: 0x6000) }
        let html = Model.render(Model.process(threads), memory: memory, symbols: symbols)
        let graph = try #require(Model.element("svg", id: "wait-graph", of: html))
        #expect(Model.count("<g class=\"wg-node thread", in: graph) == 5)
        #expect(Model.count("<g class=\"wg-node more\"", in: graph) == 1)
        #expect(graph.contains(">+196 threads waiting</text>"))
        #expect(graph.contains("<a href=\"#lock-0\"><g class=\"wg-node more\" data-lock=\"0\">"))
        let locks = try #require(Model.section("locks", of: html))
        #expect(locks.contains("""
            <p class="note wg-cut">Drawn: 1 of 1 lock and 5 of 201 threads. 196 more threads wait on a drawn lock, \
            counted in the “+196 threads waiting” box. The table above lists every lock and waiter.</p>
            """))
        #expect(!locks.contains("cut at 60"))
        #expect(locks.contains("<tr id=\"lock-0\">"))
        #expect(locks.contains("<p class=\"note wg-roots\">Outlined: thread <a class=\"tid\" href=\"#thread-2\">2</a>, which holds"))
    }

    @Test func aLongLockNameWrapsWholeOverLines() throws {
        let name = "g_request_registry.shards[12].session_table_lock_for_writers"
        let memory = Model.Memory()
        memory.mutex(at: 0x6000, owner: 2)
        let symbols = Model.Symbols()
        symbols.names = [0x6000: name]
        let threads = [Model.thread(1, ["main"]), Model.thread(2, ["reconnect", "worker"]), Model.thread(3, Model.lockWait + ["query", "worker"], futex: 0x6000)]
        let graph = try #require(Model.element("svg", id: "wait-graph", of: Model.render(Model.process(threads), memory: memory, symbols: symbols)))
        let lockNode = try #require(graph.components(separatedBy: "<g class=\"wg-node lock\"").dropFirst().first?.components(separatedBy: "</g>").first)
        let lines = CrossLinks.texts(of: "name", in: lockNode)
        #expect(lines.count == 2)
        #expect(lines.joined() == name)
        #expect(lines == ["g_request_registry.shards[12].session_", "table_lock_for_writers"])
        #expect(CrossLinks.texts(of: "detail", in: lockNode) == ["mutex, 1 waiting"])
        #expect(!lockNode.contains("…"))
    }

    @Test func wrappingBreaksAtSeparatorsAndCutsOnlyPastFourLines() {
        #expect(HTMLWaitGraphLabel.wrap("sessions[1].lock", perLine: 40) == ["sessions[1].lock"])
        #expect(HTMLWaitGraphLabel.wrap("error-checking mutex, 4 waiting", perLine: 20) == ["error-checking", "mutex, 4 waiting"])
        #expect(HTMLWaitGraphLabel.wrap("aaaaaaaaaa[1].lock", perLine: 12) == ["aaaaaaaaaa", "[1].lock"])
        let hostile = String(repeating: "x", count: 500)
        let lines = HTMLWaitGraphLabel.wrap(hostile, perLine: 40)
        #expect(lines.count == 4)
        #expect(lines.last?.hasSuffix("…") == true)
    }
}

/// Reading the links and anchors of a report.
enum CrossLinks {
    /// How many times each TID is an anchor, `id="thread-TID"`.
    static func anchors(in html: String) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for tid in matches(of: #"id="thread-([0-9]+)""#, in: html) { counts[tid, default: 0] += 1 }
        return counts
    }

    /// The TIDs of every `href="#thread-TID"`.
    static func linkTargets(in html: String) -> [Int] { matches(of: ##"href="#thread-([0-9]+)""##, in: html) }

    /// The texts of the SVG `<text class="…">` elements of a class, in order.
    static func texts(of className: String, in svg: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: "<text class=\"\(className)\"[^>]*>([^<]*)</text>")
        return expression.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).compactMap {
            Range($0.range(at: 1), in: svg).map { String(svg[$0]) }
        }
    }

    private static func matches(of pattern: String, in html: String) -> [Int] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).flatMap { Int(html[$0]) }
        }
    }
}
