import Foundation
import Testing
import FixtureSupport

/// python-warmup.py with idle threads beside the warm-up: workers in `queue.Queue.get` on one
/// empty queue and waiters in `threading.Event.wait` on one event, each asleep in its
/// Condition's private lock. The report names the holder of the threading.Lock `cache_lock`
/// (the scenario's own warm-up thread, from tids.txt: pystack does not name lock holders) with
/// its four requests, and groups the idle threads as one condition wait per Condition, with no
/// finding of their own; every thread's Python frames agree with pystack's and py-spy's.
extension CPythonWaitTests {
    /// The CPythons other than Debian's the threading locks are read for, where installed.
    static let lockReadingInterpreters = otherInterpreters.filter { $0.hasSuffix("3.12") || $0.hasSuffix("3.13") }

    @Test(.disabled(if: pySpy == nil || pystack == nil, "py-spy or pystack is not installed: run scripts/install-deps"))
    func idleConditionWaitersAreOneGroupEachAndTheLockNamesItsHolder() throws {
        let scenario = try ScenarioCapture(named: "python-idle-pool", scenario: "python-warmup.py", arguments: ["200", "50"])
        defer { scenario.end() }
        let warmup = try WarmupComparison(scenario, checkPySpy: true)
        let idle = try IdleRoles(scenario)
        #expect(idle.workers.count == 200 && idle.eventWaiters.count == 50)
        try expectHolderAndGroups(scenario, warmup: warmup, idle: idle)

        let threads = try #require(scenario.report["threads"] as? [[String: Any]])
        #expect(threads.count == 257)
        var categories: [String: Int] = [:]
        for thread in threads { categories[(thread["state"] as? [String: Any])?["category"] as? String ?? "", default: 0] += 1 }
        #expect(categories == ["running": 1, "waiting on locks": 5, "waiting on conditions": 250, "sleeping": 1])
        let findings = try #require(scenario.report["findings"] as? [[String: Any]])
        #expect(findings.map { "\($0["kind"] ?? "") \($0["title"] ?? "")" } == [
            "lock-held-while-running Thread \(warmup.warmup) holds cache_lock and the GIL while running warm_cache; 5 threads wait",
            "managed-runtime The process runs CPython (python3.11): its Python frames are read for 257 of 257 threads",
        ])
        #expect((findings.first?["tids"] as? [Int]).map { Array($0.prefix(1)) + $0.dropFirst().sorted() }
            == [warmup.warmup] + (warmup.requests + [warmup.runaway]).sorted())

        let documentPath = scenario.directory + "/report.json"
        try scenario.json.write(toFile: documentPath, atomically: true, encoding: .utf8)
        let validation = try ReportSchema.validate([documentPath])
        #expect(validation.status == 0, "\(validation.standardOutput)\(validation.standardError)")
        // The text and HTML reports name the lock, its holder and the Condition's caller.
        // Wide enough that no thread's row is wrapped.
        let text = try AnalyzeDumpBinary.run([scenario.core], environment: ["COLUMNS": "200"]).standardOutput
        #expect(text.contains("  `cache_lock` threading.Lock at "), "\(text)")
        #expect(text.split(separator: "\n").filter { $0.contains("waiting for a threading lock (CPython): threading.Lock `cache_lock`") }.count == 4)
        #expect(text.split(separator: "\n").filter { $0.contains("waiting on a threading.Condition (CPython): condition variable `threading.Condition@") && $0.contains(" (waited on in queue.Queue.get)`") }.count == 200)
        let html = try AnalyzeDumpBinary.run(["--format", "html", scenario.core]).standardOutput
        #expect(html.contains("cache_lock") && html.contains("(waited on in threading.Event.wait)"))
    }

    /// The same reading under the pyenv builds of 3.12 and 3.13, with a few idle threads.
    @Test(.disabled(if: pystack == nil, "pystack is not installed: run scripts/install-deps"), arguments: lockReadingInterpreters)
    func threadingLockHolderAndConditionsUnder(interpreter: String) throws {
        let name = "python-idle-" + (interpreter.split(separator: "/").last.map(String.init) ?? "")
        let scenario = try ScenarioCapture(named: name, scenario: "python-warmup.py", interpreter: interpreter, arguments: ["3", "2"])
        defer { scenario.end() }
        let warmup = try WarmupComparison(scenario, checkPySpy: true)
        let idle = try IdleRoles(scenario)
        #expect(idle.workers.count == 3 && idle.eventWaiters.count == 2)
        try expectHolderAndGroups(scenario, warmup: warmup, idle: idle)
    }

    /// The idle roles of tids.txt.
    struct IdleRoles {
        var workers: [Int]
        var eventWaiters: [Int]

        init(_ scenario: ScenarioCapture) throws {
            let roles = try String(contentsOfFile: scenario.directory + "/tids.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
            func tids(_ role: String) -> [Int] { roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted() }
            workers = tids("idle-worker")
            eventWaiters = tids("event-waiter")
        }
    }

    /// `cache_lock` held by the warm-up with the requests queued; one condition variable per
    /// Condition, named by its caller, its waiters in that wait.
    private func expectHolderAndGroups(_ scenario: ScenarioCapture, warmup: WarmupComparison, idle: IdleRoles) throws {
        let locks = try #require(scenario.report["locks"] as? [[String: Any]])
        func waiters(_ lock: [String: Any]) -> [Int] { ((lock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }.sorted() }
        let cacheLock = try #require(locks.first { $0["name"] as? String == "cache_lock" }, "locks \(locks)")
        #expect(cacheLock["kind"] as? String == "threading.Lock")
        #expect(cacheLock["owner_tid"] as? Int == warmup.warmup)
        #expect(waiters(cacheLock) == warmup.requests)
        let conditions = locks.filter { $0["kind"] as? String == "condition variable" }
        #expect(conditions.count == 2, "locks \(locks)")
        let threads = try #require(scenario.report["threads"] as? [[String: Any]])
        for (tids, caller) in [(idle.workers, "queue.Queue.get"), (idle.eventWaiters, "threading.Event.wait")] {
            let condition = try #require(conditions.first { waiters($0) == tids }, "locks \(locks)")
            let name = condition["name"] as? String ?? ""
            #expect(name.hasPrefix("threading.Condition@0x") && name.hasSuffix(" (waited on in \(caller))"), "\(name)")
            #expect(condition["owner_tid"] is NSNull)
            for tid in tids {
                let state = threads.first { ($0["tid"] as? Int) == tid }?["state"] as? [String: Any]
                #expect(state?["category"] as? String == "waiting on conditions")
                #expect(state?["description"] as? String == "waiting on a threading.Condition (CPython) in \(caller)")
                let wait = state?["runtime_wait"] as? [String: Any]
                #expect(wait?["kind"] as? String == "condition" && wait?["function"] as? String == caller)
                #expect(wait?["lock"] as? String == condition["address"] as? String)
            }
        }
    }
}
