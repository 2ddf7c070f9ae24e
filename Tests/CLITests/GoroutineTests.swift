import Foundation
import Testing
import FixtureSupport

/// A Go service captured live (Fixtures/scenarios/go-warmup: a warm-up holding a sync.Mutex
/// while 8 goroutines queue on it, a runaway loop, 1,000 goroutines on a channel, readers and
/// writers stalled on a sync.RWMutex), its goroutines read from the core and compared with
/// delve's `goroutines -t` on the same core; two cores of it compared.
@Suite struct GoroutineTests {
    /// Why the test cannot run here, or nil.
    static let unavailableReason: String? = {
        for tool in ["/usr/bin/go", "/usr/bin/dlv"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing: install golang-go and delve (scripts/install-deps)"
        }
        return nil
    }()

    @Test(.disabled(if: unavailableReason != nil, Comment(rawValue: unavailableReason ?? "")))
    func goroutinesAgreeWithDelve() throws {
        let scenario = try GoScenarioCapture(named: "go-warmup")
        defer { scenario.end() }
        let goroutines = try #require(scenario.report["goroutines"] as? [[String: Any]])
        let script = scenario.directory + "/dlv-init"
        try "goroutines -t\nprint &main.table\nprint main.table.readerWait\nexit\n".write(toFile: script, atomically: true, encoding: .utf8)
        let dlv = try Command.run(
            "/usr/bin/dlv", ["core", scenario.binary, scenario.core, "--init", script, "--allow-non-terminal-interactive=true"],
            directory: scenario.directory)
        let delve = DelveGoroutine.parse(dlv.standardOutput)
        #expect(delve.count == goroutines.count, "\(dlv.standardOutput.suffix(2000))")
        #expect(Set(delve.map(\.id)) == Set(goroutines.compactMap { $0["id"] as? Int }))

        func frames(_ goroutine: [String: Any]) -> [[String: Any]] { goroutine["frames"] as? [[String: Any]] ?? [] }
        for theirs in delve {
            guard let ours = goroutines.first(where: { $0["id"] as? Int == theirs.id }) else { continue }
            #expect(ours["wait_reason"] as? String == theirs.waitReason, "goroutine \(theirs.id)")
            #expect(ours["thread_tid"] as? Int == theirs.threadTID, "goroutine \(theirs.id)")
            #expect((ours["status"] as? String == "waiting") == (theirs.waitReason != nil), "goroutine \(theirs.id)")
            let ourFrames = frames(ours)
            #expect(ourFrames.count == theirs.frames.count, "goroutine \(theirs.id): \(ourFrames.map { $0["function"] ?? "" }) \(theirs.frames.map(\.function))")
            for (index, (our, their)) in zip(ourFrames, theirs.frames).enumerated() {
                #expect(our["function"] as? String == their.function, "goroutine \(theirs.id) frame \(index)")
                #expect(our["pc"] as? String == "0x" + String(their.pc, radix: 16), "goroutine \(theirs.id) frame \(index)")
                #expect((our["file"] as? String)?.hasSuffix(their.file.replacingOccurrences(of: "./", with: "/")) == true,
                        "goroutine \(theirs.id) frame \(index): \(our["file"] ?? "") \(their.file)")
                // delve looks a parked goroutine's innermost PC up as it is; it is the return
                // address of gopark's call of mcall, looked up at PC - 1 as Go's own traceback does.
                if index > 0 || theirs.threadTID != nil {
                    #expect(our["line"] as? Int == their.line, "goroutine \(theirs.id) frame \(index)")
                }
            }
        }

        // The scenario's own facts.
        func firstMainFunction(_ goroutine: [String: Any]) -> String? {
            frames(goroutine).lazy.compactMap { $0["function"] as? String }.first { $0.hasPrefix("main.") }
        }
        let workers = goroutines.filter { firstMainFunction($0) == "main.worker" }
        #expect(workers.count == 1000)
        #expect(workers.allSatisfy { $0["wait_reason"] as? String == "chan receive" })
        let queued = goroutines.filter { firstMainFunction($0) == "main.handleRequest" }
        #expect(queued.count == 8)
        #expect(queued.allSatisfy { $0["wait_reason"] as? String == "semacquire" })
        #expect(Set(queued.compactMap { ($0["lock"] as? [String: Any])?["role"] as? String }) == ["mutex"])
        #expect(queued.allSatisfy { frames($0).contains { $0["function"] as? String == "sync.runtime_SemacquireMutex" } })
        // The spinning goroutines may be inside their step function (main.warmStep) at the stop.
        func runs(_ function: String) -> ([String: Any]) -> Bool {
            { goroutine in frames(goroutine).contains { $0["function"] as? String == function } }
        }
        #expect(goroutines.filter(runs("main.warmUpCache")).count == 1)
        #expect(goroutines.filter(runs("main.runawayLoop")).count == 1)
        let main = try #require(goroutines.first { $0["id"] as? Int == 1 })
        #expect(main["wait_reason"] as? String == "sleep")
        #expect(main["start_function"] as? String == "runtime.main")
        #expect(workers.allSatisfy { $0["creator_function"] as? String == "main.main" })
        #expect(workers.allSatisfy { $0["runtime"] == nil && frames($0).allSatisfy { $0["runtime"] as? String == "go" } })
        #expect(Set(queued.compactMap { $0["semaphore"] as? String }).count == 1)
        // Wait times: the scenario's second collection gave every goroutine parked then the
        // waitsince delve shows; ours is the capture's monotonic time less it, one instant for
        // all of them. Main, which ran both collections, has none.
        let waitedSince = delve.compactMap { theirs -> Int? in
            guard let since = theirs.waitSince, let ours = goroutines.first(where: { $0["id"] as? Int == theirs.id }),
                  let waited = ours["waited_ns"] as? Int else { return nil }
            return since + waited
        }
        #expect(waitedSince.count == delve.filter { $0.waitSince != nil }.count && waitedSince.count >= 1_000)
        #expect(Set(waitedSince).count == 1, "\(Set(waitedSince).sorted().prefix(5))")
        #expect(delve.first { $0.id == 1 }?.waitSince == nil)
        #expect(main["waited_ns"] is NSNull)
        #expect(goroutines.filter { $0["waited_ns"] is Int }.count == waitedSince.count)

        // The queue on modelLock: its depth, and the warm-up among the running candidates for
        // its holder (Go's sync.Mutex records none) when the scheduler had it on a thread.
        let findings = try #require(scenario.report["findings"] as? [[String: Any]])
        let mutexWaits = findings.filter { $0["kind"] as? String == "goroutine-mutex-wait" }
        #expect(mutexWaits.count == 2)
        let finding = try #require(mutexWaits.first { ($0["title"] as? String)?.contains("sync.Mutex") == true })
        #expect(finding["title"] as? String == "8 goroutines wait for sync.Mutex main.modelLock in main.handleRequest")
        let signature = try #require(scenario.report["signature"] as? [String: Any])
        #expect(signature["kind"] as? String == "hang")
        #expect(signature["finding"] as? String == "goroutine-mutex-wait")
        #expect(signature["frames"] as? [String] == ["main.handleRequest"])
        let warmUp = try #require(goroutines.first(where: runs("main.warmUpCache")))
        if warmUp["status"] as? String == "running", let id = warmUp["id"] as? Int, let tid = warmUp["thread_tid"] as? Int {
            let description = finding["description"] as? String ?? ""
            #expect(description.contains("goroutine \(id) in main.warmUpCache, called from main.main.func1 (thread \(tid))")
                || description.contains("goroutine \(id) in main.warmStep, called from main.warmUpCache (thread \(tid))"), "\(description)")
            #expect((finding["tids"] as? [Int])?.contains(tid) == true)
        }

        // The text report's running group names the runaway's thread and the CPU it used.
        let runaway = try #require(goroutines.first(where: runs("main.runawayLoop")))
        if runaway["status"] as? String == "running", let tid = runaway["thread_tid"] as? Int {
            let text = try AnalyzeDumpBinary.run([scenario.core]).standardOutput
            // The core can catch the loop inside its non-inlined step function.
            let heading = try #require(
                text.split(separator: "\n").first { $0.contains("running in main.runawayLoop") || $0.contains("running in main.runawayStep") },
                "\(text)")
            #expect(heading.contains(try Regex("on thread \(tid) \\([0-9]+\\.[0-9]{2} s of CPU\\)$")), "\(heading)")
        }

        try checkReadWriteMutex(goroutines, findings: findings, delve: delve, delveOutput: dlv.standardOutput)
        try checkGroups(scenario.report, delve: delve)
        let reportPath = scenario.directory + "/report.json"
        try scenario.reportText.write(toFile: reportPath, atomically: true, encoding: .utf8)
        let validation = try ReportSchema.validate([reportPath])
        #expect(validation.status == 0, "\(validation.standardOutput)")
    }

    /// The sync.RWMutex main.table: readTableSlowly holds it for reading, one rebuildTable
    /// waits for that reader to leave, 6 lookups wait to read behind it, a second rebuildTable
    /// waits behind the first; each goroutine's role and the lock's address and readerWait as
    /// delve sees them (`print &main.table`, `print main.table.readerWait`).
    func checkReadWriteMutex(_ goroutines: [[String: Any]], findings: [[String: Any]], delve: [DelveGoroutine], delveOutput: String) throws {
        let lines = delveOutput.split(separator: "\n").map(String.init)
        let pointerLine = try #require(lines.firstIndex { $0.hasPrefix("(*sync.RWMutex)(0x") }, "\(delveOutput.suffix(500))")
        let tableAddress = String(lines[pointerLine].dropFirst("(*sync.RWMutex)(".count).dropLast())
        let readerWait = try #require(lines.dropFirst(pointerLine + 1).first.flatMap { Int($0) })

        func calls(_ goroutine: DelveGoroutine, _ function: String) -> Bool { goroutine.frames.contains { $0.function == function } }
        let delveReaders = Set(delve.filter { calls($0, "sync.(*RWMutex).RLock") }.map(\.id))
        let delveWriters = delve.filter { calls($0, "sync.(*RWMutex).Lock") }
        let delveQueued = Set(delveWriters.filter { calls($0, "sync.(*Mutex).Lock") }.map(\.id))
        let delveDraining = Set(delveWriters.map(\.id)).subtracting(delveQueued)
        #expect(delveReaders.count == 6)
        #expect(delveDraining.count == 1)
        #expect(delveQueued.count == 1)
        #expect(readerWait == 1)

        func lock(_ goroutine: [String: Any]) -> [String: Any]? { goroutine["lock"] as? [String: Any] }
        func ids(_ role: String) -> Set<Int> {
            Set(goroutines.filter { lock($0)?["role"] as? String == role }.compactMap { $0["id"] as? Int })
        }
        #expect(ids("read") == delveReaders)
        #expect(ids("write_after_readers") == delveDraining)
        #expect(ids("write_after_writer") == delveQueued)
        let tableWaiters = goroutines.compactMap(lock).filter { $0["kind"] as? String == "sync.RWMutex" }
        #expect(tableWaiters.count == 8)
        #expect(tableWaiters.allSatisfy { $0["address"] as? String == tableAddress })
        let draining = try #require(goroutines.first { lock($0)?["role"] as? String == "write_after_readers" })
        #expect(lock(draining)?["readers_ahead"] as? Int == readerWait)

        let finding = try #require(findings.first { ($0["title"] as? String)?.contains("sync.RWMutex") == true })
        #expect(finding["title"] as? String == "6 readers wait behind a writer for sync.RWMutex main.table in main.lookup")
        let writer = try #require(delveDraining.first)
        #expect((finding["description"] as? String)?.hasPrefix(
            "Goroutine \(writer) in main.rebuildTable waits to write, for the 1 reader still holding it to leave (its readerWait);") == true,
            "\(finding["description"] ?? "")")
    }

    /// The groups of identical stacks are delve's goroutines grouped by wait reason, thread
    /// and every frame's PC and function, largest first.
    func checkGroups(_ report: [String: Any], delve: [DelveGoroutine]) throws {
        let groups = try #require(report["goroutine_groups"] as? [[String: Any]])
        struct Key: Hashable {
            var waitReason: String?
            var threadTID: Int?
            var frames: [DelveGoroutine.Frame]
        }
        let delveGroups = Dictionary(grouping: delve) { Key(waitReason: $0.waitReason, threadTID: $0.threadTID, frames: $0.frames) }
            .values.map { Set($0.map(\.id)) }
        let ours = groups.map { Set(($0["goroutine_ids"] as? [Int]) ?? []) }
        #expect(Set(ours) == Set(delveGroups))
        #expect(ours.count == delveGroups.count)
        #expect(groups.map { $0["count"] as? Int ?? 0 } == delveGroups.map(\.count).sorted(by: >))
        let largest = try #require(groups.first)
        #expect(largest["headline"] as? String == "1,000 goroutines: chan receive in main.worker")
        #expect(groups.dropFirst().first?["headline"] as? String == "8 goroutines: semacquire in main.handleRequest")
        #expect(groups.dropFirst(2).first?["headline"] as? String == "6 goroutines: semacquire in main.lookup")
    }

    /// Two cores of one Go process a moment apart: the goroutines queued on main.modelLock and
    /// main.table did not move (the workers on their channel, idle, are not counted), and the
    /// HTML flame graph counts every goroutine no thread runs with the threads.
    @Test(.disabled(if: unavailableReason != nil, Comment(rawValue: unavailableReason ?? "")))
    func goroutinesInTheFlameGraphAndCompare() throws {
        let scenario = try GoScenarioCapture(named: "go-warmup-compare")
        defer { scenario.end() }
        let second = try AnalyzeDumpBinary.capture(pid: scenario.processIdentifier, into: scenario.directory)
        defer { try? FileManager.default.removeItem(atPath: second) }
        let goroutines = try #require(scenario.report["goroutines"] as? [[String: Any]])
        let threads = try #require(scenario.report["threads"] as? [[String: Any]])

        let compared = try AnalyzeDumpBinary.run(["compare", "--format", "json", scenario.core, second])
        // 1: a thread stopped inside runtime code without CFI ends its unwind early (partial).
        #expect([0, 1].contains(compared.status), "\(compared.standardError)")
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(compared.standardOutput.utf8)) as? [String: Any])
        let stuck = try #require(comparison["stuck_goroutines"] as? [[String: Any]])
        let lockWaiters = goroutines.filter { $0["state"] as? String == "mutex" }
        #expect(lockWaiters.count == 16)
        #expect(Set(stuck.compactMap { $0["id"] as? Int }) == Set(lockWaiters.compactMap { $0["id"] as? Int }))
        #expect(stuck.filter { $0["place"] as? String == "main.lookup" }.count == 6)
        #expect(stuck.filter { $0["place"] as? String == "main.handleRequest" }.count == 8)
        let findings = comparison["findings"] as? [[String: Any]] ?? []
        let finding = try #require(findings.first { $0["kind"] as? String == "stuck-goroutines" })
        #expect((finding["title"] as? String)?.hasPrefix("16 goroutines did not move in both cores") == true, "\(finding["title"] ?? "")")
        #expect(finding["description"] as? String
            == "Each was parked on a lock or a channel send, with the same id and the same stack, in both cores: 8 in main.handleRequest (semacquire), 6 in main.lookup (semacquire), 2 in main.rebuildTable (semacquire).")

        let html = try AnalyzeDumpBinary.run([scenario.core, "--format", "html"])
        #expect([0, 1].contains(html.status), "\(html.standardError)")
        let island = try #require(html.standardOutput.range(of: "<script type=\"application/json\" id=\"flame-data\">"))
        let end = try #require(html.standardOutput.range(of: "</script>", range: island.upperBound..<html.standardOutput.endIndex))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(html.standardOutput[island.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        let root = try #require((data["nodes"] as? [[Any]])?.first)
        let parked = goroutines.filter { $0["thread_tid"] is NSNull }.count
        #expect(parked == goroutines.count - 2)
        #expect(root[1] as? Int == threads.count + parked)
        #expect((data["names"] as? [String])?.first == "all threads and goroutines")
        #expect(data["unit"] as? String == "stack")
        #expect(html.standardOutput.contains(">Thread and goroutine count</button>"))
    }
}

/// The go-warmup scenario built into a new scratch directory `name` (one per test: tests run in
/// parallel) with Debian's `go`, run, captured once every goroutine reached its wait, and its
/// core analysed as JSON; ``end()`` kills it and deletes the core.
struct GoScenarioCapture {
    let directory: String
    let binary: String
    let core: String
    let report: [String: Any]
    /// The JSON report as written.
    let reportText: String
    private let running: ReadyProgram

    /// The running scenario's process id, for another capture.
    var processIdentifier: Int32 { running.processIdentifier }

    init(named name: String) throws {
        directory = try Scratch.makeDirectory(named: name)
        let source = directory + "/main.go"
        try FileManager.default.copyItem(
            atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/go-warmup/main.go").path, toPath: source)
        binary = directory + "/go-warmup"
        try Command.run("/usr/bin/go", ["build", "-o", binary, "main.go"], directory: directory)
        let running = try ReadyProgram(binary)
        self.running = running
        do {
            core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
            (reportText, report) = try AnalyzeDumpBinary.jsonReport(of: core)
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
