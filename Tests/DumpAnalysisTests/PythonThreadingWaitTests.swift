import Testing
import DumpAnalysis
import DumpModel

/// CPython threads asleep in a threading lock's acquire: a `Condition.wait` (under `Queue.get`,
/// `Event.wait`) or `Thread.join` is a condition wait named by its Python caller, grouped by
/// the Condition the reader records, and no finding; a `with lock:` is a lock wait.
@Suite struct PythonThreadingWaitTests {
    typealias P = SyntheticProcess
    static let lockWait = ["__new_sem_wait_slow64.constprop.0", "PyThread_acquire_lock_timed", "acquire_timed", "lock_PyThread_acquire_lock"]
    static let threading = "/usr/lib/python3.11/threading.py"

    /// A thread in the threading lock wait on `semaphore` whose Python frames, innermost first,
    /// are `python` (function, file).
    static func thread(_ tid: Int32, semaphore: UInt64, _ python: [(String, String)]) -> DumpModel.Thread {
        var thread = P.thread(tid, lockWait, futex: (semaphore, 137))
        thread.frames += python.enumerated().map { index, frame in
            Frame(pc: 0x7000 + UInt64(index), kind: .call, trust: .runtime,
                  symbol: FrameSymbol(function: frame.0, source: SourceLocation(file: frame.1, line: 320)), runtime: .python)
        }
        return thread
    }

    @Test func conditionWaitersAreGroupedByTheirConditionWithoutAFinding() {
        var threads = (2...4).map {
            Self.thread($0, semaphore: 0xa000 + UInt64($0) * 32, [("Condition.wait", Self.threading), ("Queue.get", "/usr/lib/python3.11/queue.py"), ("worker", "/srv/app.py")])
        }
        threads.append(Self.thread(5, semaphore: 0xb000, [("Condition.wait", Self.threading), ("Condition.wait_for", Self.threading), ("Barrier._wait", Self.threading)]))
        threads.append(Self.thread(6, semaphore: 0xb100, [("Thread._wait_for_tstate_lock", Self.threading), ("Thread.join", Self.threading), ("main", "/srv/app.py")]))
        var image = P.image(threads)
        image.process.runtimeLocks = [
            RuntimeLock(address: 0x7000, name: "threading.Condition@0x7000 (waited on in queue.Queue.get)", kind: "threading.Condition",
                        runtime: .python, ownerTID: nil, waiterTIDs: [2, 3, 4], isCondition: true),
        ]
        let analysis = ProcessAnalysis.analyze(image)
        #expect(analysis.states[2]?.description == "waiting on a threading.Condition (CPython) in queue.Queue.get")
        #expect(analysis.states[2]?.category == .waitingOnCondition)
        #expect(analysis.states[5]?.description == "waiting on a threading.Condition (CPython) in threading.Barrier._wait")
        #expect(analysis.states[6]?.description == "waiting on the end of a thread (CPython) in threading.Thread.join")
        #expect(analysis.locks.locks.map(\.kind) == [.condition])
        #expect(analysis.locks.locks.first?.name == "threading.Condition@0x7000 (waited on in queue.Queue.get)")
        #expect(analysis.locks.locks.first?.waiters.map(\.tid) == [2, 3, 4])
        #expect(analysis.findings.filter { $0.kind != .managedRuntime }.map(\.title) == [])
    }

    /// A thread in `with lock:` is a lock wait, queued behind the holder the reader records.
    @Test func aWithLockWaiterQueuesBehindTheRecordedHolder() {
        var image = P.image([
            P.thread(2, ["warm_cache"], cpu: 2_000_000),
            Self.thread(3, semaphore: 0xa000, [("handle_request", "/srv/app.py")]),
            Self.thread(4, semaphore: 0xa000, [("handle_request", "/srv/app.py")]),
        ])
        image.process.runtimeLocks = [
            RuntimeLock(address: 0x7000, name: "cache_lock", kind: "threading.Lock", runtime: .python, ownerTID: 2, waiterTIDs: [3, 4]),
        ]
        let analysis = ProcessAnalysis.analyze(image)
        #expect(analysis.states[3]?.description == "waiting for a threading lock (CPython) in PyThread_acquire_lock_timed")
        #expect(analysis.locks.locks.map(\.name) == ["cache_lock"])
        #expect(analysis.findings.first?.title == "Thread 2 holds `cache_lock` while running `warm_cache`; 2 threads wait")
    }
}
