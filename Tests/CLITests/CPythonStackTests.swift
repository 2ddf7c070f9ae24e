import Foundation
import Testing
import FixtureSupport

/// The Python stacks analyze-dump reads from a core of python-warmup.py (a warm-up computing
/// under a threading.Lock and the GIL, four requests queued on the lock, a runaway queued on the
/// GIL), compared frame by frame with
/// py-spy's and pystack's reading of the same core; in CPythonWaitTests's serialized suite so
/// that its CPU hogs never run beside the other CPython scenarios.
extension CPythonWaitTests {
    /// pystack as `scripts/install-deps` installs it (a venv in the user's cache), nil when absent.
    static let pystack: String? = {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"] ?? "") + "/.cache"
        let path = cache + "/analyze-dump/pystack-1.7.2/bin/pystack"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    /// Other CPythons the reader is checked on when installed: Debian's debug build (DWARF, from
    /// python3.11-dbg, which scripts/install-deps installs) and pyenv builds of 3.12 and 3.13
    /// where a machine has them.
    static let otherInterpreters: [String] = {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
        return ["/usr/bin/python3.11d", home + "/.pyenv/versions/3.12.1/bin/python3.12", home + "/.pyenv/versions/3.13.0/bin/python3.13"]
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.disabled(if: pySpy == nil || pystack == nil, "py-spy or pystack is not installed: run scripts/install-deps"))
    func pythonFramesAndTheWarmUpAgreeWithPySpyAndPystack() throws {
        let scenario = try ScenarioCapture(named: "python-warmup", scenario: "python-warmup.py")
        defer { scenario.end() }
        let warmup = try WarmupComparison(scenario, checkPySpy: true)
        let requests = warmup.requests

        // The GIL: the warm-up holds it (py-spy agrees) in `warm_cache`, the runaway waits.
        let locks = try #require(scenario.report["locks"] as? [[String: Any]])
        let gil = try #require(locks.first { $0["name"] as? String == "the GIL" }, "locks \(locks)")
        #expect(warmup.pySpyThreads.filter(\.holdsGIL).map(\.tid) == [warmup.warmup])
        #expect(gil["owner_tid"] as? Int == warmup.warmup)
        #expect(gil["queue_depth"] as? Int == 1)
        #expect(((gil["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int } == [warmup.runaway])
        let findings = try #require(scenario.report["findings"] as? [[String: Any]])
        let titles = findings.compactMap { $0["title"] as? String }
        // The threading.Lock: its queue of four requests, named by its global, held by the warm-up.
        let threadingLock = try #require(locks.first { $0["kind"] as? String == "threading.Lock" }, "locks \(locks)")
        #expect(threadingLock["queue_depth"] as? Int == 4)
        #expect(((threadingLock["waiters"] as? [[String: Any]]) ?? []).compactMap { $0["tid"] as? Int }.sorted() == requests)
        #expect(threadingLock["name"] as? String == "cache_lock")
        #expect(threadingLock["owner_tid"] as? Int == warmup.warmup)
        #expect(titles.contains("Thread \(warmup.warmup) holds cache_lock and the GIL while running warm_cache; 5 threads wait"), "\(titles)")
        // Wide enough that no thread's row is wrapped.
        let text = try AnalyzeDumpBinary.run([scenario.core], environment: ["COLUMNS": "200"]).standardOutput
        for tid in requests {
            let row = text.split(separator: "\n").first { $0.hasPrefix("  \(tid) ") }
            #expect(row?.hasSuffix("handle_request (python-warmup.py:\(warmup.withLockLine))") == true, "\(row ?? "")")
        }
    }

    /// The same scenario under each other interpreter: every thread's Python frames equal
    /// pystack's, and py-spy's where py-spy reads that build.
    @Test(.disabled(if: pystack == nil, "pystack is not installed: run scripts/install-deps"), arguments: otherInterpreters)
    func pythonFramesAgreeWithPystackUnder(interpreter: String) throws {
        let name = "python-warmup-" + (interpreter.split(separator: "/").last.map(String.init) ?? "")
        let scenario = try ScenarioCapture(named: name, scenario: "python-warmup.py", interpreter: interpreter)
        defer { scenario.end() }
        _ = try WarmupComparison(scenario, checkPySpy: !interpreter.hasSuffix("d"))
    }

    /// python-warmup.py's threads by role, and each thread's Python frames compared with the
    /// oracles' (recorded as expectations).
    struct WarmupComparison {
        var requests: [Int]
        var warmup: Int
        var runaway: Int
        /// The line of `with cache_lock:` in `handle_request`.
        var withLockLine: Int
        var pySpyThreads: [PySpyThread] = []

        init(_ scenario: ScenarioCapture, checkPySpy: Bool) throws {
            let roles = try String(contentsOfFile: scenario.directory + "/tids.txt", encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
            func tids(_ role: String) -> [Int] { roles.filter { $0.first.map(String.init) == role }.compactMap { $0.last.flatMap { Int($0) } }.sorted() }
            requests = tids("request")
            warmup = try #require(tids("warmup").first)
            runaway = try #require(tids("runaway").first)
            #expect(requests.count == 4)
            let lines = try String(contentsOfFile: scenario.script, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let requestStart = try #require(lines.firstIndex { $0.hasPrefix("def handle_request(") })
            withLockLine = try #require(lines[requestStart...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "with cache_lock:" }) + 1

            // Every thread's Python frames, innermost first, as analyze-dump read them.
            let threads = try #require(scenario.report["threads"] as? [[String: Any]])
            var ours: [Int: [(function: String, file: String, line: Int)]] = [:]
            for thread in threads {
                guard let tid = thread["tid"] as? Int, let frames = thread["frames"] as? [[String: Any]] else { continue }
                let python = frames.filter { $0["runtime"] as? String == "python" }
                let read = python.compactMap { frame -> (String, String, Int)? in
                    guard let function = frame["function"] as? String, let file = frame["file"] as? String, let line = frame["line"] as? Int else { return nil }
                    return (function, file, line)
                }
                #expect(read.count == python.count, "thread \(tid): a python frame without function, file or line")
                if !read.isEmpty { ours[tid] = read }
            }
            #expect(ours.count == threads.count, "a thread without python frames: \(Set(threads.compactMap { $0["tid"] as? Int }).subtracting(ours.keys))")
            #expect(ours[warmup]?.first?.function == "warm_cache" && ours[warmup]?.first?.file == scenario.script)
            #expect(ours[runaway]?.first?.function == "runaway_loop")
            for tid in requests {
                #expect(ours[tid]?.first.map { "\($0.function) \($0.file):\($0.line)" } == "handle_request \(scenario.script):\(withLockLine)")
            }

            let pystackOutput = try Command.run(try #require(CPythonWaitTests.pystack), ["core", scenario.core]).standardOutput
            let pystackThreads = PystackThread.parse(pystackOutput)
            #expect(Set(pystackThreads.map(\.tid)) == Set(ours.keys), "\(pystackOutput)")
            for thread in pystackThreads {
                // pystack names a frame by co_name: the last part of the qualified name.
                let expected = (ours[thread.tid] ?? []).map {
                    PystackThread.Frame(function: String($0.function.split(separator: ".").last ?? ""), file: $0.file, line: $0.line)
                }
                #expect(expected == thread.frames, "thread \(thread.tid)")
            }
            guard checkPySpy, let pySpy = CPythonWaitTests.pySpy else { return }
            let spyDump = try Command.run(pySpy, ["dump", "--core", scenario.core]).standardOutput
            let pthreads = (try? String(contentsOfFile: scenario.directory + "/pthreads.txt", encoding: .utf8)) ?? ""
            pySpyThreads = PySpyThread.parse(spyDump, pthreads: Dictionary(pthreads.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count == 2, fields[0].hasPrefix("0x"), let ident = UInt64(fields[0].dropFirst(2), radix: 16), let tid = Int(fields[1]) else { return nil }
                return (ident, tid)
            }, uniquingKeysWith: { first, _ in first }))
            #expect(Set(pySpyThreads.map(\.tid)) == Set(ours.keys), "\(spyDump)")
            for thread in pySpyThreads {
                #expect((ours[thread.tid] ?? []).map { "\($0.function) (\($0.file):\($0.line))" } == thread.frames, "thread \(thread.tid)")
            }
        }
    }
}
