import DumpAnalysis
import DumpModel
import Testing

private typealias P = SyntheticProcess

/// Pools are named by the function a thread's spawn trampoline calls, not by the trampoline.
@Suite struct ThreadPoolStartTests {
    private let condWait = ["__futex_abstimed_wait_common", "___pthread_cond_wait"]

    /// mariadbd: every thread starts in the hidden `pfs_spawn_thread`, an unnamed frame.
    @Test func mariadbConnectionsArePooledApartFromBackgroundThreads() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["poll", "handle_connections_sockets()", "mysqld_main(int, char**)", "main"], call: SystemCall(number: 7, name: "poll", arguments: [0, 2, 0, 0, 0, 0])),
            P.thread(2, ["poll", "vio_io_wait", "do_command(THD*, bool)", "do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "", "start_thread", "__clone3"],
                     call: SystemCall(number: 7, name: "poll", arguments: [0, 1, 0, 0, 0, 0])),
            P.thread(3, condWait + ["MDL_wait::timed_wait(MDL_context_owner*, timespec*, bool, PSI_stage_info_v1 const*)", "MDL_context::acquire_lock(MDL_request*, double)", "do_command(THD*, bool)", "do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "", "start_thread", "__clone3"],
                     futex: (0xd100, P.futexTimedWait)),
            P.thread(4, condWait + ["handle_manager", "", "start_thread", "__clone3"], futex: (0xd200, P.futexWait)),
            P.thread(5, ["sigtimedwait", "signal_hand", "", "start_thread", "__clone3"], call: SystemCall(number: 128, name: "rt_sigtimedwait", arguments: [0, 0, 0, 0, 0, 0])),
        ]))
        #expect(analysis.pools.map(\.entryFunction) == ["handle_one_connection"])
        #expect(analysis.pools.first?.tids == [2, 3])
        #expect(analysis.pools.first?.blocked == [3])
        #expect(analysis.pools.first?.idle == [2])
    }

    /// HotSpot: `thread_native_entry` -> `Thread::call_run` -> the thread class's `run`.
    @Test func hotSpotThreadsArePooledByWhatTheyRun() {
        let start = ["Thread::call_run()", "thread_native_entry(Thread*)", "start_thread", "__clone3"]
        let javaThread = ["thread_entry(JavaThread*, JavaThread*)", "JavaThread::thread_main_inner()", "JavaThread::run()"] + start
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["JavaMain", "start_thread"], futex: (0xe000, P.futexWait)),
            P.thread(2, condWait + ["os::PlatformEvent::park()", "ObjectMonitor::EnterI(JavaThread*)", "ObjectMonitor::enter(JavaThread*)", "", "JavaCalls::call_helper"] + javaThread,
                     futex: (0xe100, P.futexWait)),
            P.thread(3, condWait + ["Parker::park(bool, long)", "Unsafe_Park", "", "JavaCalls::call_helper"] + javaThread, futex: (0xe200, P.futexWait)),
            P.thread(4, ["__new_sem_wait_slow64", "PosixSemaphore::wait()", "GangWorker::wait_for_task()", "GangWorker::loop()", "GangWorker::run()"] + start,
                     futex: (0xe300, P.futexWait)),
            P.thread(5, ["__new_sem_wait_slow64", "PosixSemaphore::wait()", "GangWorker::wait_for_task()", "GangWorker::loop()", "GangWorker::run()"] + start,
                     futex: (0xe400, P.futexWait)),
        ]))
        #expect(analysis.pools.map(\.entryFunction) == ["thread_entry(JavaThread*, JavaThread*)", "GangWorker::run()"])
        #expect(analysis.pools.first?.tids == [2, 3])
        #expect(analysis.pools.last?.tids == [4, 5])
        #expect(analysis.pools.last?.idle == [4, 5])
    }

    /// A stripped program's threads, with no named application frame, keep their outermost
    /// application frame: a start address still tells pools apart.
    @Test func stacksWithoutNamesKeepTheirOutermostApplicationFrame() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(1, ["", "", "__libc_start_main"], futex: (0xf000, P.futexWait)),
            P.thread(2, condWait + ["", "", "start_thread"], futex: (0xf100, P.futexWait)),
            P.thread(3, condWait + ["", "", "start_thread"], futex: (0xf200, P.futexWait)),
        ]))
        #expect(analysis.pools.map(\.entryFunction) == ["0x401030"])
        #expect(analysis.pools.first?.tids == [2, 3])
    }

    /// io_uring's kernel workers start with a zero PC and stack pointer and a copy of their
    /// creator's other registers: the futex call those show is not theirs.
    @Test func anIOUringWorkerIsIdleNotAFutexWaiter() {
        var worker = P.thread(2, [], futex: (0x5643_b76a_ccd8, P.futexTimedWait))
        worker.registers = RegisterSet(
            registers: [.init(name: "rsp", value: 0), .init(name: "rip", value: 0)], programCounterName: "rip", stackPointerName: "rsp")
        let analysis = ProcessAnalysis.analyze(P.image([P.thread(1, ["poll", "main"], call: SystemCall(number: 7, name: "poll", arguments: [0, 1, 0, 0, 0, 0])), worker]))
        #expect(analysis.states[2]?.category == .idle)
        #expect(analysis.states[2]?.description == "idle: io_uring work (a kernel I/O worker: no user-space state) in the kernel")
        #expect(analysis.locks.waitingOn[2] == nil)
        #expect(analysis.findings.isEmpty)
    }
}
