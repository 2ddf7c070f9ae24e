import Testing
import DumpAnalysis
import DumpModel

/// Locks whose holder and waiters a managed runtime records (`Process.runtimeLocks`): the lock
/// analysis takes them as it takes a glibc mutex's owner, so the holder, the lock and the queue
/// depth are found as for C.
@Suite struct RuntimeLockTests {
    typealias P = SyntheticProcess
    let condWait = ["__futex_abstimed_wait_common", "___pthread_cond_wait"]
    let condTimedWait = ["__futex_abstimed_wait_common", "___pthread_cond_timedwait64"]

    /// Java monitor waiters sleep on their own parkers (no shared futex word): only the JVM's
    /// record of their pending monitor puts them in one queue.
    @Test func javaMonitorWaitersQueueBehindTheRecordedOwner() {
        let monitorWait = condWait + ["os::PlatformEvent::park()", "ObjectMonitor::EnterI(JavaThread*)", "ObjectMonitor::enter(JavaThread*)", "", "JavaCalls::call_helper", "thread_native_entry", "start_thread"]
        var image = P.image([
            P.thread(2, ["Warmup.load", "JavaCalls::call_helper", "thread_native_entry", "start_thread"], cpu: 3_000_000),
            P.thread(3, monitorWait, futex: (0xa000, P.futexWait)),
            P.thread(4, monitorWait, futex: (0xb000, P.futexWait)),
            P.thread(5, monitorWait, futex: (0xc000, P.futexWait)),
        ])
        image.process.runtimeLocks = [
            RuntimeLock(address: 0x7000, name: "java.lang.Object@0x7000", kind: "Java monitor", runtime: .java, ownerTID: 2, waiterTIDs: [3, 4]),
        ]
        let analysis = ProcessAnalysis.analyze(image)
        #expect(analysis.locks.locks.count == 1)
        let lock = analysis.locks.locks.first
        #expect(lock?.address == 0x7000)
        #expect(lock?.kind == .runtime("Java monitor"))
        #expect(lock?.name == "java.lang.Object@0x7000")
        #expect(lock?.ownerTID == 2)
        #expect(lock?.waiters.map(\.tid) == [3, 4])
        // Thread 5 waits on a monitor the JVM did not list: its wait stays the stack's.
        #expect(analysis.locks.waitingOn[5] == nil)
        let first = analysis.findings.first
        #expect(first?.kind == .lockHeldWhileRunning)
        #expect(first?.tids.first == 2)
        #expect(first?.description == "Thread 2 holds `java.lang.Object@0x7000` (Java monitor) while running in `Warmup.load`, called from `JavaCalls::call_helper`; 2 of 4 threads (50 %) wait on it. It used 3.00 s of CPU (user 3.00 s, system 0.00 s).")
        // The owner is known: no finding says to look it up elsewhere, and the waiters' states
        // drop the hint.
        #expect(!analysis.findings.contains { $0.kind == .runtimeLockWait && $0.tids.contains(3) })
        #expect(analysis.states[3]?.description == "waiting for a Java monitor (synchronized) in ObjectMonitor::EnterI")
        #expect(analysis.states[5]?.description.hasSuffix("the holder is found in jstack or jhsdb jstack --core (`waiting to lock <...>`, `locked <...>`)") == true)
    }

    /// The GIL's waiters share the condition variable their stacks lead to; the runtime's record
    /// of the holder at that address names the owner.
    @Test func gilWaitersGetTheRecordedHolder() {
        let symbols = P.Symbols()
        symbols.symbols = [SymbolReference(name: "_PyRuntime", address: 0x90_0000, size: 0x28b20, offset: 0)]
        let memory = P.Memory()
        memory.words[0x90_0188 - 4] = 2 << 3 // __wrefs: waiters
        let gilWait = condTimedWait + ["take_gil.lto_priv.0", "PyEval_RestoreThread", "time_sleep", "_PyEval_EvalFrameDefault", "thread_run", "start_thread"]
        var image = P.image([
            P.thread(2, ["_PyEval_EvalFrameDefault", "thread_run", "start_thread"]),
            P.thread(3, gilWait, futex: (0x90_0188, P.futexTimedWait)),
            P.thread(4, gilWait, futex: (0x90_0188, P.futexTimedWait)),
        ], memory: memory, symbols: symbols)
        let condition = try? #require(ProcessAnalysis.analyze(image).locks.locks.first?.address)
        image.process.runtimeLocks = [
            RuntimeLock(address: condition ?? 0, name: "the GIL", kind: "GIL", runtime: .python, ownerTID: 2, waiterTIDs: []),
        ]
        let analysis = ProcessAnalysis.analyze(image)
        #expect(analysis.locks.locks.map(\.name) == ["the GIL"])
        #expect(analysis.locks.locks.first?.ownerTID == 2)
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [3, 4])
        #expect(analysis.locks.blocker(of: 3) == 2)
        #expect(analysis.findings.first?.kind == .lockHeldWhileRunning)
        #expect(analysis.findings.first?.title.contains("the GIL") == true, "\(analysis.findings.first?.title ?? "")")
    }

    /// A runtime's record is input like any other: a lock named twice keeps its first record, a
    /// waiter that is no thread of the core is ignored, and an owner that is none is no thread
    /// of the process.
    @Test func repeatedAndForeignRecordsAreHarmless() {
        let monitorWait = condWait + ["os::PlatformEvent::park()", "ObjectMonitor::EnterI(JavaThread*)", "ObjectMonitor::enter(JavaThread*)"]
        var image = P.image([
            P.thread(2, ["Warmup.load"]),
            P.thread(3, monitorWait, futex: (0xa000, P.futexWait)),
        ])
        image.process.runtimeLocks = [
            RuntimeLock(address: 0x7000, name: "first", kind: "Java monitor", runtime: .java, ownerTID: 2, waiterTIDs: [3, 77]),
            RuntimeLock(address: 0x7000, name: "second", kind: "Java monitor", runtime: .java, ownerTID: 9, waiterTIDs: [3]),
            RuntimeLock(address: 0x8000, name: "other", kind: "Java monitor", runtime: .java, ownerTID: 3, waiterTIDs: [3]),
        ]
        let analysis = ProcessAnalysis.analyze(image)
        #expect(analysis.locks.locks.map(\.name) == ["first"])
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [3])
        #expect(analysis.locks.deadlocks.isEmpty)
    }
}
