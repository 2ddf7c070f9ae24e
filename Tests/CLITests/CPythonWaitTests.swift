import Foundation
import Testing
import FixtureSupport

/// CPython threads on a threading.Lock and on the GIL, captured live under Debian's python3:
/// both are lock waits, each queue on its own object, and the JSON report carries each wait as
/// tokens (runtime, the row's function, the lock) and validates against the schema.
@Suite struct CPythonWaitTests {
    @Test func threadingLockAndGILWaitersAreLockWaits() throws {
        let directory = try Scratch.makeDirectory(named: "cpython-waits")
        let script = directory + "/gil-and-lock.py"
        try FileManager.default.copyItem(
            atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/gil-and-lock.py").path, toPath: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let running = try ReadyProgram(script)
        defer { running.kill() }
        let pid = running.processIdentifier
        let roles = try String(contentsOfFile: directory + "/tids.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
        func tids(_ role: String) -> [Int] { roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted() }
        let lockWaiters = tids("lock-waiter")
        let gilWaiters = tids("gil-waiter")
        let hog = try #require(tids("hog").first)
        #expect(lockWaiters.count == 2 && gilWaiters.count == 2)
        // The hog takes the GIL for good right after "ready"; the GIL waiters queue within 10 ms.
        Thread.sleep(forTimeInterval: 1.0)

        let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory])
        #expect(capture.status == 0, "\(capture.standardError)")
        let core = capture.standardOutput.trimmingCharacters(in: .newlines)
        defer { try? FileManager.default.removeItem(atPath: core) }
        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        func state(_ tid: Int) -> [String: Any]? { threads.first { ($0["tid"] as? Int) == tid }?["state"] as? [String: Any] }
        let locks = try #require(report["locks"] as? [[String: Any]])
        // Sorted: a lock lists its waiters in the order the core records the threads.
        func waiters(_ lock: [String: Any]) -> [Int] { ((lock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }.sorted() }

        #expect(state(hog)?["category"] as? String == "running")
        for tid in lockWaiters {
            #expect(state(tid)?["category"] as? String == "waiting on locks")
            #expect(state(tid)?["description"] as? String
                == "waiting for a threading lock (CPython; Condition.wait, Event.wait, Queue.get and Thread.join wait the same way) in PyThread_acquire_lock_timed; the holder is found in the Python stacks (pystack core); a threading.Lock records no owner")
        }
        let semaphore = try #require(locks.first { waiters($0) == lockWaiters })
        #expect(semaphore["kind"] as? String == "semaphore")
        for tid in gilWaiters {
            #expect(state(tid)?["category"] as? String == "waiting on locks")
            let description = state(tid)?["description"] as? String ?? ""
            #expect(["PyEval_RestoreThread", "take_gil"].map {
                "waiting for the GIL (CPython) in \($0); the holder is found in `_PyRuntime`'s gilstate (py-spy dump --core, pystack core)"
            }.contains(description), "\(description)")
        }
        let gil = try #require(locks.first { waiters($0) == gilWaiters }, "GIL waiters \(gilWaiters), locks \(locks.map { ($0["name"] ?? "", waiters($0)) })")
        #expect((gil["name"] as? String)?.hasPrefix("_PyRuntime+") == true)
        #expect(gil["kind"] as? String == "condition variable")
        let findings = try #require(report["findings"] as? [[String: Any]])
        let runtimeWaits = findings.filter { ($0["kind"] as? String) == "runtime-lock-wait" }
        #expect(Set(runtimeWaits.compactMap { $0["title"] as? String }) == [
            "2 threads wait for the GIL (CPython)",
            "2 threads wait for a threading lock (CPython; Condition.wait, Event.wait, Queue.get and Thread.join wait the same way)",
        ])
        // The same waits as tokens, in each waiter's state and in the findings.
        let lockAddress = semaphore["address"] as? String, gilAddress = gil["address"] as? String
        for (tids, address, signatures) in [(lockWaiters, lockAddress, ["PyThread_acquire_lock_timed"]), (gilWaiters, gilAddress, ["PyEval_RestoreThread", "take_gil"])] {
            for tid in tids {
                #expect(state(tid)?["activity"] as? String == "runtime_wait")
                let wait = state(tid)?["runtime_wait"] as? [String: Any]
                #expect(wait?["kind"] as? String == "lock")
                #expect(wait?["runtime"] as? String == "cpython")
                #expect(signatures.contains(wait?["signature"] as? String ?? ""), "\(wait ?? [:])")
                #expect(wait?["lock"] as? String == address && address != nil)
            }
            let finding = runtimeWaits.first { ($0["tids"] as? [Int])?.sorted() == tids }?["runtime_wait"] as? [String: Any]
            #expect(finding?["runtime"] as? String == "cpython")
            #expect(signatures.contains(finding?["signature"] as? String ?? ""), "\(finding ?? [:])")
            #expect(finding?["lock"] as? String == address)
        }
        #expect(state(hog)?["runtime_wait"] is NSNull)
        let documentPath = directory + "/report.json"
        try result.standardOutput.write(toFile: documentPath, atomically: true, encoding: .utf8)
        let validation = try ReportSchema.validate([documentPath])
        #expect(validation.status == 0, "\(validation.standardOutput)\(validation.standardError)")

        let text = try AnalyzeDumpBinary.run([core]).standardOutput
        let gilLines = text.split(separator: "\n").filter { $0.contains("waiting for the GIL (CPython): condition variable `_PyRuntime+") }
        #expect(gilLines.count == 2, "\(text)")
    }
}
