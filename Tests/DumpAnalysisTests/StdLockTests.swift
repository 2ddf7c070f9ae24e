import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// C++ and Rust standard-library locks on kernel cores (cpp-std-locks, rust-std-locks), against
/// the facts gdb and eu-readelf read from the same cores: glibc's locks under C++ name their
/// owner; Rust's futex Mutex records none, so its waiters are a queue on the lock's word, and
/// its Condvar and channel waits are not lock waits.
@Suite struct StdLockTests {
    private func runtimeWait(_ subject: AnalysedFixture, _ tid: Int32) -> RuntimeWait? {
        guard case .runtime(let wait) = subject.analysis.states[tid]?.activity else { return nil }
        return wait
    }

    @Test func cppStdMutexAndSharedMutexNameTheirOwnersAndWaiters() throws {
        let subject = try AnalysedFixture("cpp-std-locks")
        let stock = try #require(try subject.lock(at: "g_stock_mutex_address"))
        #expect(stock.name == "g_stock_mutex")
        #expect(stock.kind == .mutex(Lock.MutexType(base: .normal)))
        #expect(stock.ownerTID == (try subject.tid("stock_keeper_tid")))
        #expect(stock.ownerTID == (try subject.tid("g_stock_mutex_owner_tid")))
        #expect(Set(stock.waiters.map(\.tid)) == Set(subject.tids("order_tids")))
        #expect(stock.queueDepth == 3)

        let prices = try #require(try subject.lock(at: "g_prices_address"))
        #expect(prices.name == "g_prices")
        #expect(prices.kind == .readerWriter)
        #expect(prices.ownerTID == (try subject.tid("g_prices_cur_writer")))
        #expect(prices.ownerTID == (try subject.tid("price_updater_tid")))
        #expect(Set(prices.waiters.filter { $0.mode == .shared }.map(\.tid)) == Set(subject.tids("quote_tids")))
        #expect(prices.waiters.filter { $0.mode == .exclusive }.map(\.tid) == [try subject.tid("price_auditor_tid")])

        let restock = try subject.tid("restock_waiter_tid")
        #expect(subject.analysis.states[restock]?.category == .waitingOnCondition)
        #expect(subject.analysis.locks.locks.first { $0.kind == .condition }?.name == "g_restocked")
        for holder in [try subject.tid("stock_keeper_tid"), try subject.tid("price_updater_tid")] {
            #expect(subject.analysis.states[holder]?.activity == .sleeping)
        }
        #expect(subject.analysis.locks.deadlocks.isEmpty)
        #expect(subject.findings(.runtimeLockWait).isEmpty)

        // std::this_thread::sleep_for, instantiated in the executable, is the C++ library's
        // code although its demangled name starts with its return type (`void std::...`): the
        // hang signature names the holder by the application's function that called it.
        #expect(subject.analysis.signature?.finding == .lockHeldWhileWaiting)
        #expect(subject.analysis.signature?.frames == ["update_prices", "quote_price"])
    }

    @Test func rustStdMutexWaitersAreOneQueueOnTheLockWord() throws {
        let subject = try AnalysedFixture("rust-std-locks")
        let readers = subject.tids("ledger_reader_tids")
        #expect(readers.count == 4)
        let ledger = try #require(try subject.lock(at: "ledger_futex_address"))
        #expect(ledger.address == (try subject.address("ledger_address")))
        #expect(ledger.name.hasPrefix("rust_std_locks::LEDGER::h"))
        #expect(ledger.kind == .futex)
        #expect(ledger.ownerTID == nil)
        #expect(ledger.queueDepth == 4)
        #expect(Set(ledger.waiters.map(\.tid)) == Set(readers))
        for reader in readers {
            let wait = try #require(runtimeWait(subject, reader))
            #expect(wait.kind == .lock)
            #expect(wait.function == "<std::sys::sync::mutex::futex::Mutex>::lock_contended")
            #expect(subject.analysis.states[reader]?.category == .waitingOnLock)
            #expect(subject.analysis.states[reader]?.description
                == "waiting for a Rust std Mutex in <std::sys::sync::mutex::futex::Mutex>::lock_contended; the holder is found in the other threads' stacks (a Rust std lock records no owner: the holder is inside the code it guards)")
        }
        // std's v0-named frames are the runtime's: the thread is named by the program's code.
        for reader in readers {
            let thread = try #require(subject.process.thread(tid: reader))
            #expect(subject.analysis.frames.innermostApplicationFrame(of: thread)?.function?.hasPrefix("rust_std_locks::post_entry::h") == true)
        }
        let finding = try #require(subject.findings(.runtimeLockWait).first)
        #expect(subject.findings(.runtimeLockWait).count == 1)
        #expect(finding.title == "4 threads wait for a Rust std Mutex")
        #expect(Set(finding.tids) == Set(readers))
        #expect(finding.description.contains("queued on the futex `\(ledger.name)` (queue depth 4)"))

        let settle = try subject.tid("settle_waiter_tid")
        #expect(runtimeWait(subject, settle)?.kind == .condition)
        #expect(runtimeWait(subject, settle)?.function == "<std::sys::sync::condvar::futex::Condvar>::wait")
        #expect(subject.analysis.states[settle]?.category == .waitingOnCondition)

        let mail = try subject.tid("mail_reader_tid")
        #expect(runtimeWait(subject, mail)?.kind == .idle)
        #expect(runtimeWait(subject, mail)?.function == "std::sync::mpmc::list::Channel<T>::recv::{{closure}}")
        #expect(subject.analysis.states[mail]?.category == .idle)
        #expect(subject.analysis.states[mail]?.description == "idle: messages on a Rust std channel in std::sync::mpmc::list::Channel<T>::recv::{{closure}}")
        #expect(subject.analysis.states[try subject.tid("ledger_writer_tid")]?.activity == .sleeping)
        // Only the Mutex's waiters queue on a lock.
        #expect(Set(subject.analysis.locks.waitingOn.keys) == Set(readers))
    }
}
