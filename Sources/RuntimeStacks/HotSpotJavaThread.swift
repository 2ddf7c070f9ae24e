/// One JavaThread of a HotSpot process, as `ThreadsSMRSupport::_java_thread_list` holds it.
struct HotSpotJavaThread {
    /// The most JavaThreads read; a list longer than this is not believed.
    static let limit = 100_000

    /// The `JavaThread*`.
    var address: UInt64
    /// The OS thread's TID (`OSThread::_thread_id`).
    var tid: Int32
    /// Its `java.lang.Thread` object, nil while it has none (a thread attaching).
    var threadObject: UInt64?
    /// The `ObjectMonitor*` it waits to enter, nil when it waits for none.
    var pendingMonitor: UInt64?
    /// Its stack, lowest address first: a stack-locked monitor's owner is an address in it.
    var stack: Range<UInt64>
    /// Its last Java frame as HotSpot recorded it when it left Java code
    /// (`JavaFrameAnchor`): stack pointer (0 while it runs Java code), frame pointer and PC
    /// (0 when the return address below the stack pointer holds it).
    var lastJavaSP: UInt64, lastJavaFP: UInt64, lastJavaPC: UInt64

    /// Every JavaThread of the current thread list.
    ///
    /// - Throws: ``HotSpotReadError`` when the list or one of its threads' own fields is not
    ///   in the core.
    static func all(memory: HotSpotMemory, layout: HotSpotLayout) throws(HotSpotReadError) -> [HotSpotJavaThread] {
        let list = try memory.pointer("ThreadsSMRSupport::_java_thread_list", at: layout.javaThreadListAddress)
        let length = try memory.word("ThreadsList::_length", at: list &+ layout.threadsListLength, size: 4)
        guard length <= UInt64(limit) else { throw .tooLong("ThreadsList::_threads", limit: limit) }
        let array = try memory.pointer("ThreadsList::_threads", at: list &+ layout.threadsListThreads)
        var threads: [HotSpotJavaThread] = []
        threads.reserveCapacity(Int(length))
        for index in 0..<length {
            let thread = try memory.pointer("a JavaThread", at: array &+ index &* 8)
            let osThread = try memory.pointer("JavaThread::_osthread", at: thread &+ layout.osThread)
            let tid = Int32(truncatingIfNeeded: try memory.word("OSThread::_thread_id", at: osThread &+ layout.osThreadID, size: 4))
            let handle = try memory.optionalPointer("JavaThread::_threadObj", at: thread &+ layout.threadObject)
            let object = try handle.flatMap { handle throws(HotSpotReadError) in try memory.optionalPointer("a thread's java.lang.Thread", at: handle) }
            let stackBase = try memory.word("JavaThread::_stack_base", at: thread &+ layout.stackBase)
            let stackSize = try memory.word("JavaThread::_stack_size", at: thread &+ layout.stackSize)
            threads.append(HotSpotJavaThread(
                address: thread, tid: tid, threadObject: object,
                pendingMonitor: try memory.optionalPointer("JavaThread::_current_pending_monitor", at: thread &+ layout.pendingMonitor),
                stack: stackBase >= stackSize ? (stackBase - stackSize)..<stackBase : stackBase..<stackBase,
                lastJavaSP: try memory.word("JavaFrameAnchor::_last_Java_sp", at: thread &+ layout.lastJavaSP),
                lastJavaFP: try memory.word("JavaFrameAnchor::_last_Java_fp", at: thread &+ layout.lastJavaFP),
                lastJavaPC: try memory.word("JavaFrameAnchor::_last_Java_pc", at: thread &+ layout.lastJavaPC)))
        }
        return threads
    }
}
