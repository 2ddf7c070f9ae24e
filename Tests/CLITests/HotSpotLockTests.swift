import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// The HotSpot reader's Java thread states and `java.util.concurrent` lock owners on a live JVM
/// (Debian's OpenJDK 17) captured with `analyze-dump capture`, against `jhsdb jstack --locks
/// --core` on the same core: `Fixtures/scenarios/JavaLockWarmup.java`, a warm-up running under a
/// ReentrantLock while five requests queue on it, a ReentrantReadWriteLock's writer with a
/// reader queued, and one held by a reader with a writer queued.
@Suite struct HotSpotLockTests {
    @Test(.disabled(if: JavaProgram.unavailableReason != nil, Comment(rawValue: JavaProgram.unavailableReason ?? "")))
    func threadStatesAndLockOwnersAreJhsdbs() throws {
        let directory = try Scratch.makeDirectory(named: "jvm-locks")
        let running = try JavaProgram.start("JavaLockWarmup.java", mainClass: "JavaLockWarmup", in: directory)
        defer { running.kill() }
        let core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()

        let jstack = try JavaProgram.jhsdbJstack(core: core, locks: true)
        let process = try CoreReader.read(path: core).process
        func tid(_ name: String) -> Int32? { jstack.threads.first { $0.name == name }.map { Int32($0.tid) } }
        func jstackThread(_ name: String) -> JStackOutput.JavaThread? { jstack.threads.first { $0.name == name } }

        // Every Java thread's state is jhsdb's, in its words.
        #expect(jstack.threads.count == 15)
        for thread in jstack.threads {
            #expect(thread.javaState != nil, "\(thread.name)")
            #expect(process.thread(tid: Int32(thread.tid))?.runtimeState == thread.javaState, "\(thread.name)")
        }
        #expect(jstackThread("warmup")?.javaState == "RUNNABLE")
        #expect(jstackThread("impatient")?.javaState == "TIMED_WAITING (parking)")
        #expect(jstackThread("request-handler-0")?.javaState == "WAITING (parking)")
        #expect(jstackThread("writer")?.javaState == "TIMED_WAITING (sleeping)")
        #expect(jstackThread("main")?.javaState == "WAITING (on object monitor)")

        // The ReentrantLock: jhsdb's object, owned by the warm-up (its "Locked ownable
        // synchronizers"), the handlers and the impatient thread parked for it.
        let handlers = ["request-handler-0", "request-handler-1", "request-handler-2", "request-handler-3", "impatient"]
        let cache = try #require(jstackThread("warmup")?.ownableSynchronizers.first)
        #expect(jstackThread("warmup")?.ownableSynchronizers == [cache])
        for name in handlers { #expect(jstackThread(name)?.parkedFor == cache + " (a java/util/concurrent/locks/ReentrantLock$NonfairSync)") }
        func lock(_ object: String) -> RuntimeLock? { process.runtimeLocks.first { "<0x" + String(format: "%016lx", $0.address) + ">" == object } }
        let cacheLock = try #require(lock(cache))
        #expect(cacheLock.name == "java.util.concurrent.locks.ReentrantLock$NonfairSync@" + cache.dropFirst().dropLast())
        #expect(cacheLock.kind == "ReentrantLock")
        #expect(cacheLock.runtime == .java)
        #expect(cacheLock.ownerTID == tid("warmup"))
        #expect(cacheLock.waiterTIDs.sorted() == handlers.compactMap(tid).sorted())

        // The read/write lock held for writing: its writer owns it, the reader queues.
        let index = try #require(jstackThread("writer")?.ownableSynchronizers.first)
        #expect(jstackThread("index-reader")?.parkedFor == index + " (a java/util/concurrent/locks/ReentrantReadWriteLock$NonfairSync)")
        let indexLock = try #require(lock(index))
        #expect(indexLock.kind == "ReentrantReadWriteLock")
        #expect(indexLock.ownerTID == tid("writer"))
        #expect(indexLock.waiterTIDs == [tid("index-reader")].compactMap { $0 })

        // The one held for reading has no owner (jhsdb lists it under no thread) and says so.
        let table = try #require(jstackThread("table-writer")?.parkedFor?.prefix { $0 != " " })
        #expect(jstack.threads.allSatisfy { !$0.ownableSynchronizers.contains(String(table)) })
        let tableLock = try #require(lock(String(table)))
        #expect(tableLock.ownerTID == nil)
        #expect(tableLock.waiterTIDs == [tid("table-writer")].compactMap { $0 })
        #expect(process.runtimeLocks.count == 3)
        #expect(process.diagnostics == [.note(
            "\(tableLock.name) is held for reading (1 read hold(s)): readers of a ReentrantReadWriteLock record no owner, so the threads queued on it have no holder named")])

        // The report: the waiters wait for the lock, and one finding names the holder, its
        // Java method, the lock and the queue.
        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        func state(_ tid: Int32?) -> [String: Any]? { threads.first { ($0["tid"] as? Int) == tid.map(Int.init) }?["state"] as? [String: Any] }
        #expect(state(tid("impatient"))?["runtime_state"] as? String == "TIMED_WAITING (parking)")
        #expect(state(tid("warmup"))?["runtime_state"] as? String == "RUNNABLE")
        for name in handlers {
            #expect(state(tid(name))?["category"] as? String == "waiting on locks", "\(name)")
            #expect(state(tid(name))?["description"] as? String == "waiting for a ReentrantLock in Parker::park", "\(name)")
        }
        let findings = try #require(report["findings"] as? [[String: Any]])
        let heldWhileRunning = findings.filter { ($0["kind"] as? String) == "lock-held-while-running" }
        #expect(heldWhileRunning.count == 1)
        #expect(heldWhileRunning.first?["title"] as? String
            == "Thread \(tid("warmup") ?? 0) holds \(cacheLock.name) while running JavaLockWarmup.warmUp; 5 threads wait")
        #expect((heldWhileRunning.first?["tids"] as? [Int])?.first == tid("warmup").map(Int.init))
        #expect(Set(heldWhileRunning.first?["tids"] as? [Int] ?? []) == Set(([tid("warmup")] + handlers.map(tid)).compactMap { $0.map(Int.init) }))
        // The hang signature: the Java methods of the holder and of its waiters.
        let signature = try #require(report["signature"] as? [String: Any])
        #expect(signature["finding"] as? String == "lock-held-while-running")
        #expect(signature["frames"] as? [String] == ["JavaLockWarmup.warmUp", "JavaLockWarmup.handle"])
    }
}
