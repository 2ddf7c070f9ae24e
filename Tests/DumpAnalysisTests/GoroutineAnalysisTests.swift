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

    /// The flame graph's tree counts thread 7 (running goroutine 18) once and each goroutine no
    /// thread runs as a stack of its own, without CPU time.
    @Test func theCallTreeCountsParkedGoroutinesWithTheThreads() throws {
        let symbols = SyntheticProcess.Symbols()
        var image = SyntheticProcess.image([SyntheticProcess.thread(7, ["main.warmUpCache", "main.main.func1", "runtime.goexit"], cpu: 5_000)], symbols: symbols)
        image.process.goroutines = [
            Self.goroutine(14, .waiting, "chan receive", Self.channelWait),
            Self.goroutine(15, .waiting, "chan receive", Self.channelWait),
            Self.goroutine(18, .running, nil, ["main.warmUpCache", "main.main.func1", "runtime.goexit"], thread: 7),
        ]
        let tree = ProcessAnalysis.analyze(image).callTree
        #expect(tree.countsGoroutines)
        #expect(tree.root.function == "all threads and goroutines")
        #expect(tree.root.threadCount == 3)
        let goexit = try #require(tree.root.children.first.map { tree.nodes[$0] })
        #expect(goexit.function == "runtime.goexit")
        #expect(goexit.threadCount == 3)
        let callees = goexit.children.map { tree.nodes[$0] }
        #expect(callees.map(\.function) == ["main.main.func1", "main.worker"])
        #expect(callees.map(\.threadCount) == [1, 2])
        #expect(callees.map(\.cpu.totalMicroseconds) == [tree.root.cpu.totalMicroseconds, 0])
        let plain = ProcessAnalysis.analyze(SyntheticProcess.image([SyntheticProcess.thread(7, ["main"])])).callTree
        #expect(!plain.countsGoroutines)
        #expect(plain.root.function == "all threads")
    }

    /// Wait times are the capture's monotonic clock less each goroutine's waitsince, only
    /// where both are known and in order.
    @Test func waitTimesComeFromTheCapturesMonotonicClock() {
        var parked = Self.goroutine(14, .waiting, "chan receive", Self.channelWait)
        parked.waitingSince = 5_000_000_000
        #expect(GoroutineAnalysis.waited(parked, capturedAt: 7_500_000_000) == 2_500_000_000)
        #expect(GoroutineAnalysis.waited(parked, capturedAt: nil) == nil)
        #expect(GoroutineAnalysis.waited(parked, capturedAt: 4_000_000_000) == nil)
        #expect(GoroutineAnalysis.waited(parked, capturedAt: UInt64.max) == nil)
        var later = Self.goroutine(15, .waiting, "chan receive", Self.channelWait)
        later.waitingSince = 6_000_000_000
        let unseen = Self.goroutine(16, .waiting, "chan receive", Self.channelWait)
        var image = SyntheticProcess.image([SyntheticProcess.thread(7, ["runtime.futex"])])
        image.process.goroutines = [later, parked, unseen]
        image.process.capture = CaptureNote(
            captureTimeNanoseconds: 0, stoppedNanoseconds: 0, trigger: "", threads: [], monotonicNanoseconds: 7_500_000_000)
        let group = GoroutineAnalysis.analyze(image).groups.first
        #expect(group?.longestWaitNanoseconds == 2_500_000_000)
        #expect(group?.waitDescription == "waiting about 2.50 s")
        image.process.capture = nil
        #expect(GoroutineAnalysis.analyze(image).groups.first?.longestWaitNanoseconds == nil)
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
        #expect(finding.description == "2 goroutines (5, 6) wait to lock it at 0x559064, in `main.handleRequest`. Go's sync.Mutex records no holder; running when the core was taken: goroutine 18 in `main.warmUpCache`, called from `main.main.func1` (thread 7).")
        #expect(finding.tids == [7])
        #expect(finding.impact == 2)
    }

    /// The classic Go stall: a reader holds `main.table`, a writer waits for it to leave, and
    /// readers and a second writer queue behind that writer.
    @Test func splitsAnRWMutexsWaitersIntoReadersAndWriters() throws {
        let symbols = SyntheticProcess.Symbols()
        symbols.symbols = [SymbolReference(name: "main.table", address: 0x55_b260, size: 24, offset: 0)]
        var image = SyntheticProcess.image([SyntheticProcess.thread(7, ["runtime.futex"])], symbols: symbols)
        let park = ["runtime.gopark", "runtime.semacquire1", "sync.runtime_SemacquireMutex"]
        func waiter(_ id: Int64, _ functions: [String], _ semaphore: UInt64, _ role: GoroutineLockWait.Role, readersAhead: Int? = nil) -> Goroutine {
            var goroutine = Self.goroutine(id, .waiting, "semacquire", park + functions + ["runtime.goexit"], semaphore: semaphore)
            goroutine.lockWait = GoroutineLockWait(lockAddress: 0x55_b260, role: role, readersAhead: readersAhead)
            return goroutine
        }
        image.process.goroutines = [
            Self.goroutine(30, .waiting, "select (no cases)", ["runtime.gopark", "runtime.block", "main.readTableSlowly", "runtime.goexit"]),
            waiter(31, ["sync.(*RWMutex).Lock", "main.rebuildTable"], 0x55_b268, .writeAfterReaders, readersAhead: 1),
            waiter(32, ["sync.(*RWMutex).RLock", "main.lookup"], 0x55_b26c, .read),
            waiter(33, ["sync.(*RWMutex).RLock", "main.lookup"], 0x55_b26c, .read),
            waiter(34, ["sync.(*RWMutex).RLock", "main.lookup"], 0x55_b26c, .read),
            waiter(38, ["sync.(*Mutex).lockSlow", "sync.(*Mutex).Lock", "sync.(*RWMutex).Lock", "main.rebuildTable"], 0x55_b264, .writeAfterWriter),
        ]
        let analysis = GoroutineAnalysis.analyze(image)
        #expect(analysis.mutexWaits.count == 1)
        let wait = try #require(analysis.mutexWaits.first)
        #expect(wait.name == "sync.RWMutex main.table")
        #expect(wait.address == 0x55_b260)
        #expect(wait.waiterIDs == [31, 32, 33, 34, 38])
        #expect(wait.readerIDs == [32, 33, 34])
        #expect(wait.drainingWriterIDs == [31])
        #expect(wait.queuedWriterIDs == [38])
        #expect(wait.readersAhead == 1)
        #expect(wait.readWriteSplit == "3 to read, 2 to write")
        #expect(wait.functions == ["main.lookup", "main.rebuildTable"])

        let findings = ProcessAnalysis.analyze(image).findings.filter { $0.kind == .goroutineMutexWait }
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.title == "3 readers wait behind a writer for sync.RWMutex main.table in `main.lookup`")
        #expect(finding.description == "Goroutine 31 in `main.rebuildTable` waits to write, for the 1 reader still holding it to leave (its readerWait); from then on every RLock queues behind it. 3 goroutines (32, 33, 34) wait to read in `main.lookup`. 1 more writer (38) waits in `main.rebuildTable` behind the writer ahead of them. Go's sync.RWMutex records no reader: the readers holding it are goroutines that called RLock and have not yet called RUnlock.")
        #expect(finding.impact == 5)

        // Readers with no writer waiting before them wait for a writer that holds the lock.
        image.process.goroutines.removeAll { $0.id == 31 || $0.id == 38 }
        let held = try #require(ProcessAnalysis.analyze(image).findings.first { $0.kind == .goroutineMutexWait })
        #expect(held.title == "3 readers wait for a writer holding sync.RWMutex main.table in `main.lookup`")
    }
}
