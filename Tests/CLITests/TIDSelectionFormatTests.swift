import Foundation
import Testing
import FixtureSupport

/// `--tid` in every format: JSON, HTML and Markdown list only the threads asked for and say
/// so in a note, while the findings stay those of the whole process (queue-backlog: 15
/// threads, the holder of `backend_lock` and 12 waiters).
@Suite struct TIDSelectionFormatTests {
    let fixture = Fixture("queue-backlog")

    private func report(_ format: String, tids: [Int]) throws -> String {
        let arguments = [fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", format] + tids.flatMap { ["--tid", "\($0)"] }
        let result = try AnalyzeDumpBinary.run(arguments)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    private var holder: Int { get throws { Int(try fixture.tid("holder_tid")) } }
    private var waiter: Int { get throws { try #require(fixture.intListFact("waiter_tids").first) } }

    @Test func jsonListsTheThreadsAskedForAndEveryFinding() throws {
        let (holder, waiter) = (try holder, try waiter)
        func document(_ tids: [Int]) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(report("json", tids: tids).utf8)) as? [String: Any])
        }
        let whole = try document([])
        let selected = try document([holder, waiter])
        let threads = try #require(selected["threads"] as? [[String: Any]])
        // In the core's order, not the command line's: the holder 12284 comes before 12285.
        #expect(threads.compactMap { $0["tid"] as? Int } == [holder, waiter])
        #expect((selected["process"] as? [String: Any])?["thread_count"] as? Int == 15)
        #expect((selected["findings"] as? [Any])?.count == (whole["findings"] as? [Any])?.count)
        let diagnostics = try #require(selected["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String
            == "--tid \(holder), \(waiter): 2 of the process's 15 threads are listed; the findings, locks, CPU times and flame graph cover all 15")
        #expect(diagnostics.first?["severity"] as? String == "note")
    }

    @Test func htmlShowsTheStacksOfTheThreadsAskedForOnly() throws {
        let (holder, waiter) = (try holder, try waiter)
        let html = try report("html", tids: [holder, waiter])
        let other = try #require(fixture.intListFact("waiter_tids").last)
        #expect(html.contains("<h2>Threads (2 of 15 threads, 2 distinct stacks)</h2>"))
        // Every other section is the whole process's: the header counts 15 threads and the
        // wait-for graph knows every waiter.
        #expect(html.contains("x86_64 · 15 threads · "))
        #expect(!html.contains("not in the process"))
        #expect(html.contains("<span class=\"tids\">TID <span id=\"thread-\(holder)\">\(holder)</span>"))
        #expect(html.contains("<span class=\"tids\">TID <span id=\"thread-\(waiter)\">\(waiter)</span>"))
        #expect(!html.contains("TID \(other)<"))
        // The thread-state counts are the whole process's.
        #expect(html.contains("all threads</th><td class=\"number\">15<"))
        #expect(html.contains("2 of the process&#39;s 15 threads are listed"))
        // Links go only to the stacks on the page, and the thread table lists the two threads.
        let targets = Set(html.components(separatedBy: "href=\"#thread-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) })
        #expect(targets == [holder, waiter])
        #expect(html.contains("<h3>All threads (2)</h3>"))
    }

    @Test func markdownStacksHoldTheThreadsAskedForOnly() throws {
        let holder = try holder
        let markdown = try report("markdown", tids: [holder])
        let whole = try report("markdown", tids: [])
        #expect(markdown.hasPrefix("# analyze-dump: process 12278 (queue-backlog), x86\\_64, 15 threads, SIGQUIT\n"))
        #expect(markdown.contains("## Stacks (the 1 of --tid, of 15 threads; 1 distinct)\n\n**1 thread:** \(holder)\n"))
        func findings(_ text: String) -> String { text.components(separatedBy: "## Signature")[0].components(separatedBy: "## Findings")[1] }
        #expect(findings(markdown) == findings(whole))
        let waiters = fixture.intListFact("waiter_tids").map(String.init)
        let stacks = markdown.components(separatedBy: "## Stacks")[1]
        #expect(!waiters.contains { stacks.contains($0) })
    }
}
