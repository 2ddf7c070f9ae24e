import Foundation
import Testing
import FixtureSupport

/// The Python stacks and the GIL of CPython 3.8 to 3.10 (`PyFrameObject` chains, `co_lnotab`
/// and 3.10's `co_linetable`, thread states matched by pthread_t): python-warmup.py compared
/// frame by frame with pystack and py-spy, gil-and-lock.py's GIL and lock queues; in
/// CPythonWaitTests's serialized suite so that its CPU hogs never run beside the others.
extension CPythonWaitTests {
    /// The CPythons before 3.11 installed here: Debian 11's python3.9 (symbols only) and
    /// python3.9d (DWARF), which scripts/install-deps unpacks, and pyenv builds of 3.8, 3.9 and
    /// 3.10 where a machine has them; none but on x86_64, the only architecture whose cores
    /// pair these versions' thread states with their threads (by `fs_base`).
    static let legacyInterpreters: [String] = {
        #if arch(x86_64)
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return [
            "/opt/analyze-dump-deps/python3.9/usr/bin/python3.9", "/opt/analyze-dump-deps/python3.9/usr/bin/python3.9d",
            home + "/.pyenv/versions/3.8.18/bin/python3.8", home + "/.pyenv/versions/3.9.18/bin/python3.9",
            home + "/.pyenv/versions/3.10.13/bin/python3.10",
        ].filter { FileManager.default.isExecutableFile(atPath: $0) }
        #else
        return []
        #endif
    }()

    /// Every thread's Python frames equal pystack's and py-spy's; the warm-up holds the GIL
    /// (py-spy agrees) and the runaway is its only waiter.
    @Test(
        .disabled(if: pySpy == nil || pystack == nil, "py-spy or pystack is not installed: run scripts/install-deps"),
        .disabled(if: legacyInterpreters.isEmpty, "no CPython 3.8 to 3.10 is installed: run scripts/install-deps"),
        arguments: legacyInterpreters)
    func legacyPythonFramesAndTheGILAgreeWithPySpyAndPystack(interpreter: String) throws {
        let name = "python-warmup-" + (interpreter.split(separator: "/").last.map(String.init) ?? "")
        let scenario = try ScenarioCapture(named: name, scenario: "python-warmup.py", interpreter: interpreter)
        defer { scenario.end() }
        let warmup = try WarmupComparison(scenario, checkPySpy: true)
        #expect(warmup.pySpyThreads.count == 7)
        #expect(warmup.pySpyThreads.filter(\.holdsGIL).map(\.tid) == [warmup.warmup])
        let locks = try #require(scenario.report["locks"] as? [[String: Any]])
        let gil = try #require(locks.first { $0["name"] as? String == "the GIL" }, "locks \(locks)")
        #expect(gil["owner_tid"] as? Int == warmup.warmup)
        #expect(((gil["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int } == [warmup.runaway])
        let notes = (scenario.report["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(!notes.contains { $0.contains("python") }, "\(notes)")
    }

    /// gil-and-lock.py: the hog holds the GIL, in the re module's `match`, the two GIL waiters
    /// queue on it, the two lock waiters on the threading.Lock's semaphore.
    @Test(
        .disabled(if: legacyInterpreters.isEmpty, "no CPython 3.8 to 3.10 is installed: run scripts/install-deps"),
        arguments: legacyInterpreters)
    func legacyGILAndLockWaiters(interpreter: String) throws {
        let name = "cpython-waits-" + (interpreter.split(separator: "/").last.map(String.init) ?? "")
        let scenario = try ScenarioCapture(named: name, interpreter: interpreter)
        defer { scenario.end() }
        let roles = try String(contentsOfFile: scenario.directory + "/tids.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
        func tids(_ role: String) -> [Int] { roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted() }
        let hog = try #require(tids("hog").first)
        let locks = try #require(scenario.report["locks"] as? [[String: Any]])
        func waiters(_ lock: [String: Any]) -> [Int] { ((lock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }.sorted() }
        let gil = try #require(locks.first { $0["name"] as? String == "the GIL" }, "locks \(locks)")
        #expect(gil["owner_tid"] as? Int == hog)
        #expect(waiters(gil) == tids("gil-waiter"))
        let semaphore = try #require(locks.first { $0["kind"] as? String == "semaphore" }, "locks \(locks)")
        #expect(waiters(semaphore) == tids("lock-waiter"))
        let findings = try #require(scenario.report["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["title"] as? String == "Thread \(hog) holds the GIL while running match; 2 threads wait" },
                "\(findings.map { $0["title"] ?? "" })")
    }
}
