import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// The findings each scenario must raise, and the healthy process that must raise none.
@Suite struct FindingsTests {
    @Test func warmupUnderALockIsTheFirstFinding() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let finding = try #require(subject.analysis.findings.first)
        let holder = try subject.tid("holder_tid")
        #expect(finding.kind == .lockHeldWhileRunning)
        #expect(finding.severity == .error)
        #expect(finding.tids == [holder] + subject.tids("waiter_tids").sorted())
        #expect(finding.impact == 8)
        #expect(finding.title == "Thread \(holder) holds `model_lock` while running `warm_up_model_cache`; 8 threads wait")
        #expect(finding.description.contains("`warm_up_model_cache` (warmup-lock.c:39), called from `bulk_insert`; 8 of 10 threads (80 %) wait on it."))
        #expect(finding.description.contains("It used 2.51 s of CPU (user 2.50 s, system 0.01 s)."))
        #expect(subject.findings(.readersSerialized).isEmpty, "the holder is busy on the CPU: a reader lock would not help")
        let pool = try #require(subject.findings(.saturatedPool).first)
        #expect(pool.title.contains("`request_worker`"))
        #expect(subject.findings(.runawayCPU).isEmpty, "the holder's CPU is told in the lock finding")
    }

    @Test func gcoreCoreSaysItHasNoCPUTimes() throws {
        let subject = try AnalysedFixture("warmup-lock-gcore")
        #expect(!subject.analysis.cpu.hasAccounting)
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == .lockHeldWhileRunning)
        #expect(finding.description.contains(CPUUsage.noAccountingExplanation(for: .tool)))
    }

    @Test func slowRemoteCallUnderASessionLockAndReadersSerialised() throws {
        let subject = try AnalysedFixture("session-lock")
        let holder = try subject.tid("holder_tid")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == .lockHeldWhileWaiting)
        #expect(finding.tids.first == holder)
        #expect(finding.title.contains("sleeping in clock_nanosleep in `fetch_remote_profile`"))
        let readers = try #require(subject.findings(.readersSerialized).first)
        #expect(readers.severity == .warning)
        #expect(readers.tids.sorted() == subject.tids("waiter_tids").sorted())
        #expect(readers.description.contains("`read_session`"))
    }

    @Test func lockChainIsOneFindingAboutTheRoot() throws {
        let subject = try AnalysedFixture("lock-chain")
        let flusher = try subject.tid("flusher_tid")
        let holders = subject.findings(.lockHeldWhileRunning)
        #expect(holders.count == 1)
        let finding = try #require(holders.first)
        #expect(finding.tids.first == flusher)
        #expect(finding.impact == 5)
        #expect(finding.description.contains("(1 directly, 4 through a chain of locks)"))
        #expect(finding.description.contains("Thread \(try subject.tid("journal_writer_tid")) waits on `index_lock` while holding `journal_lock`, on which 4 threads wait."))
        #expect(subject.findings(.lockHeldWhileWaiting).isEmpty)
    }

    @Test(arguments: ["deadlock", "deadlock-i386", "deadlock-3"])
    func deadlocksAreErrorsAndNothingElseIsBlamed(name: String) throws {
        let subject = try AnalysedFixture(name)
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == .deadlock)
        #expect(finding.severity == .error)
        #expect(subject.findings(.lockHeldWhileRunning).isEmpty)
        #expect(subject.findings(.lockHeldWhileWaiting).isEmpty)
    }

    @Test func priorityInheritanceHolderInIO() throws {
        let subject = try AnalysedFixture("pi-mutex")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == .lockHeldWhileWaiting)
        #expect(finding.title.contains("`device_lock`"))
        #expect(finding.title.contains("in I/O: read"))
        #expect(finding.description.contains("(priority-inheritance mutex)"))
    }

    @Test func writerHoldingAReaderWriterLock() throws {
        let subject = try AnalysedFixture("rwlock-writer")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == .lockHeldWhileRunning)
        #expect(finding.tids.first == (try subject.tid("holder_tid")))
        #expect(finding.impact == 7)
        #expect(finding.description.contains("(reader/writer lock)"))
    }

    @Test func queueBacklogPoolIsSaturatedBehindTheBackendLock() throws {
        let subject = try AnalysedFixture("queue-backlog")
        let pool = try #require(subject.analysis.pools.first)
        #expect(pool.entryFunction == "request_worker")
        #expect(pool.tids.count == 12)
        #expect(pool.blocked.count == 12)
        #expect(pool.isSaturated)
        #expect(subject.analysis.locks.locks[try #require(pool.mainBlocker?.lockIndex)].name == "backend_lock")
        #expect(subject.analysis.findings.first?.kind == .lockHeldWhileWaiting)
    }

    @Test func runawayThreadsAreRankedAndNamed() throws {
        let subject = try AnalysedFixture("runaway")
        let compress = try subject.tid("compress_block_tid"), json = try subject.tid("parse_json_document_tid")
        let hash = try subject.tid("hash_passwords_tid")
        let cpu = subject.analysis.cpu
        #expect(cpu.busyEntries.map(\.tid) == [compress, json, hash, try subject.tid("main_tid")])
        let main = try #require(cpu.entry(tid: try subject.tid("main_tid")))
        #expect(main.isDerived)
        #expect(main.time == CPUTime(userMicroseconds: 4_001, systemMicroseconds: 9_450))
        #expect(cpu.processTotal == CPUTime(userMicroseconds: 4_034_865, systemMicroseconds: 45_484))
        let finding = try #require(subject.findings(.runawayCPU).first)
        #expect(finding.tids == [compress, json])
        #expect(finding.description.contains("in `compress_block` (runaway.c:"))
        #expect(subject.analysis.findings.allSatisfy { $0.severity != .error })
    }

    @Test func healthyProcessRaisesNoErrorOrWarning() throws {
        let subject = try AnalysedFixture("healthy")
        #expect(subject.analysis.findings.filter { $0.severity >= .warning } == [])
        let pool = try #require(subject.analysis.pools.first { $0.entryFunction == "worker_loop" })
        #expect(pool.idle.count == 4)
        #expect(!pool.isSaturated)
    }

    @Test func analysesStayCorrectWithSymbolTablesOnly() throws {
        let fixture = Fixture("warmup-lock")
        let stripped = Scratch.directory.appendingPathComponent("warmup-lock-symbols-only").path
        try Command.run("/usr/bin/strip", ["--strip-debug", "-o", stripped, try fixture.executablePath])
        let subject = try AnalysedFixture("warmup-lock", executablePath: stripped)
        let holder = try subject.tid("holder_tid")
        #expect(subject.process.modules.first?.symbolStatus == .symbolsOnly)
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.title == "Thread \(holder) holds `model_lock` while running `warm_up_model_cache`; 8 threads wait")
        #expect(finding.description.contains("`warm_up_model_cache`, called from `bulk_insert`"))
        #expect(subject.analysis.hotMethods.entries.first?.function == "warm_up_model_cache")
    }

    @Test func withoutAnyExecutableLocksAreStillFoundFromMemory() throws {
        let subject = try AnalysedFixture("warmup-lock", executablePath: "/nonexistent/warmup-lock")
        let holder = try subject.tid("holder_tid")
        let lock = try #require(try subject.lock(at: "model_lock_address"))
        #expect(lock.ownerTID == holder)
        #expect(lock.queueDepth == 8)
        #expect(subject.analysis.states.values.filter(\.isInferredWithoutSymbols).count == 9)
        #expect(subject.findings(.missingSymbols).count == 1)
        #expect(subject.analysis.findings.first?.tids.first == holder)
        // The program itself has no symbols: a warning naming every thread, second after
        // the lock (its 10 threads outrank the saturated pool's 8).
        let symbols = try #require(subject.findings(.missingSymbols).first)
        #expect(symbols.severity == .warning)
        #expect(symbols.title == "No symbols for 1 module: `warmup-lock`")
        #expect(symbols.tids.count == 10)
        #expect(subject.analysis.findings.dropFirst().first?.kind == .missingSymbols)
        #expect(symbols.description.hasSuffix(" All 10 threads have frames in it, so their names, locks and application frames are addresses, and their stacks may stop there."))
        // A module that is not the program (a library read without --sysroot) is information.
        var core = subject.core
        core.process.status?.command = "another"
        let library = try #require(ProcessAnalysis.analyze(core.image).findings.first { $0.kind == .missingSymbols })
        #expect(library.severity == .information)
        #expect(library.tids.count == 10)
    }
}
