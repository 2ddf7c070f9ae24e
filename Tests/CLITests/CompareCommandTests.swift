import Foundation
import Testing
import FixtureSupport

/// `analyze-dump compare` on two cores of one live process written by gcore a second apart.
@Suite struct CompareCommandTests {
    @Test func twoGcoreCoresOfOneProcessAreMatchedAndSayTheyHaveNoCPUTimes() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "compare-gcore")
        let directory = program.directory
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = String(running.processIdentifier)
        try Command.run("/usr/bin/env", ["gcore", "-o", directory + "/first", pid])
        Thread.sleep(forTimeInterval: 1.1)
        try Command.run("/usr/bin/env", ["gcore", "-o", directory + "/second", pid])
        let first = directory + "/first." + pid, second = directory + "/second." + pid

        // Given newest first: the report orders the cores by when they were written.
        let text = try AnalyzeDumpBinary.run(["compare", second, first])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("[information] The cores record no CPU times: CPU between them is unknown"))
        #expect(text.standardOutput.contains("  1. \(first): pid \(pid), 4 threads\n  2. \(second): pid \(pid), 4 threads, +1."))
        #expect(text.standardOutput.contains("Threads appeared: none\nThreads ended: none"))
        #expect(!text.standardOutput.contains("different processes"))

        let json = try AnalyzeDumpBinary.run(["compare", "--format", "json", first, second])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "comparison")
        #expect(document["has_cpu_accounting"] as? Bool == false)
        #expect((document["cores"] as? [[String: Any]])?.map { $0["path"] as? String } == [first, second])
        let interval = try #require((document["interval_seconds"] as? [Double])?.first)
        #expect(interval > 1.0 && interval < 30)
    }

    @Test func oneCoreIsAUsageError() throws {
        let fixture = Fixture("warmup-lock")
        let result = try AnalyzeDumpBinary.run(["compare", fixture.compressedCorePath])
        #expect(result.status == 64)
        #expect(result.standardError.contains("compare needs at least two cores"))
    }
}
