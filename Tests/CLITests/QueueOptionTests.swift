import Testing
import FixtureSupport

/// `--queue EXPR`: application counters read through DWARF and reported as queue depths.
@Suite struct QueueOptionTests {
    let fixture = Fixture("queue-backlog")

    @Test func countersAreReportedAsQueueDepthsBehindTheSaturatedPool() throws {
        let result = try AnalyzeDumpBinary.run([
            fixture.compressedCorePath, "--exe", try fixture.executablePath,
            "--queue", "request_queue.depth", "--queue", "pending_requests",
        ])
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let depth = try #require(fixture.facts["request_queue_depth"])
        #expect(result.standardOutput.contains("[warning] Work requests in queue: request_queue.depth = \(depth)\n"))
        #expect(result.standardOutput.contains("Work requests in queue: pending_requests = \(fixture.facts["pending_requests"] ?? "?")\n"))
        #expect(result.standardOutput.contains("  request_queue.depth = \(depth) (long unsigned int at 0x"))
    }

    @Test func anUnreadableCounterIsAWarningAndTheReportIsStillWritten() throws {
        let result = try AnalyzeDumpBinary.run([
            fixture.compressedCorePath, "--exe", try fixture.executablePath, "--queue", "request_queue.dept",
        ])
        #expect(result.status == 1)
        #expect(result.standardError == """
            analyze-dump: warning: --queue request_queue.dept: `request_queue` (struct request_queue) has no member `dept`; its members are depth, limit
            analyze-dump: warning: 1 --queue expression could not be read (see Diagnostics)

            """)
        #expect(result.standardOutput.contains("holds `backend_lock` while sleeping"))
        #expect(result.standardOutput.contains("warning: --queue request_queue.dept: "))
    }
}
