import Foundation
import Testing
import FixtureSupport

/// `--tid N` on the summary and `stacks`, and stack-group headings that name a few TIDs and
/// count the rest, on queue-backlog (15 threads, 12 of them waiters with one stack).
@Suite struct ThreadSelectionTests {
    let fixture = Fixture("queue-backlog")

    private func run(_ arguments: [String]) throws -> Command.Result {
        try AnalyzeDumpBinary.run(arguments + ["--exe", try fixture.executablePath])
    }

    /// The first eight waiters in the core's thread order, then the count of the rest.
    @Test func aGroupHeadingNamesEightTIDsAndCountsTheRest() throws {
        let waiters = Set(fixture.intListFact("waiter_tids"))
        let noteOrder = try #require(fixture.facts["tids_in_note_order"]).split(separator: ",").compactMap { Int($0) }
        let firstWaiters = noteOrder.filter(waiters.contains).prefix(8).map(String.init).joined(separator: ", ")
        let expected = "12 threads: \(firstWaiters), … and 4 more"
        for arguments in [["stacks", "--group", fixture.compressedCorePath], [fixture.compressedCorePath]] {
            let result = try run(arguments)
            #expect(result.status == 0)
            let headings = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("12 threads: ") }
            #expect(headings == [Substring(expected)], "\(arguments)")
        }
    }

    /// Only the text heading is short: the HTML group lists every TID, the JSON every thread.
    @Test func htmlAndJSONKeepEveryTIDOfTheGroup() throws {
        let waiters = Set(fixture.intListFact("waiter_tids"))
        let noteOrder = try #require(fixture.facts["tids_in_note_order"]).split(separator: ",").compactMap { Int($0) }
        let html = try run([fixture.compressedCorePath, "--format", "html"]).standardOutput
        // The first eight have their anchors in the summary, the rest here.
        let everyWaiter = noteOrder.filter(waiters.contains).enumerated()
            .map { $0.offset < 8 ? "\($0.element)" : "<span id=\"thread-\($0.element)\">\($0.element)</span>" }.joined(separator: " ")
        #expect(html.contains("<p class=\"tids\">TIDs: \(everyWaiter)</p>"))
        let json = try run([fixture.compressedCorePath, "--format", "json"]).standardOutput
        let threads = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["threads"] as? [[String: Any]]
        #expect(threads?.compactMap { $0["tid"] as? Int } == noteOrder)
    }

    @Test func stacksWithTIDShowOnlyThoseThreads() throws {
        let holder = Int(try fixture.tid("holder_tid"))
        let waiter = try #require(fixture.intListFact("waiter_tids").last)
        let result = try run(["stacks", "--tid", "\(waiter)", "--tid", "\(holder)", fixture.compressedCorePath])
        #expect(result.status == 0)
        let headings = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("Thread ") }.map { $0.prefix { $0 != ":" } }
        // In the core's thread order, whatever the order on the command line.
        let noteOrder = try #require(fixture.facts["tids_in_note_order"]).split(separator: ",").compactMap { Int($0) }
        let expected = noteOrder.filter { $0 == holder || $0 == waiter }.map { "Thread \($0)" }
        #expect(headings.map(String.init) == expected)

        let grouped = try run(["stacks", "--group", "--tid", "\(waiter)", fixture.compressedCorePath])
        #expect(grouped.standardOutput.split(separator: "\n").filter { !$0.hasPrefix(" ") } == ["1 thread: \(waiter)"])
    }

    /// The findings are those of the whole process; the thread list and the stacks hold the
    /// two threads asked for.
    @Test func theSummaryWithTIDListsThoseThreadsAndKeepsEveryFinding() throws {
        let holder = Int(try fixture.tid("holder_tid"))
        let waiter = try #require(fixture.intListFact("waiter_tids").first)
        let whole = try run([fixture.compressedCorePath]).standardOutput
        let result = try run([fixture.compressedCorePath, "--tid", "\(holder)", "--tid", "\(waiter)"])
        #expect(result.status == 0)
        let output = result.standardOutput
        func findings(_ text: String) -> String { text.components(separatedBy: "\nCPU time by thread")[0] }
        #expect(findings(output) == findings(whole))
        let lines: [String] = output.components(separatedBy: "\n")
        let states = try #require(lines.firstIndex { $0.hasPrefix("Thread states: 15 threads: ") })
        #expect(lines[states + 1].hasPrefix("  \(holder)    sleeping in clock_nanosleep "))
        #expect(lines[states + 2].hasPrefix("  \(waiter)    waiting for mutex `backend_lock` "))
        #expect(lines[states + 3] == "  13 more threads not listed (without --tid)")
        #expect(lines.contains("Stacks (15 threads, 4 distinct): the 2 threads of --tid"))
        let groupHeadings: [String] = lines.filter { $0.hasPrefix("1 thread: ") }
        #expect(Set(groupHeadings) == ["1 thread: \(holder)", "1 thread: \(waiter)"])
        #expect(groupHeadings.count == 2)
        #expect(!lines.contains { $0.hasPrefix("12 threads: ") })
    }

    @Test func anUnknownTIDIsAUsageErrorNamingTheCoresTIDs() throws {
        let noteOrder = try #require(fixture.facts["tids_in_note_order"]).split(separator: ",").map(String.init)
        for arguments in [["stacks", "--tid", "1", fixture.compressedCorePath], [fixture.compressedCorePath, "--tid", "1", "--tid", "\(noteOrder[0])"]] {
            let result = try run(arguments)
            #expect(result.status == 64)
            #expect(result.standardOutput.isEmpty)
            let known = noteOrder.prefix(5).joined(separator: ", ")
            #expect(result.standardError == "analyze-dump: error: --tid 1: the core has no such thread; its 15 threads are \(known), … and 10 more\n")
        }
    }
}
