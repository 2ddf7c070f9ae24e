import Foundation
import Testing
import FixtureSupport

/// CPython threads on a threading.Lock and on the GIL, captured live under Debian's python3:
/// both are lock waits, each queue on its own object with its holder, and the JSON report carries each wait as
/// tokens (runtime, the row's function, the lock) and validates against the schema; py-spy,
/// reading the same core, agrees.
/// Serialized: two scenarios hogging the CPUs at once could keep a GIL waiter off its wait.
@Suite(.serialized) struct CPythonWaitTests {
    /// py-spy as `scripts/install-deps` installs it (a venv in the user's cache), nil when absent.
    static let pySpy: String? = {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? "") + "/.cache"
        let path = cache + "/analyze-dump/py-spy-0.4.3/bin/py-spy"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    @Test func threadingLockAndGILWaitersAreLockWaits() throws {
        let scenario = try ScenarioCapture(named: "cpython-waits")
        defer { scenario.end() }
        let roles = try String(contentsOfFile: scenario.directory + "/tids.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
        func tids(_ role: String) -> [Int] { roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted() }
        let lockWaiters = tids("lock-waiter")
        let gilWaiters = tids("gil-waiter")
        let hog = try #require(tids("hog").first)
        let holder = try #require(tids("holder").first)
        #expect(lockWaiters.count == 2 && gilWaiters.count == 2)
        let report = scenario.report
        let threads = try #require(report["threads"] as? [[String: Any]])
        func state(_ tid: Int) -> [String: Any]? { threads.first { ($0["tid"] as? Int) == tid }?["state"] as? [String: Any] }
        let locks = try #require(report["locks"] as? [[String: Any]])
        // Sorted: a lock lists its waiters in the order the core records the threads.
        func waiters(_ lock: [String: Any]) -> [Int] { ((lock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }.sorted() }

        #expect(state(hog)?["category"] as? String == "running")
        for tid in lockWaiters {
            #expect(state(tid)?["category"] as? String == "waiting on locks")
            #expect(state(tid)?["description"] as? String
                == "waiting for a threading lock (CPython) in PyThread_acquire_lock_timed")
        }
        // The reader names the lock by its global and its holder, the thread in `with lock:`.
        let semaphore = try #require(locks.first { waiters($0) == lockWaiters })
        #expect(semaphore["kind"] as? String == "threading.Lock")
        #expect(semaphore["name"] as? String == "lock")
        #expect(semaphore["owner_tid"] as? Int == holder)
        for tid in gilWaiters {
            #expect(state(tid)?["category"] as? String == "waiting on locks")
            let description = state(tid)?["description"] as? String ?? ""
            #expect(["PyEval_RestoreThread", "take_gil"].map { "waiting for the GIL (CPython) in \($0)" }.contains(description), "\(description)")
        }
        let gil = try #require(locks.first { waiters($0) == gilWaiters }, "GIL waiters \(gilWaiters), locks \(locks.map { ($0["name"] ?? "", waiters($0)) })")
        // The reader of CPython's structures names the GIL and its holder, the hog.
        #expect(gil["name"] as? String == "the GIL")
        #expect(gil["kind"] as? String == "GIL")
        #expect(gil["owner_tid"] as? Int == hog)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { ($0["kind"] as? String) == "runtime-lock-wait" })
        let lockFinding = try #require(findings.first { $0["kind"] as? String == "lock-held-while-waiting" }, "\(findings.map { $0["title"] ?? "" })")
        #expect(lockFinding["title"] as? String == "Thread \(holder) holds lock while sleeping in clock_nanosleep in holder; 2 threads wait")
        #expect((lockFinding["tids"] as? [Int]).map { Array($0.prefix(1)) + $0.dropFirst().sorted() } == [holder] + lockWaiters)
        // The GIL's queue is a lock held while its owner runs: the hog, in the re module's `match`.
        let gilFinding = try #require(findings.first { $0["kind"] as? String == "lock-held-while-running" }, "\(findings.map { $0["title"] ?? "" })")
        #expect(gilFinding["title"] as? String == "Thread \(hog) holds the GIL while running match; 2 threads wait")
        #expect((gilFinding["tids"] as? [Int]).map { Array($0.prefix(1)) + $0.dropFirst().sorted() } == [hog] + gilWaiters)
        // The hang signature is the first of the two (equal in severity and impact), named by
        // Python functions.
        let signature = try #require(report["signature"] as? [String: Any])
        let signed = [signature["finding"] as? String ?? ""] + (signature["frames"] as? [String] ?? [])
        #expect(signed == ["lock-held-while-waiting", "holder", "lock_waiter"] || signed == ["lock-held-while-running", "match", "gil_waiter"], "\(signature)")
        // The same waits as tokens, in each waiter's state.
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
        }
        #expect(state(hog)?["runtime_wait"] is NSNull)
        let documentPath = scenario.directory + "/report.json"
        try scenario.json.write(toFile: documentPath, atomically: true, encoding: .utf8)
        let validation = try ReportSchema.validate([documentPath])
        #expect(validation.status == 0, "\(validation.standardOutput)\(validation.standardError)")

        let text = try AnalyzeDumpBinary.run([scenario.core]).standardOutput
        let gilLines = text.split(separator: "\n").filter { $0.contains("waiting for the GIL (CPython): GIL `the GIL`") }
        #expect(gilLines.count == 2, "\(text)")
    }

    /// py-spy reads the Python stacks and the GIL holder from the same core: the threads we
    /// call waiters on the threading.Lock are exactly those whose innermost Python frame is
    /// the `with lock` line of `lock_waiter`, and the thread py-spy marks as holding the GIL is
    /// running, not counted among the GIL's waiters.
    @Test(.disabled(if: pySpy == nil, "py-spy is not installed: run scripts/install-deps"))
    func lockWaitersAndTheGILHolderAgreeWithPySpy() throws {
        let pySpy = try #require(Self.pySpy)
        let scenario = try ScenarioCapture(named: "cpython-py-spy")
        defer { scenario.end() }
        let lines = try String(contentsOfFile: scenario.script, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let waiterStart = try #require(lines.firstIndex { $0.hasPrefix("def lock_waiter(") })
        let withLockLine = try #require(lines[waiterStart...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "with lock:" }) + 1
        let report = scenario.report
        let threads = try #require(report["threads"] as? [[String: Any]])
        let locks = try #require(report["locks"] as? [[String: Any]])
        func waiters(_ lock: [String: Any]) -> Set<Int> { Set(((lock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }) }
        let threadingLock = try #require(locks.first { $0["kind"] as? String == "threading.Lock" }, "locks \(locks)")
        let gil = try #require(locks.first { $0["name"] as? String == "the GIL" }, "locks \(locks)")

        let dump = try Command.run(pySpy, ["dump", "--core", scenario.core]).standardOutput
        let pyThreads = PySpyThread.parse(dump)
        let withLock = "lock_waiter (\(scenario.script):\(withLockLine))"
        #expect(pyThreads.count == threads.count, "\(dump)")
        #expect(waiters(threadingLock) == Set(pyThreads.filter { $0.frames.first == withLock }.map(\.tid)), "\(dump)")
        let holder = try #require(pyThreads.first { $0.holdsGIL }, "py-spy marks no thread as holding the GIL: \(dump)")
        #expect(!waiters(gil).isEmpty)
        #expect(!waiters(gil).contains(holder.tid))
        #expect(gil["owner_tid"] as? Int == holder.tid)
        let holderState = threads.first { ($0["tid"] as? Int) == holder.tid }?["state"] as? [String: Any]
        #expect(holderState?["category"] as? String == "running")
    }

    /// One thread of `py-spy dump`: `Thread 4906 (gil): "spin-0"`, then its frames, innermost
    /// first, each `function (file:line)` indented by four spaces.
    struct PySpyThread {
        var tid: Int
        var holdsGIL: Bool
        var frames: [String]

        /// Parses `dump`; a CPython before 3.11 names a thread by its pthread_t
        /// (`Thread 0x7F928E7D66C0`), which `pthreads` maps to its TID.
        static func parse(_ dump: String, pthreads: [UInt64: Int] = [:]) -> [PySpyThread] {
            var threads: [PySpyThread] = []
            for line in dump.split(separator: "\n") {
                if line.hasPrefix("Thread "), let header = line.split(separator: ":").first {
                    let words = header.split(separator: " ")
                    guard words.count >= 2,
                        let tid = Int(words[1]) ?? (words[1].hasPrefix("0x") ? UInt64(words[1].dropFirst(2), radix: 16).flatMap { pthreads[$0] } : nil)
                    else { continue }
                    threads.append(PySpyThread(tid: tid, holdsGIL: words.contains("(gil)"), frames: []))
                } else if line.hasPrefix("    "), !threads.isEmpty {
                    threads[threads.count - 1].frames.append(line.trimmingCharacters(in: .whitespaces))
                }
            }
            return threads
        }
    }

    /// The scenario (gil-and-lock.py unless named; by Debian's python3 unless an interpreter
    /// is given; with `arguments` after the script) run in a new scratch directory, captured once it has settled, and its
    /// core analysed as JSON; ``end()`` kills it and deletes the core.
    struct ScenarioCapture {
        let directory: String
        let script: String
        let core: String
        let report: [String: Any]
        /// The JSON report as analyze-dump wrote it.
        let json: String
        private let running: ReadyProgram

        init(named name: String, scenario: String = "gil-and-lock.py", interpreter: String? = nil, arguments: [String] = []) throws {
            directory = try Scratch.makeDirectory(named: name)
            script = directory + "/" + scenario
            try FileManager.default.copyItem(
                atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/" + scenario).path, toPath: script)
            // Run through the interpreter, never executed itself (ETXTBSY: see ReadyProgram).
            let running = try ReadyProgram(interpreter ?? "/usr/bin/python3", arguments: [script] + arguments)
            self.running = running
            do {
                // The hog takes the GIL for good right after "ready"; the GIL waiters queue within 10 ms.
                Thread.sleep(forTimeInterval: 1.0)
                core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
                (json, report) = try AnalyzeDumpBinary.jsonReport(of: core)
            } catch {
                running.kill()
                throw error
            }
        }

        func end() {
            running.kill()
            try? FileManager.default.removeItem(atPath: core)
        }
    }
}
