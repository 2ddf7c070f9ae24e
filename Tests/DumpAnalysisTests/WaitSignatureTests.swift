import Testing
import DumpAnalysis
import DumpModel

/// The wait-signature table: each runtime's waits, on processes built in code.
@Suite struct WaitSignatureTests {
    typealias P = SyntheticProcess
    let condTimedWait = ["__futex_abstimed_wait_common", "___pthread_cond_timedwait64"]
    let condWait = ["__futex_abstimed_wait_common", "___pthread_cond_wait"]
    let semWait = ["__new_sem_wait_slow64.constprop.0"]
    static let epollWait = SystemCall(number: 232, name: "epoll_wait", arguments: [5, 0x7ffd_0000, 1, 0xffff_ffff_ffff_ffff, 0, 0])

    private func wait(_ analysis: ProcessAnalysis, _ tid: Int32) -> RuntimeWait? {
        guard case .runtime(let wait) = analysis.states[tid]?.activity else { return nil }
        return wait
    }

    @Test func namesAreNormalised() {
        #expect(WaitSignatures.normalise("take_gil.lto_priv.0") == "take_gil")
        #expect(WaitSignatures.normalise("os::abort(bool, void*, void const*) [clone .cold]") == "os::abort")
        #expect(WaitSignatures.normalise("__new_sem_wait_slow64.constprop.0") == "new_sem_wait_slow64")
        #expect(WaitSignatures.normalise("foo.isra.0.part.1") == "foo")
        #expect(WaitSignatures.normalise("bar.cold") == "bar")
        #expect(WaitSignatures.normalise("memcpy@@GLIBC_2.14") == "memcpy")
        #expect(WaitSignatures.normalise("__GI___pthread_mutex_lock") == "pthread_mutex_lock")
        #expect(WaitSignatures.normalise("___pthread_cond_timedwait64") == "pthread_cond_timedwait64")
        #expect(WaitSignatures.normalise("ObjectMonitor::EnterI(JavaThread*)") == "ObjectMonitor::EnterI")
        #expect(WaitSignatures.normalise("std::sys::unix::locks::futex_mutex::Mutex::lock_contended::h0123456789abcdef")
            == "std::sys::unix::locks::futex_mutex::Mutex::lock_contended")
        #expect(WaitSignatures.normalise("<std[d28b2c4e5f6a7b8c]::sys::sync::mutex::futex::Mutex>::lock_contended")
            == "<std::sys::sync::mutex::futex::Mutex>::lock_contended")
        #expect(WaitSignatures.normalise("runtime.futex") == "runtime.futex")
        #expect(WaitSignatures.normalise("(anonymous namespace)::run(int)") == "(anonymous namespace)::run")
    }

    @Test func cpythonGILWaitersQueueOnTheGILAndBlockTheirPool() {
        let symbols = P.Symbols()
        symbols.symbols = [SymbolReference(name: "_PyRuntime", address: 0x90_0000, size: 0x28b20, offset: 0)]
        let memory = P.Memory()
        memory.words[0x90_0188 - 4] = 2 << 3 // __wrefs: waiters
        let gilWait = condTimedWait + ["take_gil.lto_priv.0", "PyEval_RestoreThread", "time_sleep", "_PyEval_EvalFrameDefault", "thread_run", "start_thread"]
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["_PyEval_EvalFrameDefault", "thread_run", "start_thread"]),
            P.thread(3, gilWait, futex: (0x90_0188, P.futexTimedWait)),
            P.thread(4, gilWait, futex: (0x90_0188, P.futexTimedWait)),
        ], memory: memory, symbols: symbols))
        let gil = wait(analysis, 3)
        #expect(gil?.kind == .lock)
        #expect(gil?.function == "take_gil")
        #expect(gil?.underlying == .condition(0x90_0188))
        #expect(analysis.states[3]?.category == .waitingOnLock)
        #expect(analysis.states[3]?.description
            == "waiting for the GIL (CPython) in take_gil; the holder is found in `_PyRuntime`'s gilstate (py-spy dump --core, pystack core)")
        #expect(analysis.locks.locks.count == 1)
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [3, 4])
        #expect(analysis.locks.locks.first?.kind == .condition)
        let pool = analysis.pools.first { $0.entryFunction == "thread_run" }
        #expect(pool?.blocked == [3, 4])
        #expect(pool?.busy == [2])
        #expect(pool?.mainBlocker?.count == 2)
        let finding = analysis.findings.first { $0.kind == .runtimeLockWait }
        #expect(finding?.severity == .warning)
        #expect(finding?.title == "2 threads wait for the GIL (CPython)")
        let lockName = analysis.locks.locks.first?.name ?? ""
        #expect(finding?.description == "Threads 3 and 4 wait for the GIL (CPython) in `take_gil`, queued on the condition variable `\(lockName)` (queue depth 2). This core does not say who holds it: the holder is found in `_PyRuntime`'s gilstate (py-spy dump --core, pystack core).")
        #expect(finding?.tids == [3, 4])
    }

    @Test func cpythonGILWaitWithTakeGILHiddenIsNamedByItsExportedCaller() {
        // Debian's python3.11 hides take_gil: an unnamed frame between the condition wait and
        // PyEval_RestoreThread.
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, condTimedWait + ["", "PyEval_RestoreThread", "", "", "PyObject_Vectorcall", "_PyEval_EvalFrameDefault"], futex: (0x90_0188, P.futexTimedWait)),
            P.thread(3, ["__GI___clock_nanosleep", "", "", "PyObject_Vectorcall", "_PyEval_EvalFrameDefault"], call: SystemCall(number: 230, name: "clock_nanosleep", arguments: [1, 1, 0, 0, 0, 0])),
        ]))
        #expect(wait(analysis, 2)?.function == "PyEval_RestoreThread")
        #expect(wait(analysis, 2)?.object == "the GIL (CPython)")
        // time.sleep is not the GIL: PyObject_Vectorcall has no row and ends the search.
        #expect(analysis.states[3]?.activity == .sleeping)
    }

    @Test func cpythonThreadingLockWaitersShareTheSemaphore() {
        let lockWait = semWait + ["PyThread_acquire_lock_timed", "acquire_timed", "lock_PyThread_acquire_lock", "thread_run", "start_thread"]
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, lockWait, futex: (0xa000, 137)),
            P.thread(3, lockWait, futex: (0xa000, 137)),
        ]))
        #expect(wait(analysis, 2)?.kind == .lock)
        #expect(wait(analysis, 2)?.underlying == .semaphore(0xa000))
        #expect(analysis.locks.locks.map(\.address) == [0xa000])
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [2, 3])
        #expect(analysis.pools.first?.blocked == [2, 3])
    }

    @Test func hotspotMonitorWaitersAreBlockedParkedThreadsWaitAndVMThreadsIdle() {
        let monitor = condWait + ["os::PlatformEvent::park()", "ObjectMonitor::EnterI(JavaThread*)", "ObjectMonitor::enter(JavaThread*)",
                                  "ObjectSynchronizer::enter(Handle, BasicLock*, JavaThread*)", "InterpreterRuntime::monitorenter(JavaThread*, BasicObjectLock*)",
                                  "", "JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)",
                                  "thread_native_entry(Thread*)", "start_thread"]
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, monitor, futex: (0xb100, 128)),
            P.thread(3, monitor, futex: (0xb200, 128)),
            P.thread(4, condWait + ["Parker::park(bool, long)", "Unsafe_Park", "", "thread_native_entry(Thread*)", "start_thread"], futex: (0xb300, 128)),
            P.thread(5, semWait + ["PosixSemaphore::wait()", "GangWorker::wait_for_task()", "GangWorker::loop()", "thread_native_entry(Thread*)", "start_thread"], futex: (0xb400, 128)),
        ]))
        #expect(wait(analysis, 2)?.function == "ObjectMonitor::EnterI")
        #expect(analysis.states[2]?.description
            == "waiting for a Java monitor (synchronized) in ObjectMonitor::EnterI; the holder is found in jstack or jhsdb jstack --core (`waiting to lock <...>`, `locked <...>`)")
        // Each waiter parks on its own event: no lock object groups them.
        #expect(analysis.locks.waitingOn[2] == nil)
        #expect(wait(analysis, 4)?.kind == .condition)
        #expect(wait(analysis, 4)?.function == "Parker::park")
        #expect(analysis.states[4]?.category == .waitingOnCondition)
        #expect(wait(analysis, 5)?.kind == .idle)
        #expect(analysis.states[5]?.description == "idle: GC work (HotSpot GC worker) in GangWorker::wait_for_task")
        // Pools pass over the spawn trampoline `thread_native_entry`: the two monitor waiters
        // start in the same function, the parked thread and the GC worker each in its own.
        #expect(analysis.pools.map(\.entryFunction) == ["JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, JavaThread*)"])
        #expect(analysis.pools.first?.blocked == [2, 3])
    }

    @Test func postgresLockWaitsNameWhereTheHolderIsAndClientReadsAreIdle() {
        let lwlock = semWait + ["PGSemaphoreLock", "LWLockAcquire", "BufferAlloc", "ReadBuffer_common", "PostgresMain"]
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["epoll_wait", "WaitEventSetWait", "WaitLatch", "ProcSleep", "LockAcquireExtended", "XactLockTableWait", "heap_update", "ExecUpdate", "PostgresMain", "main"], call: Self.epollWait),
            P.thread(2, ["epoll_wait", "WaitEventSetWait", "secure_read", "pq_recvbuf", "pq_getbyte", "PostgresMain", "main"], call: Self.epollWait),
            P.thread(3, lwlock, futex: (0xc100, 137)),
        ]))
        #expect(wait(analysis, 1)?.kind == .lock)
        #expect(wait(analysis, 1)?.underlying == .waitingForEvents)
        #expect(analysis.states[1]?.description
            == "waiting for a heavyweight lock (PostgreSQL) in ProcSleep; the holder is found in pg_locks and pg_blocking_pids(pid)")
        #expect(wait(analysis, 2)?.kind == .idle)
        #expect(analysis.states[2]?.category == .idle)
        let heavyweight = analysis.findings.first { $0.kind == .runtimeLockWait && $0.tids == [1] }
        #expect(heavyweight?.severity == .information)
        #expect(heavyweight?.title == "Thread 1 waits for a heavyweight lock (PostgreSQL)")
        #expect(heavyweight?.description == "Thread 1 waits for a heavyweight lock (PostgreSQL) in `ProcSleep`. This core does not say who holds it: the holder is found in pg_locks and pg_blocking_pids(pid).")
        #expect(heavyweight?.recommendation.hasPrefix("Look the holder up in pg_locks and pg_blocking_pids(pid) and see what it does") == true)
        #expect(analysis.findings.map(\.kind) == [.runtimeLockWait, .runtimeLockWait])
        #expect(wait(analysis, 3)?.function == "LWLockAcquire")
        #expect(analysis.states[3]?.category == .waitingOnLock)
        #expect(analysis.locks.waitingOn[3] == nil)
    }

    @Test func mariadbMetadataAndRowLockWaitsAreLocksAndTheThreadCacheIsIdle() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, condTimedWait + ["MDL_wait::timed_wait(THD*, timespec*, bool, int)", "MDL_context::acquire_lock(MDL_request*, double)", "open_table", "do_command", "do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "start_thread"], futex: (0xd100, P.futexTimedWait)),
            P.thread(3, condTimedWait + ["", "", "", "", "handler::ha_update_row(unsigned char const*, unsigned char const*)", "mysql_update", "do_command", "do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "start_thread"], futex: (0xd200, P.futexTimedWait)),
            P.thread(4, condTimedWait + ["do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "start_thread"], call: P.restartSyscall([0xd300, P.futexTimedWait, 0, 0x7ffd_6000, 0, 0xffff_ffff])),
        ]))
        #expect(analysis.states[2]?.description
            == "waiting for a metadata lock (MariaDB MDL) in MDL_wait::timed_wait; the holder is found in SHOW PROCESSLIST, and information_schema.METADATA_LOCK_INFO once the metadata_lock_info plugin is installed")
        #expect(wait(analysis, 3)?.function == "handler::ha_update_row")
        #expect(analysis.states[3]?.category == .waitingOnLock)
        #expect(analysis.states[3]?.description.hasSuffix("the holder is found in information_schema.INNODB_LOCK_WAITS and INNODB_TRX (PROCESSLIST.TID names the thread)") == true)
        #expect(wait(analysis, 4)?.kind == .idle)
        #expect(analysis.states[4]?.description
            == "idle: a new connection (MariaDB thread cache) in do_handle_one_connection (resumed through restart_syscall)")
        // Each MDL and row-lock waiter sleeps on its own condition variable: two findings of one
        // thread each, saying where the holders are found.
        #expect(analysis.findings.filter { $0.kind == .runtimeLockWait }.map(\.title)
            == ["Thread 2 waits for a metadata lock (MariaDB MDL)", "Thread 3 waits for a lock inside the storage engine (an InnoDB row lock, likely: inferred, InnoDB's frames have no names)"])
        let pool = analysis.pools.first { $0.entryFunction == "handle_one_connection" }
        #expect(pool?.blocked == [2, 3])
        #expect(pool?.idle == [4])
    }

    @Test func redisParkedIOThreadsAreIdleNotALockFinding() {
        let memory = P.Memory()
        P.mutex(at: 0x7000, owner: 1, in: memory)
        P.mutex(at: 0x7028, owner: 1, in: memory)
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["epoll_wait", "aeProcessEvents", "aeMain", "main"], call: Self.epollWait),
            P.thread(2, ["__lll_lock_wait", "___pthread_mutex_lock", "IOThreadMain", "start_thread"], futex: (0x7000, P.futexWait)),
            P.thread(3, ["__lll_lock_wait", "___pthread_mutex_lock", "IOThreadMain", "start_thread"], futex: (0x7028, P.futexWait)),
        ], memory: memory))
        #expect(wait(analysis, 2)?.kind == .idle)
        #expect(wait(analysis, 2)?.underlying == .mutex(0x7000))
        #expect(analysis.locks.locks.isEmpty)
        #expect(analysis.pools.first?.idle == [2, 3])
        #expect(analysis.findings.isEmpty)
    }

    @Test func rustStdMutexWaitersOfEveryReleaseQueueOnTheMutex() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["syscall", "<std[d28b2c4e5f6a7b8c]::sys::sync::mutex::futex::Mutex>::lock_contended", "app::update", "app::worker"], futex: (0xe000, P.futexWait)),
            P.thread(3, ["syscall", "std::sys::unix::locks::futex_mutex::Mutex::lock_contended::h0123456789abcdef", "app::update", "app::worker"], futex: (0xe000, P.futexWait)),
        ]))
        #expect(wait(analysis, 2)?.object == "a Rust std Mutex")
        #expect(wait(analysis, 3)?.object == "a Rust std Mutex")
        #expect(analysis.locks.locks.map(\.address) == [0xe000])
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [2, 3])
        #expect(analysis.pools.first?.blocked == [2, 3])
    }

    @Test func parkingLotWaitersAreBlockedWithoutALockObject() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["syscall", "parking_lot_core::thread_parker::imp::ThreadParker::futex_wait", "parking_lot_core::parking_lot::park::{{closure}}",
                         "parking_lot_core::parking_lot::with_thread_data", "parking_lot::raw_mutex::RawMutex::lock_slow", "app::update", "app::worker"],
                     futex: (0xf000, P.futexWait)),
        ]))
        #expect(wait(analysis, 2)?.object == "a parking_lot Mutex")
        #expect(analysis.states[2]?.category == .waitingOnLock)
        #expect(analysis.locks.waitingOn[2] == nil)
    }

    @Test func goIdleMachinesAreIdle() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["runtime.futex", "runtime.futexsleep", "runtime.notesleep", "runtime.mPark", "runtime.stopm", "runtime.findRunnable", "runtime.schedule"], futex: (0x5a_0000, P.futexWait)),
        ]))
        #expect(wait(analysis, 2)?.kind == .idle)
        #expect(analysis.states[2]?.description == "idle: goroutines to run (Go scheduler) in runtime.stopm")
    }

    @Test func dotnetMonitorEnterIsALockFromTheSourceOnly() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, condWait + ["CorUnix::CPalSynchronizationManager::ThreadNativeWait(CorUnix::_ThreadNativeWaitData*, unsigned int, CorUnix::ThreadWakeupReason*, unsigned int*)",
                                    "CorUnix::CPalSynchronizationManager::BlockThread(CorUnix::CPalThread*, unsigned int, bool, bool, CorUnix::ThreadWakeupReason*, unsigned int*)",
                                    "CorUnix::InternalWaitForMultipleObjectsEx(CorUnix::CPalThread*, unsigned int, void* const*, int, unsigned int, int, int)",
                                    "CLREventBase::WaitEx(unsigned int, WaitMode, PendingSync*)", "AwareLock::EnterEpilogHelper(Thread*, int)", "AwareLock::EnterEpilog(Thread*, int)"],
                     futex: (0x6a_0000, P.futexWait)),
        ]))
        #expect(wait(analysis, 2)?.function == "AwareLock::EnterEpilogHelper")
        #expect(analysis.states[2]?.category == .waitingOnLock)
        #expect(WaitSignatures.rows.first { $0.function == "AwareLock::EnterEpilogHelper" }?.isSourceOnly == true)
        #expect(WaitSignatures.rows.filter(\.isSourceOnly).map(\.function) == ["AwareLock::EnterEpilogHelper", "SyncBlock::Wait"])
    }

    @Test func anApplicationFrameWithoutARowKeepsTheCLibraryPrimitive() {
        // `handle_request` is the first application frame: the rows further out (a thread
        // cache entry) do not apply, the mutex wait stays a mutex wait.
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["__lll_lock_wait", "___pthread_mutex_lock", "handle_request", "do_handle_one_connection(CONNECT*, bool)", "start_thread"], futex: (0x8000, P.futexWait)),
        ]))
        #expect(analysis.states[2]?.activity == .mutex(0x8000))
    }
}
