import Testing
import DumpModel
@testable import RuntimeStacks

/// The Java thread states and `java.util.concurrent` lock owners the HotSpot reader reads from
/// a ``FakeHotSpot`` with two JavaThreads: thread 100 parked for a `ReentrantLock` that thread
/// 101 owns. Then the objects are corrupted one at a time: each corruption leaves a note and
/// neither traps nor invents an owner.
@Suite struct HotSpotLockReadingTests {
    /// The note every read of the fake leaves: it describes no code cache.
    static let codeCacheNote = Diagnostic.note(
        "HotSpot's code cache could not be read (gHotSpotVMStructs has no AbstractInterpreter::_code (a HotSpot version the reader does not know)): Java frames are not named; jhsdb jstack --core names them")

    /// The fake with its objects.
    struct Scene {
        let fake = FakeHotSpot()
        let threadClass: UInt64, synchronizerClass: UInt64
        let waiter: UInt64, owner: UInt64, synchronizer: UInt64
        let javaThreads: [UInt64]

        /// `java.lang.Thread` with `eetop`, `threadStatus` and `parkBlocker` (JDK 17), or with
        /// `holder`, a `Thread$FieldHolder` holding `threadStatus` (JDK 19 and later).
        init(holder: Bool = false) {
            let fieldHolderClass = fake.javaClass("java/lang/Thread$FieldHolder", fields: [("threadStatus", 0x10)])
            threadClass = fake.javaClass(
                "java/lang/Thread",
                fields: [("eetop", 0x10), (holder ? "holder" : "threadStatus", 0x18), ("parkBlocker", 0x20)])
            let ownable = fake.javaClass(
                "java/util/concurrent/locks/AbstractOwnableSynchronizer", fields: [("exclusiveOwnerThread", 0x10)])
            let queued = fake.javaClass("java/util/concurrent/locks/AbstractQueuedSynchronizer", fields: [("state", 0x18)], superclass: ownable)
            synchronizerClass = fake.javaClass("java/util/concurrent/locks/ReentrantLock$NonfairSync", fields: [], superclass: queued)
            waiter = fake.object(of: threadClass)
            owner = fake.object(of: threadClass)
            synchronizer = fake.object(of: synchronizerClass)
            javaThreads = fake.javaThreads([(100, waiter), (101, owner)])
            for (thread, status) in [(waiter, HotSpotThreadStatus.parked), (owner, .runnable)] {
                if holder {
                    let fields = fake.object(of: fieldHolderClass)
                    fake.memory.write(UInt64(status.rawValue), at: fields + 0x10, size: 4)
                    fake.memory.write(fields, at: thread + 0x18)
                } else {
                    fake.memory.write(UInt64(status.rawValue), at: thread + 0x18, size: 4)
                }
            }
            fake.memory.write(javaThreads[0], at: waiter + 0x10)
            fake.memory.write(javaThreads[1], at: owner + 0x10)
            fake.memory.write(synchronizer, at: waiter + 0x20)
            fake.memory.write(owner, at: synchronizer + 0x10)
            fake.memory.write(1, at: synchronizer + 0x18, size: 4)
        }

        /// The lock the reader should record, with `owner` as its owner's TID.
        func lock(ownerTID: Int32?) -> RuntimeLock {
            let hex = String(synchronizer, radix: 16)
            return RuntimeLock(
                address: synchronizer,
                name: "java.util.concurrent.locks.ReentrantLock$NonfairSync@0x" + String(repeating: "0", count: 16 - hex.count) + hex,
                kind: "ReentrantLock", runtime: .java, ownerTID: ownerTID, waiterTIDs: [100])
        }
    }

    @Test(arguments: [false, true])
    func aParkedThreadWaitsForTheOwnersLock(holder: Bool) {
        let scene = Scene(holder: holder)
        let process = scene.fake.read()
        #expect(process.thread(tid: 100)?.runtimeState == "WAITING (parking)")
        #expect(process.runtimeLocks == [scene.lock(ownerTID: 101)])
        #expect(process.diagnostics == [Self.codeCacheNote])
    }

    @Test func anUnknownThreadStatusIsANote() {
        let scene = Scene()
        scene.fake.memory.write(0x7777, at: scene.waiter + 0x18, size: 4)
        let process = scene.fake.read()
        #expect(process.thread(tid: 100)?.runtimeState == nil)
        #expect(process.runtimeLocks.isEmpty)
        #expect(process.diagnostics == [.note(
            "the Java thread states of 1 thread(s) (the first is thread 100) could not be read from their java.lang.Thread objects (java.lang.Thread.threadStatus (30583) at 0x\(String(scene.waiter, radix: 16)) is not in the core (or misaligned)): jhsdb jstack --core reads them"),
            Self.codeCacheNote])
    }

    @Test func aBlockerOutsideTheCoreIsANote() {
        let scene = Scene()
        scene.fake.memory.write(0xdead_0000, at: scene.waiter + 0x20)
        let process = scene.fake.read()
        #expect(process.thread(tid: 100)?.runtimeState == "WAITING (parking)")
        #expect(process.runtimeLocks.isEmpty)
        #expect(process.diagnostics == [.note(
            "the java.util.concurrent locks that 1 parked thread(s) (the first is thread 100) wait for could not be read (an object's class at 0xdead0008 is not in the core (or misaligned)): their owners are unknown; jstack -l names them"),
            Self.codeCacheNote])
    }

    @Test func anOwnerThatIsNoJavaThreadIsUnknown() {
        let scene = Scene()
        scene.fake.memory.write(0x4242_0000, at: scene.owner + 0x10)
        #expect(scene.fake.read().runtimeLocks == [scene.lock(ownerTID: nil)])
    }

    @Test func aFreeLockOrAConditionIsNoLock() {
        let scene = Scene()
        scene.fake.memory.write(0, at: scene.synchronizer + 0x10)
        #expect(scene.fake.read().runtimeLocks.isEmpty)
        // A blocker of a class without an owner field: a thread object stands for a Condition.
        scene.fake.memory.write(scene.owner, at: scene.waiter + 0x20)
        #expect(scene.fake.read().runtimeLocks.isEmpty)
    }

    @Test func aThreadNotParkedWaitsForNoLock() {
        let scene = Scene()
        scene.fake.memory.write(UInt64(HotSpotThreadStatus.sleeping.rawValue), at: scene.waiter + 0x18, size: 4)
        let process = scene.fake.read()
        #expect(process.thread(tid: 100)?.runtimeState == "TIMED_WAITING (sleeping)")
        #expect(process.runtimeLocks.isEmpty)
    }

    @Test func aSynchronizerIsNamedByTheClassItIsNestedIn() {
        #expect(HotSpotOwnableSynchronizers.kind(ofClass: "java.util.concurrent.locks.ReentrantLock$NonfairSync") == "ReentrantLock")
        #expect(HotSpotOwnableSynchronizers.kind(ofClass: "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync") == "ReentrantReadWriteLock")
        #expect(HotSpotOwnableSynchronizers.kind(ofClass: "com.example.Gate") == "Gate")
    }
}
