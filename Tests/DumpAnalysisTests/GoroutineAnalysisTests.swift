import DumpAnalysis
import DumpModel
import Testing

/// Goroutine states, groups of identical stacks and mutex waits, on goroutines built in code.
struct GoroutineAnalysisTests {
    static func goroutine(
        _ id: Int64, _ status: GoroutineStatus, _ reason: String?, _ functions: [String], thread: Int32? = nil, semaphore: UInt64? = nil
    ) -> Goroutine {
        Goroutine(
            id: id, status: status, waitReason: reason,
            frames: functions.enumerated().map { Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: .call, trust: .runtime, function: $0.element) },
            threadTID: thread, semaphoreAddress: semaphore)
    }

    static let mutexWait = ["runtime.gopark", "runtime.semacquire1", "sync.runtime_SemacquireMutex", "sync.(*Mutex).lockSlow", "main.handleRequest", "runtime.goexit"]
    static let channelWait = ["runtime.gopark", "runtime.chanrecv", "runtime.chanrecv2", "main.worker", "runtime.goexit"]

    static func analysis() -> (GoroutineAnalysis, [Finding]) {
        let symbols = SyntheticProcess.Symbols()
        symbols.symbols = [SymbolReference(name: "main.modelLock", address: 0x55_9060, size: 8, offset: 0)]
        var image = SyntheticProcess.image([SyntheticProcess.thread(7, ["main.warmUpCache"])], symbols: symbols)
        image.process.goroutines = [
            goroutine(1, .waiting, "sleep", ["runtime.gopark", "time.Sleep", "main.main", "runtime.main", "runtime.goexit"]),
            goroutine(5, .waiting, "semacquire", mutexWait, semaphore: 0x55_9064),
            goroutine(6, .waiting, "semacquire", mutexWait, semaphore: 0x55_9064),
            goroutine(9, .waiting, "semacquire", ["runtime.gopark", "runtime.semacquire1", "sync.runtime_Semacquire", "sync.(*WaitGroup).Wait", "main.main"], semaphore: 0xc000_0100),
            goroutine(14, .waiting, "chan receive", channelWait),
            goroutine(15, .waiting, "chan receive", channelWait),
            goroutine(16, .waiting, "chan receive", channelWait),
            goroutine(18, .running, nil, ["main.warmUpCache", "main.main.func1", "runtime.goexit"], thread: 7),
            goroutine(19, .runnable, nil, ["main.runawayLoop", "runtime.goexit"]),
        ]
        let goroutines = GoroutineAnalysis.analyze(image)
        return (goroutines, ProcessAnalysis.analyze(image).findings.filter { $0.kind == .goroutineMutexWait })
    }

    @Test func countsStatesAndGroupsIdenticalStacks() {
        let (analysis, _) = Self.analysis()
        #expect(analysis.stateCounts.map(\.state) == [.channel, .mutex, .running, .runnable, .semaphore, .sleep])
        #expect(analysis.stateCounts.map(\.count) == [3, 2, 1, 1, 1, 1])
        #expect(analysis.groups.map(\.summary) == [
            "chan receive in main.worker", "semacquire in main.handleRequest", "sleep in main.main",
            "semacquire in main.main", "running in main.warmUpCache", "runnable in main.runawayLoop",
        ])
        #expect(analysis.groups.map(\.goroutineIDs) == [[14, 15, 16], [5, 6], [1], [9], [18], [19]])
        #expect(analysis.runningIDs == [18])
    }

    @Test func groupsMutexWaitersBySemaphoreAndNamesTheVariable() throws {
        let (analysis, findings) = Self.analysis()
        #expect(analysis.mutexWaits.count == 1)
        let wait = try #require(analysis.mutexWaits.first)
        #expect(wait.name == "sync.Mutex main.modelLock")
        #expect(wait.waiterIDs == [5, 6])
        #expect(wait.functions == ["main.handleRequest"])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.title == "2 goroutines wait for sync.Mutex main.modelLock in `main.handleRequest`")
        #expect(finding.description == "2 goroutines (5, 6) sleep on the mutex's semaphore at 0x559064, locking it in `main.handleRequest`. Go's sync.Mutex records no holder; running when the core was taken: goroutine 18 in `main.warmUpCache`, called from `main.main.func1` (thread 7).")
        #expect(finding.tids == [7])
        #expect(finding.impact == 2)
    }
}
