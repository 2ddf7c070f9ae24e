import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// Thread states from registers and stacks, on every architecture.
@Suite struct ThreadStateTests {
    @Test func healthyProcessStatesNameEveryKindOfIdleWait() throws {
        let subject = try AnalysedFixture("healthy")
        let states = subject.analysis.states
        for worker in subject.tids("worker_tids") {
            guard case .condition = states[worker]?.activity else {
                Issue.record("worker \(worker) is \(String(describing: states[worker]))")
                continue
            }
        }
        #expect(states[try subject.tid("acceptor_tid")]?.activity == .waitingForEvents)
        #expect(states[try subject.tid("acceptor_tid")]?.systemCall?.name == "accept")
        #expect(states[try subject.tid("event_loop_tid")]?.activity == .waitingForEvents)
        #expect(states[try subject.tid("event_loop_tid")]?.systemCall?.name == "epoll_wait")
        #expect(states[try subject.tid("timer_tid")]?.activity == .sleeping)
        #expect(states[try subject.tid("shutdown_watcher_tid")]?.activity == .semaphore(try subject.address("shutdown_sem_address")))
        #expect(states[try subject.tid("main_tid")]?.activity == .join(tid: try subject.tid("acceptor_tid")))
        let counts = Dictionary(uniqueKeysWithValues: subject.analysis.stateCounts.map { ($0.category, $0.count) })
        #expect(counts == [.waitingOnCondition: 6, .idle: 2, .sleeping: 1])
    }

    @Test func warmupLockStates() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let states = subject.analysis.states
        let lock = try subject.address("model_lock_address")
        #expect(states[try subject.tid("holder_tid")]?.activity == .running)
        for waiter in subject.tids("waiter_tids") {
            #expect(states[waiter] == ThreadState(activity: .mutex(lock), systemCall: subject.process.thread(tid: waiter)?.systemCall))
        }
        #expect(states[try subject.tid("main_tid")]?.activity == .join(tid: try subject.tid("holder_tid")))
        let counts = Dictionary(uniqueKeysWithValues: subject.analysis.stateCounts.map { ($0.category, $0.count) })
        #expect(counts == [.running: 1, .waitingOnLock: 8, .waitingOnCondition: 1])
    }

    @Test func readersAndWritersOfAReaderWriterLock() throws {
        let subject = try AnalysedFixture("rwlock-writer")
        for reader in subject.tids("reader_tids") {
            #expect(subject.analysis.states[reader]?.activity == .readLock(try subject.address("readers_futex_address")))
        }
        #expect(subject.analysis.states[try subject.tid("waiting_writer_tid")]?.activity == .writeLock(try subject.address("waiting_writer_futex_address")))
    }

    @Test func aarch64IdleWorkersWaitOnAConditionVariable() throws {
        let subject = try AnalysedFixture("null-deref-aarch64")
        for tid in subject.tids("idle_tids") {
            guard case .condition = subject.analysis.states[tid]?.activity else {
                Issue.record("thread \(tid) is \(String(describing: subject.analysis.states[tid]))")
                continue
            }
        }
        // The classifier sees it running (in no system call); the analysis marks the crash.
        let crashTID = try subject.tid("crash_tid")
        let thread = try #require(subject.process.thread(tid: crashTID))
        #expect(ThreadStateClassifier(image: subject.core.image).classify(thread).activity == .running)
        #expect(subject.analysis.states[crashTID]?.category == .crashed)
        #expect(subject.analysis.stateDescription(of: crashTID)?.hasPrefix("crashed: SIGSEGV") == true)
    }

    @Test func i386DeadlockedThreadsWaitOnMutexesThroughTheVDSO() throws {
        let subject = try AnalysedFixture("deadlock-i386")
        #expect(subject.analysis.states[try subject.tid("transfer_a_to_b_tid")]?.activity == .mutex(try subject.address("transfer_a_to_b_blocked_on")))
    }
}
