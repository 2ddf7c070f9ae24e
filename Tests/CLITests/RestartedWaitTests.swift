import Foundation
import Testing
import FixtureSupport

/// A live process captured twice: the first capture stops and continues it, so in the second
/// every timed wait sleeps in `restart_syscall`, and the report still tells each wait.
@Suite struct RestartedWaitTests {
    @Test func aSecondCaptureTellsEveryRestartedWaitLikeTheFirst() throws {
        let program = try ScenarioProgram("timed-waits", directoryName: "restarted-waits")
        let directory = program.directory
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let holder = try #require(LiveProcess.thread(named: "holder", pid: pid))
        let lockers = try ["locker-0", "locker-1"].map { try #require(LiveProcess.thread(named: $0, pid: pid)) }
        let waiters = try ["waiter-0", "waiter-1"].map { try #require(LiveProcess.thread(named: $0, pid: pid)) }

        let first = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory])
        #expect(first.status == 0, "\(first.standardError)")
        Thread.sleep(forTimeInterval: 1.1)
        let second = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory])
        #expect(second.status == 0, "\(second.standardError)")
        let firstPath = first.standardOutput.trimmingCharacters(in: .newlines)
        let secondPath = second.standardOutput.trimmingCharacters(in: .newlines)

        let result = try AnalyzeDumpBinary.run([secondPath, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        func state(_ tid: Int32) -> [String: Any]? {
            threads.first { ($0["tid"] as? Int) == Int(tid) }?["state"] as? [String: Any]
        }
        func callName(_ tid: Int32) -> String? { (state(tid)?["system_call"] as? [String: Any])?["name"] as? String }

        let locks = try #require(report["locks"] as? [[String: Any]])
        let tableLock = try #require(locks.first { ($0["name"] as? String) == "table_lock" })
        let tableAddress = try #require(tableLock["address"] as? String)
        #expect((tableLock["owner_tid"] as? Int) == Int(holder))
        #expect(((tableLock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int } == lockers.map(Int.init))
        let workReady = try #require(locks.first { ($0["name"] as? String) == "work_ready" })
        #expect(((workReady["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int } == waiters.map(Int.init))

        for sleeper in [pid, holder] {
            #expect(callName(sleeper) == "restart_syscall")
            #expect(state(sleeper)?["category"] as? String == "sleeping")
            #expect(state(sleeper)?["description"] as? String == "sleeping in clock_nanosleep (resumed through restart_syscall)")
        }
        for locker in lockers {
            #expect(callName(locker) == "restart_syscall")
            #expect(state(locker)?["category"] as? String == "waiting on locks")
            #expect(state(locker)?["lock"] as? String == tableAddress)
            #expect(state(locker)?["description"] as? String == "waiting for mutex table_lock (resumed through restart_syscall)")
        }
        for waiter in waiters {
            #expect(callName(waiter) == "restart_syscall")
            #expect(state(waiter)?["category"] as? String == "waiting on conditions")
        }
        // Wide enough that no state is wrapped onto a second line.
        let text = try AnalyzeDumpBinary.run([secondPath], environment: ["COLUMNS": "200"]).standardOutput
        for locker in lockers {
            let line = text.split(separator: "\n").first { $0.hasPrefix("  \(locker) ") }
            #expect(line?.contains("waiting for mutex `table_lock` (resumed through restart_syscall)") == true, "\(text)")
        }
        let pools = try #require(report["pools"] as? [[String: Any]])
        let work = try #require(pools.first { ($0["entry_function"] as? String) == "work" })
        #expect(work["idle"] as? Int == 2)

        // The sleepers and the condition waiters are where they should be; the lockers are stuck.
        let comparison = try AnalyzeDumpBinary.run(["compare", firstPath, secondPath, "--format", "json"])
        let compared = try #require(try JSONSerialization.jsonObject(with: Data(comparison.standardOutput.utf8)) as? [String: Any])
        let stuck = try #require(compared["stuck_threads"] as? [[String: Any]])
        #expect(stuck.compactMap { $0["tid"] as? Int } == lockers.map(Int.init))
        for path in [firstPath, secondPath] { try? FileManager.default.removeItem(atPath: path) }
    }
}
