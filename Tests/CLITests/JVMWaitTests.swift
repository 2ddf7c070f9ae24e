import Foundation
import Testing
import FixtureSupport

/// A JVM (Debian's OpenJDK 17) whose threads wait in each way HotSpot waits, captured live
/// and checked against `jhsdb jstack --core`, HotSpot's own reading of the same core:
/// threads jstack says wait for a monitor entry are our Java-monitor lock waiters, the
/// Object.wait thread waits on a condition, threads parked for a ReentrantLock wait for it
/// (their Thread.parkBlocker), and the JVM's own idle threads are idle.
@Suite struct JVMWaitTests {
    /// HotSpot's own threads that wait for work in this program: the JavaThreads by their
    /// java.lang.Thread names (which the HotSpot reader gives them in full), the others as
    /// `/proc/<pid>/task/<tid>/comm` names them (15 bytes).
    static let idleVMThreads: Set<String> = [
        "VM Thread", "Reference Handler", "Signal Dispatcher", "Service Thread", "Monitor Deflation Thread",
        "C2 CompilerThread0", "C1 CompilerThread0", "Sweeper thread", "Notification Thread", "VM Periodic Tas",
    ]

    @Test(.disabled(if: JavaProgram.unavailableReason != nil, Comment(rawValue: JavaProgram.unavailableReason ?? "")))
    func monitorWaitersAreLockWaitsAndVMThreadsAreIdle() throws {
        let directory = try Scratch.makeDirectory(named: "jvm-waits")
        let running = try JavaProgram.start("jvm-monitor-waits.java", mainClass: "MonitorWaits", in: directory)
        defer { running.kill() }
        // "ready" comes once Thread.getState says every waiter waits; a monitor waiter spins a
        // little before it parks.
        Thread.sleep(forTimeInterval: 1.0)

        let core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        // About 290 MB apparent, 200 MB on disk.
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()

        let jstack = try JavaProgram.jhsdbJstack(core: core)
        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        func tid(named name: String) -> Int? { threads.first { $0["name"] as? String == name }?["tid"] as? Int }
        func state(_ tid: Int?) -> [String: Any]? { threads.first { ($0["tid"] as? Int) == tid }?["state"] as? [String: Any] }
        func category(_ tid: Int?) -> String? { state(tid)?["category"] as? String }
        func description(_ tid: Int?) -> String? { state(tid)?["description"] as? String }

        // jstack's names and TIDs (nid) are the capture's.
        let named = ["holder", "blocked-0", "blocked-1", "blocked-2", "parked-0", "parked-1", "waiting"]
        for name in named {
            #expect(jstack.threads.first { $0.name == name }?.tid == tid(named: name), "\(name)")
        }

        // Monitor waiters: jstack's "waiting for monitor entry", all on the monitor the holder
        // locked; ours, lock waits, counted together in one finding.
        let monitorWaiters = Set(jstack.threads.filter { $0.status == "waiting for monitor entry" }.map(\.tid))
        #expect(monitorWaiters == Set(["blocked-0", "blocked-1", "blocked-2"].compactMap(tid(named:))))
        let monitor = try #require(jstack.threads.first { $0.name == "blocked-0" }?.waitingToLock)
        #expect(jstack.threads.filter { $0.waitingToLock == monitor }.map(\.tid).sorted() == monitorWaiters.sorted())
        #expect(jstack.threads.first { $0.name == "holder" }?.locked.contains(monitor) == true)
        let parkedWaiters = Set(["parked-0", "parked-1"].compactMap(tid(named:)))
        let ourLockWaiters = threads.filter { ($0["state"] as? [String: Any])?["category"] as? String == "waiting on locks" }
            .compactMap { $0["tid"] as? Int }
        #expect(Set(ourLockWaiters) == monitorWaiters.union(parkedWaiters))
        for waiter in monitorWaiters {
            #expect(description(waiter) == "waiting for a Java monitor (synchronized) in ObjectMonitor::EnterI")
        }
        // HotSpot's structures name the monitor's owner (each waiter sleeps on a PlatformEvent
        // of its own, no futex word is shared): the waiters queue on it behind the holder, as
        // on a C mutex, and one finding names holder, lock and queue.
        let locks = try #require(report["locks"] as? [[String: Any]])
        let monitorLocks = locks.filter { $0["kind"] as? String == "Java monitor" }
        #expect(monitorLocks.count == 1)
        #expect(monitorLocks.first?["name"] as? String == "java.lang.Object@" + monitor.dropFirst().dropLast())
        #expect(monitorLocks.first?["owner_tid"] as? Int == tid(named: "holder"))
        #expect(Set((monitorLocks.first?["waiters"] as? [[String: Any]] ?? []).compactMap { $0["tid"] as? Int }) == monitorWaiters)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { ($0["kind"] as? String) == "runtime-lock-wait" })
        let held = findings.filter { ($0["kind"] as? String) == "lock-held-while-waiting" }
        #expect(held.count == 1)
        #expect(Set((held.first?["tids"] as? [Int]) ?? []) == monitorWaiters.union(parkedWaiters).union([tid(named: "holder")].compactMap { $0 }))

        // Object.wait: jstack's "in Object.wait()", ours a condition wait.
        let waiting = tid(named: "waiting")
        #expect(jstack.threads.first { $0.tid == waiting }?.status == "in Object.wait()")
        #expect(category(waiting) == "waiting on conditions")
        #expect(description(waiting) == "waiting on Object.wait (Java) in ObjectMonitor::wait")

        // ReentrantLock waiters: jstack's "parking to wait for <...ReentrantLock$NonfairSync>";
        // natively they are parked, as idle pool workers are, but their Thread.parkBlocker is
        // the lock the holder owns: they wait for it, queued behind the holder (one finding).
        for name in ["parked-0", "parked-1"] {
            let parked = tid(named: name)
            #expect(jstack.threads.first { $0.tid == parked }?.parkedFor?.hasSuffix("(a java/util/concurrent/locks/ReentrantLock$NonfairSync)") == true)
            #expect(category(parked) == "waiting on locks")
            #expect(description(parked) == "waiting for a ReentrantLock in Parker::park")
        }
        let reentrantLocks = locks.filter { $0["kind"] as? String == "ReentrantLock" }
        #expect(reentrantLocks.count == 1)
        #expect(reentrantLocks.first?["owner_tid"] as? Int == tid(named: "holder"))
        #expect(Set((reentrantLocks.first?["waiters"] as? [[String: Any]] ?? []).compactMap { $0["tid"] as? Int }) == parkedWaiters)

        // The holder sleeps; HotSpot's own threads wait for work.
        let holder = tid(named: "holder")
        #expect(category(holder) == "sleeping")
        #expect(description(holder) == "sleeping: Thread.sleep (Java) in JavaThread::sleep")
        let vmThreads = threads.filter { Self.idleVMThreads.contains($0["name"] as? String ?? "") }
        #expect(Set(vmThreads.compactMap { $0["name"] as? String }) == Self.idleVMThreads)
        for thread in vmThreads {
            let tid = thread["tid"] as? Int
            #expect(category(tid) == "idle", "\(thread["name"] ?? "") \(description(tid) ?? "")")
        }
        // Pools by the Java method their threads start in (libjvm's frames are the runtime's once
        // the Java frames are read): the monitor's three waiters are one pool, all blocked on it;
        // the holder starts in a method of its own, and HotSpot's threads run no Java at all.
        let pools = try #require(report["pools"] as? [[String: Any]])
        let blocked = Set(["blocked-0", "blocked-1", "blocked-2"].compactMap(tid(named:)))
        let monitorPool = pools.first { Set(($0["tids"] as? [Int]) ?? []) == blocked }
        #expect(monitorPool?["blocked"] as? Int == 3, "\(pools)")
        #expect(pools.reduce(0) { $0 + ($1["busy"] as? Int ?? 0) } == 0)
    }
}
