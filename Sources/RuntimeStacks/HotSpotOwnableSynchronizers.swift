import DumpModel

/// The `java.util.concurrent` locks that parked Java threads wait for, with their owners: a
/// thread in `LockSupport.park` has the synchronizer it waits for in its `Thread.parkBlocker`
/// (a `ReentrantLock$NonfairSync`, an `AbstractQueuedSynchronizer`), and an exclusively held
/// synchronizer (an `AbstractOwnableSynchronizer`) its owner's `java.lang.Thread` in
/// `exclusiveOwnerThread`, whose `eetop` is the owner's `JavaThread*`: what `jstack -l` lists
/// under "Locked ownable synchronizers".
struct HotSpotOwnableSynchronizers {
    /// Each synchronizer with an owner, or a `ReentrantReadWriteLock` held for reading (readers
    /// record no owner: ``RuntimeLock/ownerTID`` nil), with its parked waiters in thread-list
    /// order.
    var locks: [RuntimeLock] = []
    /// The names of the read/write locks among ``locks`` that readers hold, with their read holds.
    var heldByReaders: [(name: String, readHolds: Int)] = []
    /// The parked threads whose synchronizer could not be read, and the first error.
    var unreadable: [Int32] = []
    var firstError: HotSpotReadError?

    /// The synchronizers `threads` (with each one's status) are parked on.
    init(_ threads: [(thread: HotSpotJavaThread, status: HotSpotThreadStatus?)], heap: HotSpotHeap) {
        let byAddress = Dictionary(threads.map { ($0.thread.address, $0.thread.tid) }, uniquingKeysWith: { first, _ in first })
        var lockIndex: [UInt64: Int] = [:]
        var ignored: Set<UInt64> = []
        for (thread, status) in threads where status?.isParked == true {
            guard let object = thread.threadObject else { continue }
            do {
                guard let blocker = try heap.referenceField("parkBlocker", of: object), !ignored.contains(blocker) else { continue }
                if let index = lockIndex[blocker] {
                    locks[index].waiterTIDs.append(thread.tid)
                    continue
                }
                guard let lock = try Self.lock(blocker, byAddress: byAddress, heap: heap) else {
                    ignored.insert(blocker)
                    continue
                }
                lockIndex[blocker] = locks.count
                locks.append(RuntimeLock(
                    address: blocker, name: lock.name, kind: lock.kind, runtime: .java, ownerTID: lock.ownerTID,
                    waiterTIDs: [thread.tid]))
                if let readHolds = lock.readHolds { heldByReaders.append((lock.name, readHolds)) }
            } catch {
                unreadable.append(thread.tid)
                firstError = firstError ?? error
            }
        }
    }

    /// The prefix of `ReentrantReadWriteLock`'s synchronizers (`$NonfairSync`, `$FairSync`).
    static let readWriteLockPrefix = "java.util.concurrent.locks.ReentrantReadWriteLock$"

    /// The lock the synchronizer at `blocker` is, nil when it is none with an owner: a
    /// `Condition`, a `Semaphore`, a free lock, an object that is no synchronizer.
    private static func lock(
        _ blocker: UInt64, byAddress: [UInt64: Int32], heap: HotSpotHeap
    ) throws(HotSpotReadError) -> (name: String, kind: String, ownerTID: Int32?, readHolds: Int?)? {
        let klass = try heap.klass(ofObject: blocker)
        guard let ownerOffset = try heap.fieldOffset("exclusiveOwnerThread", in: klass) else { return nil }
        let className = try heap.className(klass)
        let name = try heap.objectName(blocker)
        guard let owner = try heap.oopField(at: blocker &+ ownerOffset) else {
            // A ReentrantReadWriteLock's state counts its read holds in the high 16 bits.
            guard className.hasPrefix(readWriteLockPrefix), let state = try heap.intField("state", of: blocker),
                  UInt32(bitPattern: state) >> 16 > 0
            else { return nil }
            return (name, kind(ofClass: className), nil, Int(UInt32(bitPattern: state) >> 16))
        }
        let javaThread = try heap.longField("eetop", of: owner)
        return (name, kind(ofClass: className), javaThread.flatMap { byAddress[$0] }, nil)
    }

    /// The kind of lock a synchronizer class is: the simple name of the class it is nested
    /// in (`ReentrantLock` for `java.util.concurrent.locks.ReentrantLock$NonfairSync`), or
    /// its own.
    static func kind(ofClass name: String) -> String {
        let outer = name.prefix { $0 != "$" }
        return String(outer.split(separator: ".").last ?? outer)
    }
}
