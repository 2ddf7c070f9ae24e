import Foundation
import Testing
import FixtureSupport

/// `analyze-dump compare` on two cores of python-warmup.py taken half a second apart: what it
/// says across cores is in Python terms, as the single-core report is (the merged Python frames
/// go through the same comparison as C frames). In CPythonWaitTests's serialized suite, as every
/// CPython scenario with CPU hogs is.
extension CPythonWaitTests {
    @Test func compareNamesThePythonFunctionsAcrossTwoCores() throws {
        let directory = try Scratch.makeDirectory(named: "python-compare")
        let script = directory + "/python-warmup.py"
        try FileManager.default.copyItem(
            atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/python-warmup.py").path, toPath: script)
        let running = try ReadyProgram("/usr/bin/python3", arguments: [script])
        defer { running.kill() }
        let roles = try String(contentsOfFile: directory + "/tids.txt", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ") }
        func tids(_ role: String) -> [Int] {
            roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted()
        }
        let requests = tids("request")
        let warmup = try #require(tids("warmup").first)
        let runaway = try #require(tids("runaway").first)
        #expect(requests.count == 4)
        // The warm-up takes the GIL for good after "ready": the runaway is queued on it once it
        // sleeps in a futex wait (202 on x86_64) instead of running.
        let runawaySyscall = "/proc/\(running.processIdentifier)/task/\(runaway)/syscall"
        for _ in 0..<1_000 where (try? String(contentsOfFile: runawaySyscall, encoding: .utf8))?.hasPrefix("202 ") != true {
            Thread.sleep(forTimeInterval: 0.01)
        }

        let first = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        defer { try? FileManager.default.removeItem(atPath: first) }
        Thread.sleep(forTimeInterval: 0.5)
        let second = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        defer { try? FileManager.default.removeItem(atPath: second) }
        running.kill()

        let result = try AnalyzeDumpBinary.run(["compare", "--format", "json", first, second])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])

        // The GIL, held by the warm-up in both cores with the runaway queued behind it.
        let locks = try #require(document["persistent_locks"] as? [[String: Any]])
        let gil = try #require(locks.first { $0["name"] as? String == "the GIL" }, "\(locks)")
        #expect(gil["owner_tid"] as? Int == warmup)
        #expect(gil["queue_depths"] as? [Int] == [1, 1])
        let titles = (document["findings"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.contains { $0.hasPrefix("the GIL was held by thread \(warmup) in both cores") }, "\(titles)")

        // The threads that did not move are placed by their Python function, and the busy
        // warm-up's innermost application frame is its Python function in both cores.
        let stuck = try #require(document["stuck_threads"] as? [[String: Any]])
        let places = Dictionary(uniqueKeysWithValues: stuck.compactMap { thread in
            (thread["tid"] as? Int).map { ($0, thread["place"] as? String ?? "") }
        })
        #expect(requests.allSatisfy { places[$0] == "handle_request" }, "\(places)")
        #expect(places[runaway] == "runaway_loop", "\(places)")
        #expect(places[warmup] == nil)
        let hits = try #require(document["function_hits"] as? [[String: Any]])
        #expect(hits.first?["function"] as? String == "warm_cache", "\(hits)")
        #expect(hits.first?["hits"] as? Int == 2)
    }
}
