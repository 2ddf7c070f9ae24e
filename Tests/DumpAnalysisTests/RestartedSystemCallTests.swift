import Testing
import DumpAnalysis
import DumpModel

/// Threads stopped and continued in a timed wait sleep in `restart_syscall`: they are named
/// so and classified as the wait they resume, from their stacks.
@Suite struct RestartedSystemCallTests {
    typealias P = SyntheticProcess
    let condvarWait = ["__futex_abstimed_wait_common", "___pthread_cond_timedwait64", "worker_loop", "start_thread"]

    @Test func everyArchitectureNamesTheCall() {
        #expect(SystemCallTable.name(of: 219, on: .x86_64) == "restart_syscall")
        #expect(SystemCallTable.name(of: 128, on: .aarch64) == "restart_syscall")
        #expect(SystemCallTable.name(of: 0, on: .i386) == "restart_syscall")
        // i386's 219 stays madvise.
        #expect(SystemCallTable.name(of: 219, on: .i386) == "madvise")
    }

    @Test func aRestartedSleepIsSleeping() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["__GI___clock_nanosleep", "__nanosleep", "sleep", "timer_loop", "start_thread"], call: P.restartSyscall([0, 0, 0x7ffd_0000, 0, 0, 0])),
        ]))
        let state = analysis.states[2]
        #expect(state?.activity == .sleeping)
        #expect(state?.restartedCall == "clock_nanosleep")
        #expect(state?.category == .sleeping)
        #expect(state?.description == "sleeping in clock_nanosleep (resumed through restart_syscall)")
    }

    @Test func restartedConditionWaitersAreIdleInTheirPool() {
        let analysis = ProcessAnalysis.analyze(P.image((2...4).map {
            P.thread(Int32($0), condvarWait, call: P.restartSyscall([0xc008, P.futexTimedWait, 0, 0x7ffd_1000, 0, 0xffff_ffff]))
        }))
        #expect(analysis.states[3]?.activity == .condition(0xc008))
        #expect(analysis.states[3]?.restartedCall == "futex")
        #expect(analysis.states[3]?.description == "waiting on condition variable (futex 0xc008) (resumed through restart_syscall)")
        let pool = analysis.pools.first { $0.entryFunction == "worker_loop" }
        #expect(pool?.idle == [2, 3, 4])
        #expect(pool?.busy == [])
        #expect(analysis.findings.isEmpty)
    }

    @Test func aRestartedTimedLockWaitFindsTheLockAndItsOwner() {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 2, in: memory)
        let timedLock = ["__futex_abstimed_wait64", "__pthread_mutex_clocklock_common", "___pthread_mutex_timedlock64", "update_row", "request_worker", "start_thread"]
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["compute", "request_worker", "start_thread"]),
            P.thread(3, timedLock, call: P.restartSyscall([0x6000, P.futexTimedWait, 2, 0x7ffd_2000, 0, 0xffff_ffff])),
            P.thread(4, timedLock, call: P.restartSyscall([0x6000, P.futexTimedWait, 2, 0x7ffd_3000, 0, 0xffff_ffff])),
        ], memory: memory))
        #expect(analysis.states[3]?.activity == .mutex(0x6000))
        #expect(analysis.locks.locks.map(\.address) == [0x6000])
        #expect(analysis.locks.locks.first?.ownerTID == 2)
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [3, 4])
        let pool = analysis.pools.first { $0.entryFunction == "request_worker" }
        #expect(pool?.blocked == [3, 4])
        #expect(pool?.busy == [2])
    }

    @Test func aRestartedSemaphoreWaitAndPollAreTheirWaits() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["__new_sem_wait_slow64.constprop.0", "wait_for_job", "start_thread"], call: P.restartSyscall([0xe000, 393, 0, 0x7ffd_4000, 0, 0xffff_ffff])),
            P.thread(3, ["__GI___poll", "event_loop", "start_thread"], call: P.restartSyscall([0x7ffd_5000, 2, 0xffff_ffff_ffff_ffff, 0, 0, 0])),
        ]))
        #expect(analysis.states[2]?.activity == .semaphore(0xe000))
        #expect(analysis.states[3]?.activity == .waitingForEvents)
        #expect(analysis.states[3]?.restartedCall == "poll")
        #expect(analysis.states[3]?.description == "waiting for events in poll (resumed through restart_syscall)")
    }

    @Test func aRestartedWaitTheStackDoesNotNameIsIdleNotAnotherCall() {
        let analysis = ProcessAnalysis.analyze(P.image([
            P.thread(2, ["", "mystery_loop", "start_thread"], call: P.restartSyscall([0, 0, 0, 0, 0, 0])),
        ]))
        #expect(analysis.states[2]?.activity == .restartedWait)
        #expect(analysis.states[2]?.category == .idle)
        #expect(analysis.states[2]?.description == "in a timed wait the stack does not name (resumed through restart_syscall)")
    }

    @Test func compareDoesNotCallRestartedIdleThreadsStuck() {
        func sample(_ label: String, at time: Double) -> CoreComparison.Sample {
            let image = P.image([
                P.thread(1, ["__GI___clock_nanosleep", "__nanosleep", "sleep", "main"], call: P.restartSyscall([0, 0, 0x7ffd_0000, 0, 0, 0])),
                P.thread(2, condvarWait, call: P.restartSyscall([0xc008, P.futexTimedWait, 0, 0x7ffd_1000, 0, 0xffff_ffff])),
                P.thread(3, ["__GI___poll", "event_loop", "start_thread"], call: P.restartSyscall([0x7ffd_5000, 2, 1000, 0, 0, 0])),
                P.thread(4, ["", "mystery_loop", "start_thread"], call: P.restartSyscall([0, 0, 0, 0, 0, 0])),
            ])
            return CoreComparison.Sample(label: label, captureTime: time, process: image.process, analysis: ProcessAnalysis.analyze(image))
        }
        let comparison = CoreComparison.compare([sample("first", at: 1_000), sample("second", at: 1_006)])
        #expect(comparison.stuckThreads.map(\.tid) == [])
    }
}
