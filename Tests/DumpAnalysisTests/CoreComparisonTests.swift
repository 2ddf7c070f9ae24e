import Testing
import DumpAnalysis
import DumpModel

/// Several cores of one process compared, on processes built in code.
@Suite struct CoreComparisonTests {
    typealias P = SyntheticProcess
    let waitFrames = ["__lll_lock_wait", "__pthread_mutex_lock", "handle_request", "request_worker", "start_thread"]

    /// A sample of the warm-up scenario: thread 2 holds the lock and burns `holderCPU` µs,
    /// threads 3 and 4 wait on it; `extra` threads are added.
    private func sample(_ label: String, at time: Double?, holderCPU: UInt64, extra: [DumpModel.Thread] = []) -> CoreComparison.Sample {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 2, in: memory)
        memory.words[0x9000] = 2 // main joins thread 2
        var holder = P.thread(2, ["warm_up_model_cache", "bulk_insert", "start_thread"], cpu: holderCPU)
        holder.frames[0].pc = 0x40_1234 + holderCPU % 7 // the hot loop is somewhere else each time
        let threads = [
            P.thread(1, ["__pthread_clockjoin_ex", "main"], futex: (0x9000, 0), cpu: holderCPU == 0 ? 0 : holderCPU + 1_000),
            holder,
            P.thread(3, waitFrames, futex: (0x6000, P.futexWait)),
            P.thread(4, waitFrames, futex: (0x6000, P.futexWait)),
        ] + extra
        let image = P.image(threads, memory: memory)
        return CoreComparison.Sample(label: label, captureTime: time, process: image.process, analysis: ProcessAnalysis.analyze(image))
    }

    @Test func cpuBetweenCoresLocksHeldThroughoutAndStuckWaiters() throws {
        let comparison = CoreComparison.compare([
            sample("second", at: 1_002, holderCPU: 2_500_000, extra: [P.thread(9, ["worker_loop"])]),
            sample("first", at: 1_000, holderCPU: 1_000_000, extra: [P.thread(8, ["worker_loop"])]),
        ])
        #expect(comparison.samples.map(\.label) == ["first", "second"])
        #expect(comparison.intervalSeconds == [2.0])
        let holder = try #require(comparison.threads.first)
        #expect(holder.tid == 2)
        #expect(holder.total == CPUTime(userMicroseconds: 1_500_000, systemMicroseconds: 0))
        #expect(holder.averagePercent == 75)
        #expect(comparison.persistentLocks.map(\.ownerTID) == [2])
        #expect(comparison.persistentLocks.first?.queueDepths == [2, 2])
        #expect(comparison.stuckThreads.map(\.tid) == [3, 4])
        #expect(comparison.stuckThreads.first?.place == "handle_request")
        #expect(comparison.appeared == [9])
        #expect(comparison.ended == [8])
        #expect(comparison.functionHits.first?.function == "warm_up_model_cache")
        #expect(comparison.functionHits.first?.hits == 2)
        let kinds = comparison.findings.map(\.kind)
        #expect(kinds.first == .lockHeldAcrossCores)
        #expect(comparison.findings.first?.description.hasSuffix("In the last core thread 2 was in `warm_up_model_cache`, called from `bulk_insert`.") == true)
        #expect(kinds.contains(.cpuBetweenCores))
        #expect(kinds.contains(.stuckThreads))
        #expect(kinds.contains(.threadChurn))
        let cpu = try #require(comparison.findings.first { $0.kind == .cpuBetweenCores })
        #expect(cpu.tids == [2])
        #expect(cpu.description.contains("used 1.50 s (75 % of one CPU on average, 75 % at most) in `warm_up_model_cache`"))
    }

    @Test func aBusyThreadAtTheSameInstructionIsNotStuck() {
        // 1_000_000 and 1_000_007 put the holder's hot loop at the same PC in both cores.
        let busy = CoreComparison.compare([sample("a", at: 10, holderCPU: 1_000_000), sample("b", at: 12, holderCPU: 1_000_007)])
        #expect(busy.stuckThreads.map(\.tid) == [3, 4])
        // Without CPU times nothing tells a spinning thread from a stuck one.
        let unknown = CoreComparison.compare([sample("a", at: 10, holderCPU: 0), sample("b", at: 12, holderCPU: 0)])
        #expect(unknown.stuckThreads.map(\.tid) == [2, 3, 4])
    }

    @Test func threadNamesComeFromTheLastCoreThatHasThem() {
        var first = sample("a", at: 10, holderCPU: 1_000)
        var second = sample("b", at: 12, holderCPU: 2_000)
        first.process.threads[1].name = "loader"
        second.process.threads[1].name = "warm-up"
        #expect(CoreComparison.compare([first, second]).threadName(2) == "warm-up")
        second.process.threads[1].name = nil
        let comparison = CoreComparison.compare([first, second])
        #expect(comparison.threadName(2) == "loader")
        #expect(comparison.threadName(3) == nil)
        #expect(comparison.hasThreadNames)
    }

    @Test func coresWithoutCPUTimesSaySoAndDifferentProcessesAreFlagged() {
        let first = sample("a", at: 10, holderCPU: 0)
        var second = sample("b", at: 12, holderCPU: 0)
        second.process.pid = 99
        let comparison = CoreComparison.compare([first, second])
        #expect(!comparison.hasAccounting)
        #expect(comparison.threads.isEmpty)
        #expect(comparison.findings.contains { $0.kind == .noCPUTimes })
        #expect(comparison.findings.first?.kind == .lockHeldAcrossCores)
        #expect(comparison.findings.contains { $0.kind == .differentProcesses && $0.title.contains("1, 99") })
    }

    /// Two cores say "both cores" and the queue depth once when it did not change; three say
    /// "all 3 cores" and each core's depth when it did.
    @Test func lockFindingSaysBothCoresAndTheQueueDepthOnce() throws {
        let two = CoreComparison.compare([sample("a", at: 10, holderCPU: 0), sample("b", at: 12, holderCPU: 0)])
        let held = try #require(two.findings.first { $0.kind == .lockHeldAcrossCores })
        #expect(held.title == "`0x6000 (passed by handle_request)` was held by thread 2 in both cores (over 2.00 s), with 2 threads waiting")
        let stuck = try #require(two.findings.first { $0.kind == .stuckThreads })
        #expect(stuck.title == "2 threads did not move in both cores (over 2.00 s)")
        #expect(stuck.description == "Each was at the same instruction of the same function in both cores: 2 in `handle_request`.")

        var third = sample("c", at: 14, holderCPU: 0)
        third.analysis.locks.locks[0].waiters.removeLast()
        let three = CoreComparison.compare([sample("a", at: 10, holderCPU: 0), sample("b", at: 12, holderCPU: 0), third])
        let changing = try #require(three.findings.first { $0.kind == .lockHeldAcrossCores })
        #expect(changing.title == "`0x6000 (passed by handle_request)` was held by thread 2 in all 3 cores (over 4.00 s), with threads waiting: 2 in core 1, 2 in core 2, 1 in core 3")
        #expect(three.everyCore == "every core")
    }

    /// Cores of another PID, or of another executable or build of it, are named by what differs.
    @Test func mismatchNamesThePidsExecutablesAndBuildIDsThatDiffer() {
        func process(pid: Int32, executable: String, buildID: String?) -> Process {
            var process = sample("a", at: 10, holderCPU: 0).process
            process.pid = pid
            process.auxiliaryVector = [AuxiliaryVectorEntry(type: 9, value: 0x40_1000)]
            process.modules = [Module(
                name: "/usr/bin/" + executable, startAddress: 0x40_0000, endAddress: 0x50_0000, buildID: buildID,
                filePath: nil, debugFilePath: nil, symbolStatus: .debugInfo)]
            return process
        }
        let server = process(pid: 41, executable: "server", buildID: "aa11")
        #expect(ComparisonMismatch.of([server, server]) == nil)
        #expect(ComparisonMismatch.of([server, process(pid: 97, executable: "server", buildID: "aa11")])?.summary == "pids 41, 97")
        #expect(ComparisonMismatch.of([server, process(pid: 41, executable: "server", buildID: "bb22")])?.summary == "executable build IDs aa11, bb22")
        #expect(ComparisonMismatch.of([server, process(pid: 97, executable: "client", buildID: "bb22"), server])?.summary
            == "pids 41, 97 and executables server, client and executable build IDs aa11, bb22")
        // A core that does not tell its build ID is not a difference.
        #expect(ComparisonMismatch.of([server, process(pid: 41, executable: "server", buildID: nil)]) == nil)
    }

    /// A sample whose heap is `heap` MiB, of which glibc's malloc holds `malloc` MiB (one arena,
    /// no chunks mapped on their own).
    private func sample(_ label: String, at time: Double, heapMiB heap: UInt64, mallocMiB malloc: UInt64? = nil) -> CoreComparison.Sample {
        var sample = sample(label, at: time, holderCPU: 1_000_000)
        sample.analysis.memory.heapSize = heap << 20
        if let malloc {
            sample.analysis.memory.arenas = .known(count: 1, systemMemory: malloc << 20)
            sample.analysis.memory.mallocMappedChunkSize = 0
        }
        return sample
    }

    /// "Leak" is what a heap growing from core to core says; one core never does.
    @Test func aHeapThatGrowsInEveryCoreIsALeakCandidate() throws {
        let comparison = CoreComparison.compare([
            sample("a", at: 10, heapMiB: 300, mallocMiB: 16), sample("b", at: 12, heapMiB: 340), sample("c", at: 14, heapMiB: 380, mallocMiB: 18),
        ])
        #expect(comparison.heapSizes == [300 << 20, 340 << 20, 380 << 20])
        #expect(comparison.isHeapGrowing)
        let finding = try #require(comparison.findings.first { $0.kind == .memoryGrowth })
        #expect(finding.severity == .warning)
        #expect(finding.title == "The heap grew from every core to the next (over 4.00 s), from 300.0 MiB to 380.0 MiB (+80.0 MiB): a leak candidate")
        let two = CoreComparison.compare([sample("a", at: 10, heapMiB: 300), sample("c", at: 14, heapMiB: 380)])
        #expect(two.findings.first { $0.kind == .memoryGrowth }?.title == "The heap grew between the cores (over 4.00 s), from 300.0 MiB to 380.0 MiB (+80.0 MiB): a leak candidate")
        #expect(finding.description == "The heap (writable anonymous memory outside thread stacks) grew from each core to the next: 300.0 MiB, 340.0 MiB, 380.0 MiB. glibc's malloc held 16.0 MiB in the first core and 18.0 MiB in the last; the program's own anonymous mappings were 284.0 MiB and 362.0 MiB. Memory that keeps growing is a leak candidate; a cache still filling up grows the same way until it reaches its configured size.")
    }

    @Test func aHeapThatShrinksOnceGrowsLittleOrIsUnknownIsNoLeakCandidate() {
        let cases: [[CoreComparison.Sample]] = [
            [sample("a", at: 10, heapMiB: 300), sample("b", at: 12, heapMiB: 290), sample("c", at: 14, heapMiB: 400)],
            [sample("a", at: 10, heapMiB: 300), sample("b", at: 12, heapMiB: 310)],  // under 16 MiB
            [sample("a", at: 10, heapMiB: 1000), sample("b", at: 12, heapMiB: 1040)],  // under 5 %
            [sample("a", at: 10, holderCPU: 1_000), sample("b", at: 12, heapMiB: 400)],  // no NT_FILE in the first
        ]
        for samples in cases {
            let comparison = CoreComparison.compare(samples)
            #expect(!comparison.isHeapGrowing, "\(comparison.heapSizes)")
            #expect(!comparison.findings.contains { $0.kind == .memoryGrowth })
        }
    }

    /// Two cores of a Go process: goroutines 5 and 6 parked on a mutex with the same stack in
    /// both, 7 on the mutex in the second only (it moved), 8 sending on a channel in both, and
    /// idle ones (a worker receiving from its channel, a sleeper) that are not stuck.
    @Test func goroutinesParkedOnALockInEveryCoreDidNotMove() throws {
        typealias G = GoroutineAnalysisTests
        let send = ["runtime.gopark", "runtime.chansend", "runtime.chansend1", "main.publish", "runtime.goexit"]
        func goSample(_ label: String, at time: Double, _ goroutines: [Goroutine]) -> CoreComparison.Sample {
            var image = P.image([P.thread(1, ["runtime.futex", "runtime.stopm"])])
            image.process.goroutines = goroutines
            return CoreComparison.Sample(label: label, captureTime: time, process: image.process, analysis: ProcessAnalysis.analyze(image))
        }
        var moved = G.goroutine(7, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064)
        moved.frames[4].pc += 8
        let first = goSample("a", at: 10, [
            G.goroutine(5, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064),
            G.goroutine(6, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064),
            moved,
            G.goroutine(8, .waiting, "chan send", send),
            G.goroutine(14, .waiting, "chan receive", G.channelWait),
            G.goroutine(1, .waiting, "sleep", ["runtime.gopark", "time.Sleep", "main.main", "runtime.main", "runtime.goexit"]),
        ])
        let second = goSample("b", at: 12, [
            G.goroutine(1, .waiting, "sleep", ["runtime.gopark", "time.Sleep", "main.main", "runtime.main", "runtime.goexit"]),
            G.goroutine(5, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064),
            G.goroutine(6, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064),
            G.goroutine(7, .waiting, "semacquire", G.mutexWait, semaphore: 0x55_9064),
            G.goroutine(8, .waiting, "chan send", send),
            G.goroutine(14, .waiting, "chan receive", G.channelWait),
        ])
        let comparison = CoreComparison.compare([first, second])
        #expect(comparison.stuckGoroutines.map(\.id) == [5, 6, 8])
        #expect(comparison.stuckGoroutines.map(\.place) == ["main.handleRequest", "main.handleRequest", "main.publish"])
        #expect(comparison.stuckGoroutines.map(\.waitReason) == ["semacquire", "semacquire", "chan send"])
        let finding = try #require(comparison.findings.first { $0.kind == .stuckGoroutines })
        #expect(finding.title == "3 goroutines did not move in both cores (over 2.00 s)")
        #expect(finding.description == "Each was parked on a lock or a channel send, with the same id and the same stack, in both cores: 2 in `main.handleRequest` (semacquire), 1 in `main.publish` (chan send).")
        #expect(finding.impact == 3)
        #expect(CoreComparison.compare([first]).stuckGoroutines.isEmpty)
    }
}
