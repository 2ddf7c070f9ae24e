import Testing
import DumpAnalysis
import DumpModel

/// Lock analysis on processes built in code: what no fixture shows, and hostile values.
@Suite struct LockEdgeCaseTests {
    typealias P = SyntheticProcess
    let waitFrames = ["__lll_lock_wait", "__pthread_mutex_lock", "handle_request", "request_worker", "start_thread"]

    @Test func glibcInternalLockHasNoOwnerAndIsNoAbandonedLock() {
        let memory = P.Memory()
        memory.words[0x5000] = 2
        memory.words[0x5008] = 0x1c00_0000 // stdio keeps a pointer here, not a TID
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["__lll_lock_wait_private", "_IO_fwrite", "log_line", "worker"], futex: (0x5000, P.futexWait)),
            P.thread(3, ["log_line", "worker"]),
        ], memory: memory))
        #expect(analysis.states[2]?.activity == .internalLock(0x5000))
        #expect(analysis.locks.locks.map(\.kind) == [.internalLock])
        #expect(analysis.locks.locks.first?.ownerTID == nil)
        #expect(!analysis.findings.contains { [.abandonedLock, .lockOwnerUnknown, .lockHeldWhileRunning].contains($0.kind) })
    }

    @Test func aSingleWaiterIsAWarningAndADeadOwnerAnError() {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 3, in: memory)
        P.mutex(at: 0x7000, owner: 99, in: memory)
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, waitFrames, futex: (0x6000, P.futexWait)),
            P.thread(3, ["compute", "worker"]),
            P.thread(4, waitFrames, futex: (0x7000, P.futexWait)),
            P.thread(5, waitFrames, futex: (0x7000, P.futexWait)),
        ], memory: memory))
        let held = analysis.findings.first { $0.kind == .lockHeldWhileRunning }
        #expect(held?.severity == .warning)
        #expect(held?.tids == [3, 2])
        let abandoned = analysis.findings.first { $0.kind == .abandonedLock }
        #expect(abandoned?.severity == .error)
        #expect(abandoned?.tids == [4, 5])
    }

    @Test func processSharedMutexOwnedElsewhereIsNotAbandoned() {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 4242, kind: 128, in: memory)
        let analysis = ProcessAnalysis.analyze(P.image([P.thread(2, waitFrames, futex: (0x6000, P.futexWait))], memory: memory))
        #expect(analysis.locks.locks.first?.kind == .mutex(Lock.MutexType(base: .normal, isProcessShared: true)))
        #expect(!analysis.findings.contains { $0.kind == .abandonedLock })
        #expect(analysis.findings.first { $0.kind == .lockOwnerUnknown }?.title.contains("held by TID 4242 of another process") == true)
    }

    @Test func aThreadWaitingForALockItHoldsIsASelfDeadlock() {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 2, in: memory)
        let analysis = ProcessAnalysis.analyze(P.image([P.thread(2, waitFrames, futex: (0x6000, P.futexWait))], memory: memory))
        #expect(analysis.locks.deadlocks.map(\.tids) == [[2]])
        #expect(analysis.findings.first?.title == "Self-deadlock: thread 2 waits for `0x6000 (passed by handle_request)`, which it holds")
    }

    @Test func rwlockIsTheGlobalOfItsSizeNotTheNeighbourBeforeIt() {
        let symbols = P.Symbols()
        symbols.symbols = [
            SymbolReference(name: "counter_b", address: 0x8ffc, size: 4, offset: 0),
            SymbolReference(name: "table_lock", address: 0x9000, size: 56, offset: 0),
        ]
        let memory = P.Memory()
        memory.words[0x9000] = 2 << 3 // two readers hold it
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["__futex_abstimed_wait_common", "___pthread_rwlock_wrlock", "update_table", "worker"], futex: (0x900c, 393)),
        ], memory: memory, symbols: symbols))
        let lock = analysis.locks.locks.first
        #expect(lock?.name == "table_lock")
        #expect(lock?.readerCount == 2)
        #expect(analysis.findings.first?.kind == .writersWaitForReaders)
    }

    @Test func aFutexWakeIsNoWaitAndRawFutexWorkersAreIdle() {
        let workers = (10...13).map { P.thread(Int32($0), ["syscall", "park_worker", "worker_main", "start_thread"], futex: (0xa000, P.futexWait)) }
        let analysis = ProcessAnalysis.analyze(P.image(workers + [
            P.thread(2, ["__futex_wake", "___pthread_cond_signal", "enqueue", "acceptor", "start_thread"], futex: (0xb000, 129)),
        ]))
        #expect(analysis.states[2]?.activity == .systemCall)
        #expect(analysis.states[10]?.activity == .futex(0xa000))
        #expect(analysis.states[10]?.isInferredWithoutSymbols == false)
        let pool = analysis.pools.first { $0.entryFunction == "worker_main" }
        #expect(pool?.idle.count == 4)
        #expect(pool?.isSaturated == false)
        #expect(analysis.findings.isEmpty)
    }

    @Test func hostileAddressesAndTimesDoNotTrap() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["main"], cpu: .max),
            P.thread(2, waitFrames, futex: (0xffff_ffff_ffff_fffc, P.futexWait), cpu: .max),
            P.thread(3, ["__futex_abstimed_wait_common", "___pthread_rwlock_rdlock", "read_table"], futex: (4, 393), cpu: .max),
            P.thread(4, ["compute"], cpu: .max),
        ]))
        // The reader's candidate start wraps to the mutex's address: one object, no trap.
        #expect(analysis.locks.locks.map(\.address) == [0xffff_ffff_ffff_fffc])
        #expect(analysis.cpu.hasAccounting)
    }

    @Test func busyWorkersOfOnePoolAreNotRunaway() {
        let workers = (10...13).map { P.thread(Int32($0), ["hash_block", "worker_main", "start_thread"], cpu: 5_000_000) }
        let analysis = ProcessAnalysis.analyze(P.image([P.thread(1, ["main"], cpu: 20_100_000)] + workers))
        #expect(!analysis.findings.contains { $0.kind == .runawayCPU })
        let spinning = (10...13).map { P.thread(Int32($0), ["hash_block", "worker_main", "start_thread"], cpu: $0 == 13 ? 30_000_000 : 1_000_000) }
        let runaway = ProcessAnalysis.analyze(P.image([P.thread(1, ["main"], cpu: 33_100_000)] + spinning))
        #expect(runaway.findings.first { $0.kind == .runawayCPU }?.tids == [13])
    }
}
