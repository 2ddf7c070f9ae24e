/// A Java thread's state as its `java.lang.Thread` records it (`threadStatus`: JVMTI thread
/// state bits, HotSpot's `JavaThreadStatus`), with the words jstack prints for it
/// (`java_lang_Thread::thread_status_name`).
enum HotSpotThreadStatus: Int32 {
    case new = 0
    /// JVMTI_THREAD_STATE_ALIVE | RUNNABLE.
    case runnable = 0x0005
    /// ALIVE | WAITING | WAITING_WITH_TIMEOUT | SLEEPING: `Thread.sleep`.
    case sleeping = 0x00e1
    /// ALIVE | WAITING | WAITING_INDEFINITELY | IN_OBJECT_WAIT: `Object.wait()`.
    case inObjectWait = 0x0191
    /// ALIVE | WAITING | WAITING_WITH_TIMEOUT | IN_OBJECT_WAIT: `Object.wait(timeout)`.
    case inObjectWaitTimed = 0x01a1
    /// ALIVE | WAITING | WAITING_INDEFINITELY | PARKED: `LockSupport.park`.
    case parked = 0x0291
    /// ALIVE | WAITING | WAITING_WITH_TIMEOUT | PARKED: `LockSupport.parkNanos`/`parkUntil`.
    case parkedTimed = 0x02a1
    /// ALIVE | BLOCKED_ON_MONITOR_ENTER: entering a `synchronized` block another thread holds.
    case blockedOnMonitorEnter = 0x0401
    /// TERMINATED.
    case terminated = 0x0002

    /// What jstack prints after `java.lang.Thread.State: `.
    var jstackText: String {
        switch self {
        case .new: "NEW"
        case .runnable: "RUNNABLE"
        case .sleeping: "TIMED_WAITING (sleeping)"
        case .inObjectWait: "WAITING (on object monitor)"
        case .inObjectWaitTimed: "TIMED_WAITING (on object monitor)"
        case .parked: "WAITING (parking)"
        case .parkedTimed: "TIMED_WAITING (parking)"
        case .blockedOnMonitorEnter: "BLOCKED (on object monitor)"
        case .terminated: "TERMINATED"
        }
    }

    /// Whether the thread is parked in `LockSupport.park`, its `parkBlocker` naming what for.
    var isParked: Bool { self == .parked || self == .parkedTimed }

    /// The status of the `java.lang.Thread` at `object`: its own `threadStatus` (JDK 17), or
    /// that of its `holder` (`Thread$FieldHolder`, JDK 19 and later); nil when it has neither.
    ///
    /// - Throws: ``HotSpotReadError`` when a field is not in the core or holds a value no
    ///   HotSpot writes.
    static func of(threadObject object: UInt64, heap: HotSpotHeap) throws(HotSpotReadError) -> HotSpotThreadStatus? {
        var value = try heap.intField("threadStatus", of: object)
        if value == nil, let holder = try heap.referenceField("holder", of: object) {
            value = try heap.intField("threadStatus", of: holder)
        }
        guard let value else { return nil }
        guard let status = HotSpotThreadStatus(rawValue: value) else {
            throw .unreadable("java.lang.Thread.threadStatus (\(value))", address: object)
        }
        return status
    }
}
