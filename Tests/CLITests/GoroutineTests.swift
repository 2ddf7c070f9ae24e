import Foundation
import Testing
import FixtureSupport

/// A Go service captured live (Fixtures/scenarios/go-warmup: a warm-up holding a sync.Mutex
/// while 8 goroutines queue on it, a runaway loop, 1,000 goroutines on a channel), its
/// goroutines read from the core and compared with delve's `goroutines -t` on the same core.
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
        try "goroutines -t\nexit\n".write(toFile: script, atomically: true, encoding: .utf8)
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

        // The queue on modelLock: its depth, and the warm-up among the running candidates for
        // its holder (Go's sync.Mutex records none) when the scheduler had it on a thread.
        let findings = try #require(scenario.report["findings"] as? [[String: Any]])
        let mutexWaits = findings.filter { $0["kind"] as? String == "goroutine-mutex-wait" }
        #expect(mutexWaits.count == 1)
        let finding = try #require(mutexWaits.first)
        #expect(finding["title"] as? String == "8 goroutines wait for sync.Mutex main.modelLock in `main.handleRequest`")
        let warmUp = try #require(goroutines.first(where: runs("main.warmUpCache")))
        if warmUp["status"] as? String == "running", let id = warmUp["id"] as? Int, let tid = warmUp["thread_tid"] as? Int {
            let description = finding["description"] as? String ?? ""
            #expect(description.contains("goroutine \(id) in `main.warmUpCache`, called from `main.main.func1` (thread \(tid))")
                || description.contains("goroutine \(id) in `main.warmStep`, called from `main.warmUpCache` (thread \(tid))"), "\(description)")
            #expect((finding["tids"] as? [Int])?.contains(tid) == true)
        }
    }
}

/// The Go scenario built into a new scratch directory with Debian's `go`, run, captured once
/// every goroutine reached its wait, and its core analysed as JSON; ``end()`` kills it and
/// deletes the core.
struct GoScenarioCapture {
    let directory: String
    let binary: String
    let core: String
    let report: [String: Any]
    private let running: ReadyProgram

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
            report = try AnalyzeDumpBinary.jsonReport(of: core).document
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
