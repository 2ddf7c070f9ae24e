import Foundation
import Testing
import FixtureSupport

/// Names as every format prints them on the fixture cores: the lock in an array of structs
/// by its DWARF path in the text thread states, the owner line, JSON `state.description` and
/// compare's stuck threads; the crashing thread's state; the uncaught exception in JSON.
@Suite struct NamedLocksAndCrashStateTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try AnalyzeDumpBinary.run(arguments + ["--format", "json"])
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    static func states(_ report: [String: Any]) -> [Int: [String: Any]] {
        let threads = report["threads"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: threads.compactMap { thread in
            (thread["tid"] as? Int).map { ($0, thread["state"] as? [String: Any] ?? [:]) }
        })
    }

    @Test func theSessionLockIsNamedByItsPathInEveryFormat() throws {
        let fixture = Fixture("session-lock")
        let arguments = [fixture.compressedCorePath, "--exe", try fixture.executablePath]
        let text = try AnalyzeDumpBinary.run(arguments).standardOutput
        #expect(text.contains("  1544     waiting for mutex `sessions[1].lock`         read_session (session-lock.c:71)\n"), "\(text)")
        #expect(text.contains("  `sessions[1].lock` mutex at 0x4ba178: queue depth 6\n"))
        #expect(!text.contains("sessions+0x78"))

        let report = try Self.json(arguments)
        let states = Self.states(report)
        for waiter in fixture.intListFact("waiter_tids") {
            #expect(states[waiter]?["description"] as? String == "waiting for mutex sessions[1].lock")
            #expect(states[waiter]?["lock"] as? String == "0x4ba178")
        }
        let locks = try #require(report["locks"] as? [[String: Any]])
        #expect(locks.map { $0["name"] as? String } == ["sessions[1].lock"])
    }

    @Test func theChainOwnerLineNamesTheLockItWaitsFor() throws {
        let fixture = Fixture("lock-chain")
        // Wide enough that no line is wrapped.
        let text = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath], environment: ["COLUMNS": "200"]).standardOutput
        #expect(text.contains("    owner: thread 10537, waiting for recursive mutex `index_lock`, in append_journal (lock-chain.c:70), CPU 0.00 s\n"), "\(text)")
        #expect(text.contains("Recommendation: Break the chain: thread 10537 holds `journal_lock` while it waits for"))
    }

    @Test func compareNamesTheStuckThreadsLock() throws {
        let fixture = Fixture("session-lock")
        let directory = try Scratch.makeDirectory(named: "compare-session-lock")
        let (first, second) = try CoreCopies.make(of: fixture.compressedCorePath, in: directory)
        let executable = try fixture.executablePath
        let text = try AnalyzeDumpBinary.run(["compare", "--exe", executable, first, second])
        #expect(text.standardOutput.contains("  1544     waiting for mutex `sessions[1].lock`         read_session\n"), "\(text.standardOutput)")
        #expect(!text.standardOutput.contains("0x4ba178 "))
        let json = try Self.json(["compare", "--exe", executable, first, second])
        let stuck = try #require(json["stuck_threads"] as? [[String: Any]])
        let waiters = Set(fixture.intListFact("waiter_tids"))
        let states = stuck.filter { waiters.contains($0["tid"] as? Int ?? 0) }.map { $0["state"] as? String }
        #expect(states.count == 6)
        #expect(states.allSatisfy { $0 == "waiting for mutex sessions[1].lock" })
        let persistent = try #require(json["persistent_locks"] as? [[String: Any]])
        #expect(persistent.first?["name"] as? String == "sessions[1].lock")
    }

    @Test(arguments: [
        ("null-deref", 2726, "crashed: SIGSEGV at 0x10 (NULL pointer dereference)"),
        ("stack-overflow", 3314, "crashed: SIGSEGV at 0x7ff6d6277f8c (stack overflow)"),
        ("handler-reraise", 31798, "crashed: SIGSEGV at 0x28 (NULL pointer dereference; re-raised by a handler)"),
        ("assert-fail", 3471, "crashed: SIGABRT (assertion failed)"),
    ])
    func theCrashingThreadIsCrashedInTextAndJSON(name: String, tid: Int, description: String) throws {
        let fixture = Fixture(name)
        let arguments = [fixture.compressedCorePath, "--exe", try fixture.executablePath]
        let text = try AnalyzeDumpBinary.run(arguments, environment: ["COLUMNS": "200"]).standardOutput
        let states = try #require(text.range(of: "Thread states:"), "\(text)")
        let line = text[states.lowerBound...].split(separator: "\n").first { $0.hasPrefix("  \(tid) ") || $0.hasPrefix("  \(tid)*") }
        #expect(line?.contains(description) == true, "\(text)")
        #expect(text.contains("threads: 1 crashed"))
        let state = Self.states(try Self.json(arguments))[tid]
        #expect(state?["category"] as? String == "crashed")
        #expect(state?["activity"] as? String == "crashed")
        #expect(state?["description"] as? String == description)
    }

    @Test func theUncaughtExceptionIsInTheCrashObject() throws {
        let fixture = Fixture("uncaught-exception")
        let report = try Self.json([fixture.compressedCorePath, "--exe", try fixture.executablePath])
        let crash = try #require(report["crash"] as? [String: Any])
        let exception = try #require(crash["exception"] as? [String: Any])
        #expect(exception["type"] as? String == "std::runtime_error")
        #expect(exception["message"] as? String == "missing '=' in line 7")
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.first?["title"] as? String == #"Uncaught C++ exception std::runtime_error: "missing '=' in line 7" thrown by parse_config_line(std::string const&, int) (thread 12120)"#)
    }
}
