import DumpAnalysis
import DumpModel
import Testing

private typealias P = SyntheticProcess

/// MariaDB 10.11's idle background threads and SQL SLEEP(), with the stacks Debian's mariadbd
/// showed (an unnamed frame is its hidden `pfs_spawn_thread` or `worker_main`).
@Suite struct MariaDBSignatureTests {
    private let condWait = ["__futex_abstimed_wait_common", "___pthread_cond_wait"]
    private let condTimedWait = ["__futex_abstimed_wait_common", "___pthread_cond_timedwait64"]

    @Test func backgroundThreadsAndThreadPoolWorkersAreIdleAndSleepIsASleep() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, condWait + ["slave_deadlock_handler", "", "start_thread"], futex: (0xa100, P.futexWait)),
            P.thread(3, condWait + ["binlog_background_thread", "", "start_thread"], futex: (0xa200, P.futexWait)),
            P.thread(4, condTimedWait + ["get_event(worker_thread_t*, thread_group_t*, timespec*)", "", "", "start_thread"], futex: (0xa300, P.futexTimedWait)),
            P.thread(5, ["epoll_wait", "io_poll_wait(int, epoll_event*, int, int)", "get_event(worker_thread_t*, thread_group_t*, timespec*)", "", "", "start_thread"],
                     call: SystemCall(number: 232, name: "epoll_wait", arguments: [9, 0x7ffd_0000, 1, 0xffff_ffff_ffff_ffff, 0, 0])),
            P.thread(6, condTimedWait + ["Interruptible_wait::wait(st_mysql_cond*, st_mysql_mutex*)", "", "Item_func_sleep::val_int()", "do_command(THD*, bool)",
                                         "do_handle_one_connection(CONNECT*, bool)", "handle_one_connection", "", "start_thread"], futex: (0xa400, P.futexTimedWait)),
        ]))
        #expect(analysis.states[2]?.description == "idle: replication background work (MariaDB) in slave_deadlock_handler")
        #expect(analysis.states[3]?.description == "idle: binary log background work (MariaDB) in binlog_background_thread")
        #expect(analysis.states[4]?.description == "idle: connections with work (MariaDB thread pool) in get_event")
        #expect(analysis.states[5]?.description == "idle: network events (MariaDB thread pool listener) in io_poll_wait")
        for tid: Int32 in 2...5 { #expect(analysis.states[tid]?.category == .idle) }
        #expect(analysis.states[6]?.description == "sleeping: SLEEP() (MariaDB) in Interruptible_wait::wait")
        #expect(analysis.states[6]?.category == .sleeping)
        #expect(analysis.locks.waitingOn.isEmpty)
        #expect(analysis.findings.isEmpty)
        // Both pool-of-threads workers pass over their hidden start to get_event.
        #expect(analysis.pools.map(\.entryFunction) == ["get_event(worker_thread_t*, thread_group_t*, timespec*)"])
        #expect(analysis.pools.first?.idle == [4, 5])
    }
}
