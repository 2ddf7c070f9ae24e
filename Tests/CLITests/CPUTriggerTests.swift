import Foundation
import Testing
import FixtureSupport

/// `analyze-dump capture` with a CPU trigger, which needs the watched thread to get half a CPU:
/// `make test` runs this suite in a pass of its own, after the rest, since the other live
/// scenarios' busy threads (and the mutation tests) on a 2-core machine can deny it that.
@Suite struct CPUTriggerTests {
    /// The scenario: a service answers quickly for 1.5 s, then a reload warms its model
    /// up under the model lock. A CPU trigger takes two cores 2 s apart once the warm-up has
    /// burned a CPU for a second, and the comparison names the holder and its function.
    @Test func cpuTriggeredSeriesOfAWarmUpNamesTheHolderAndItsFunction() throws {
        let program = try ScenarioProgram("warmup-later", directoryName: "capture-warmup")
        let directory = try CaptureCommandTests.coreDirectory(of: program)
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let reloader = try #require(LiveProcess.thread(named: "reloader", pid: pid))

        let started = Date()
        let result = try AnalyzeDumpBinary.run([
            "capture", "--pid", String(pid), "-o", directory, "--cpu", "50", "--for", "1s",
            "--count", "2", "--interval", "2s", "--analyze", "--timeout", "90s",
        ])
        let reloaderCPUAfter = LiveProcess.cpuMicroseconds(pid: pid, tid: reloader) ?? 0
        #expect(result.status == 0, "\(result.standardError)")
        let cores = result.standardOutput.split(separator: "\n").map(String.init)
        try #require(cores.count == 2)
        #expect(cores.allSatisfy { $0.hasPrefix(directory + "/warmup-later_\(pid)_cpu50_") && $0.hasSuffix("Z.core") })
        // The fast phase (1.5 s) cannot fire the trigger: the first core comes after the
        // warm-up has run for a second at least.
        #expect(Date().timeIntervalSince(started) >= 4.4)
        for core in cores {
            for suffix in [".txt", ".json", ".html"] {
                #expect(FileManager.default.fileExists(atPath: core + suffix), "\(core + suffix)")
            }
        }

        let comparisonFiles = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("warmup-later_\(pid)_compare_") && $0.hasSuffix(".json") }
        let comparisonPath = directory + "/" + (try #require(comparisonFiles.first))
        #expect(FileManager.default.fileExists(atPath: comparisonPath.replacingOccurrences(of: ".json", with: ".html")))
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: comparisonPath))) as? [String: Any])
        #expect((comparison["has_cpu_accounting"] as? Bool) == true)
        let interval = try #require((comparison["interval_seconds"] as? [Double])?.first)
        // --interval apart at least; later when the trigger took a while to hold again (the
        // machine may be busy with other tests).
        #expect(interval >= 1.9 && interval < 30, "interval \(interval)")

        // The holder: the lock it keeps in both cores, and the CPU it burned between them.
        let locks = try #require(comparison["persistent_locks"] as? [[String: Any]])
        #expect(locks.first?["name"] as? String == "model_lock")
        #expect((locks.first?["owner_tid"] as? Int) == Int(reloader))
        #expect((locks.first?["queue_depths"] as? [Int])?.allSatisfy { $0 >= 1 && $0 <= 6 } == true)
        let threads = try #require(comparison["threads"] as? [[String: Any]])
        let holder = try #require(threads.first)
        #expect((holder["tid"] as? Int) == Int(reloader))
        #expect(holder["name"] as? String == "reloader")
        let between = try #require((holder["intervals_us"] as? [Int])?.first)
        // Some of the time between the cores, and no more than all of it (the machine may be
        // busy with other tests, so how much the holder got is not fixed).
        #expect(Double(between) <= interval * 1_000_000 * 1.05 && between >= 100_000, "\(between) µs in \(interval) s")
        // /proc, read after the capture and the analysis, has at least what the last core says.
        let recorded = try #require(holder["total_us"] as? Int)
        #expect(UInt64(recorded) <= reloaderCPUAfter)
        let text = try String(contentsOfFile: comparisonPath.replacingOccurrences(of: ".json", with: ".txt"), encoding: .utf8)
        #expect(text.contains("`model_lock` at 0x"))
        #expect(text.contains(": owner \(reloader) \"reloader\", queue depth "))
        let hits = try #require(comparison["function_hits"] as? [[String: Any]])
        #expect(hits.first?["function"] as? String == "warm_up_model_cache")

        let findings = try #require(comparison["findings"] as? [[String: Any]])
        // The six requests wait on the lock in both cores; main, in pause, is not stuck, nor
        // the holder, which burned CPU (a tight loop can put it at the same instruction twice).
        let stuck = try #require(comparison["stuck_threads"] as? [[String: Any]])
        #expect(stuck.count == 6 && stuck.allSatisfy { ($0["name"] as? String)?.hasPrefix("request-") == true }, "\(stuck)")
        let held = try #require(findings.first { $0["kind"] as? String == "lock-held-across-cores" })
        #expect((held["title"] as? String)?.hasPrefix("model_lock was held by thread \(reloader) in both cores") == true)
        #expect((held["description"] as? String)?.contains("thread \(reloader) was in warm_up_model_cache") == true)
        // A thread is called busy from half a CPU on average, which a loaded machine may deny.
        if let average = holder["average_percent"] as? Double, average >= 50 {
            let burned = try #require(findings.first { $0["kind"] as? String == "cpu-between-cores" })
            #expect((burned["description"] as? String)?.hasPrefix("Thread \(reloader) used ") == true)
            #expect((burned["description"] as? String)?.contains("in warm_up_model_cache") == true)
        }
    }
}
