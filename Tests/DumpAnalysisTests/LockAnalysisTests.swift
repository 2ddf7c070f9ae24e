import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// Lock owners, queue depths, wait chains and deadlocks on the fixture cores, against the
/// facts gdb read from the same cores.
@Suite struct LockAnalysisTests {
    @Test func warmupLockNamesHolderLockAndQueueDepth() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let lock = try #require(try subject.lock(at: "model_lock_address"))
        #expect(lock.name == "model_lock")
        #expect(lock.kind == .mutex(Lock.MutexType(base: .normal)))
        #expect(lock.ownerTID == (try subject.tid("holder_tid")))
        #expect(lock.queueDepth == subject.fixture.intFact("waiter_count"))
        #expect(Set(lock.waiters.map(\.tid)) == Set(subject.tids("waiter_tids")))
        #expect(subject.analysis.locks.locks.count == 1)
        #expect(subject.analysis.locks.deadlocks.isEmpty)
    }

    @Test func sessionLockIsNamedInsideItsArray() throws {
        let subject = try AnalysedFixture("session-lock")
        let lock = try #require(try subject.lock(at: "waiters_blocked_on"))
        #expect(lock.symbol?.name == "sessions")
        #expect(lock.ownerTID == (try subject.tid("holder_tid")))
        #expect(Set(lock.waiters.map(\.tid)) == Set(subject.tids("waiter_tids")))
    }

    @Test(arguments: ["deadlock", "deadlock-i386"])
    func twoThreadDeadlockIsOneCycle(name: String) throws {
        let subject = try AnalysedFixture(name)
        let a = try subject.tid("transfer_a_to_b_tid"), b = try subject.tid("transfer_b_to_a_tid")
        let cycle = try #require(subject.analysis.locks.deadlocks.first)
        #expect(subject.analysis.locks.deadlocks.count == 1)
        #expect(cycle.tids == [min(a, b), max(a, b)])
        let locks = subject.analysis.locks.locks
        #expect(locks[cycle.lockIndices[cycle.tids.firstIndex(of: a)!]].address == (try subject.address("transfer_a_to_b_blocked_on")))
        #expect(locks[cycle.lockIndices[cycle.tids.firstIndex(of: b)!]].address == (try subject.address("transfer_b_to_a_blocked_on")))
        #expect(Set(locks.map(\.name)) == ["account_a_lock", "account_b_lock"])
    }

    @Test func threeThreadDeadlockNamesEveryThreadAndLock() throws {
        let subject = try AnalysedFixture("deadlock-3")
        let roles = ["reserve_inventory", "charge_payment", "schedule_shipping"]
        let tids = try roles.map { try subject.tid($0 + "_tid") }
        let cycle = try #require(subject.analysis.locks.deadlocks.first)
        #expect(subject.analysis.locks.deadlocks.count == 1)
        #expect(Set(cycle.tids) == Set(tids))
        #expect(cycle.tids.first == tids.min())
        for (role, tid) in zip(roles, tids) {
            let waited = subject.analysis.locks.locks[cycle.lockIndices[cycle.tids.firstIndex(of: tid)!]]
            #expect(waited.address == (try subject.address(role + "_waits_on")))
        }
        let finding = try #require(subject.findings(.deadlock).first)
        #expect(finding.severity == .error)
        for name in ["inventory_lock", "payment_lock", "shipping_lock", "reserve_inventory", "charge_payment", "schedule_shipping"] {
            #expect(finding.description.contains(name))
        }
    }

    @Test func lockChainEndsAtTheRunningFlusher() throws {
        let subject = try AnalysedFixture("lock-chain")
        let flusher = try subject.tid("flusher_tid"), writer = try subject.tid("journal_writer_tid")
        let requests = subject.tids("request_tids")
        let locks = subject.analysis.locks
        for request in requests {
            #expect(locks.chain(from: request) == [request, writer, flusher])
            #expect(locks.root(of: request) == flusher)
        }
        #expect(locks.threadsQueued(behind: flusher) == (requests + [writer]).sorted())
        let index = try #require(try subject.lock(at: "index_lock_address"))
        #expect(index.kind == .mutex(Lock.MutexType(base: .recursive)))
        #expect(index.recursionCount == subject.fixture.intFact("index_lock_count"))
        #expect(index.ownerTID == flusher)
        let journal = try #require(try subject.lock(at: "journal_lock_address"))
        #expect(journal.kind == .mutex(Lock.MutexType(base: .errorChecking)))
        #expect(journal.ownerTID == writer)
        #expect(journal.queueDepth == requests.count)
        #expect(locks.deadlocks.isEmpty)
    }

    @Test func priorityInheritanceMutexOwnerAndWaiters() throws {
        let subject = try AnalysedFixture("pi-mutex")
        let lock = try #require(try subject.lock(at: "device_lock_address"))
        #expect(lock.kind == .mutex(Lock.MutexType(base: .normal, isPriorityInheritance: true)))
        #expect(lock.name == "device_lock")
        #expect(lock.ownerTID == (try subject.tid("device_lock_owner_tid")))
        #expect(Set(lock.waiters.map(\.tid)) == Set(subject.tids("waiter_tids")))
        #expect(subject.analysis.states[try subject.tid("holder_tid")]?.activity == .io)
    }

    @Test func readerWriterLockHasTheWriterAsOwnerAndReadersQueued() throws {
        let subject = try AnalysedFixture("rwlock-writer")
        let lock = try #require(try subject.lock(at: "cache_rwlock_address"))
        #expect(subject.analysis.locks.locks.count == 1)
        #expect(lock.kind == .readerWriter)
        #expect(lock.name == "cache_rwlock")
        #expect(lock.ownerTID == (try subject.tid("cache_rwlock_cur_writer")))
        #expect(Set(lock.waiters.filter { $0.mode == .shared }.map(\.tid)) == Set(subject.tids("reader_tids")))
        #expect(lock.waiters.filter { $0.mode == .exclusive }.map(\.tid) == [try subject.tid("waiting_writer_tid")])
    }

    @Test func cppStdMutexIsTheCacheMember() throws {
        let subject = try AnalysedFixture("cpp-convoy")
        let lock = try #require(try subject.lock(at: "mutex_address"))
        #expect(lock.symbol?.name == "g_texture_cache")
        #expect(lock.ownerTID == (try subject.tid("mutex_owner_tid")))
        #expect(Set(lock.waiters.map(\.tid)) == Set(subject.tids("waiter_tids")))
    }

    @Test func healthyProcessHasNoOwnedLockAndNoDeadlock() throws {
        let subject = try AnalysedFixture("healthy")
        #expect(subject.analysis.locks.locks.allSatisfy { !$0.kind.hasOwner })
        #expect(subject.analysis.locks.deadlocks.isEmpty)
        let condition = try #require(subject.analysis.locks.locks.first { $0.kind == .condition })
        #expect(condition.name == "work_available")
        #expect(condition.address == (try subject.address("work_available_address")))
        #expect(Set(condition.waiters.map(\.tid)) == Set(subject.tids("worker_tids")))
    }
}
