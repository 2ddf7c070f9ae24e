import DumpModel

/// Classifies every thread of a process (see ``ThreadState``).
///
/// The system call says what kind of wait it is; for a futex wait the stack names the
/// primitive (`pthread_mutex_lock`, `pthread_rwlock_rdlock`, `pthread_cond_wait` ...). When
/// the C library has no symbols the futex operation and the lock word in memory decide: a
/// priority-inheritance lock operation is a mutex, a word holding a live thread's TID is a
/// join, a word whose `__owner` field holds a live thread's TID is a mutex.
public struct ThreadStateClassifier {
    private let image: ProcessImage
    private let layout: GlibcLayout?
    private let liveTIDs: Set<Int32>
    private let frames: ApplicationFrames
    /// What each distinct function name says about the primitive: substring searches are
    /// slow, and a 4,000-thread process has only a few hundred distinct names.
    private let primitivesByName = PrimitiveNames()

    public init(image: ProcessImage) {
        self.image = image
        frames = ApplicationFrames(process: image.process)
        layout = GlibcLayout(architecture: image.process.architecture)
        liveTIDs = Set(image.process.threads.map(\.tid))
    }

    /// The state of every thread, by TID.
    public func classifyAll() -> [Int32: ThreadState] {
        Dictionary(uniqueKeysWithValues: image.process.threads.map { ($0.tid, classify($0)) })
    }

    /// The state of one thread.
    public func classify(_ thread: Thread) -> ThreadState {
        guard let call = thread.systemCall else { return ThreadState(activity: .running, systemCall: nil) }
        let name = call.name ?? ""
        if name == "futex" || name == "futex_time64" {
            return futexWait(thread, call)
        }
        let activity: ThreadState.Activity =
            if Self.sleepCalls.contains(name) { .sleeping }
            else if Self.eventCalls.contains(name) { .waitingForEvents }
            else if Self.ioCalls.contains(name) { .io }
            else if Self.childCalls.contains(name) { .childProcess }
            else if Self.systemVSemaphoreCalls.contains(name) { .semaphore(0) }
            else if name == "sched_yield" { .running }
            else { .systemCall }
        return ThreadState(activity: activity, systemCall: call)
    }

    private func futexWait(_ thread: Thread, _ call: SystemCall) -> ThreadState {
        let address = call.argument(0)
        let operation = call.argument(1) & ~UInt64(Self.futexPrivateFlag | Self.futexClockRealtime)
        // A wake, a requeue or an unlock does not wait: the thread is only passing through.
        guard Self.waitOperations.contains(operation) else {
            return ThreadState(activity: .systemCall, systemCall: call)
        }
        if let primitive = primitiveOnStack(thread) {
            let activity: ThreadState.Activity = switch primitive {
            case .mutex: .mutex(address)
            case .internalLock: .internalLock(address)
            case .readLock: .readLock(address)
            case .writeLock: .writeLock(address)
            case .condition: .condition(address)
            case .semaphore: .semaphore(address)
            case .join: .join(tid: joinedThread(futexWord: address))
            }
            return ThreadState(activity: activity, systemCall: call)
        }
        let activity: ThreadState.Activity
        if Self.priorityInheritanceLockOperations.contains(operation) {
            activity = .mutex(address)
        } else if operation == Self.futexWaitRequeuePI {
            activity = .condition(address)
        } else if let joined = joinedThread(futexWord: address), joined != thread.tid {
            activity = .join(tid: joined)
        } else if let layout, let owner = image.memory.readInt32(at: address &+ layout.mutexOwner),
                  owner != thread.tid, liveTIDs.contains(owner) {
            activity = .mutex(address)
        } else {
            activity = .futex(address)
        }
        // Said only when the C library's frames have no names: otherwise the stack was read and
        // named no primitive (a custom futex, another runtime's idle worker).
        return ThreadState(activity: activity, systemCall: call, isInferredWithoutSymbols: thread.frames.first?.function == nil)
    }

    /// `pthread_join` sleeps on the joined thread's `tid` field until the kernel clears it.
    private func joinedThread(futexWord address: UInt64) -> Int32? {
        guard let value = image.memory.readInt32(at: address), liveTIDs.contains(value) else { return nil }
        return value
    }

    fileprivate enum Primitive { case mutex, internalLock, readLock, writeLock, condition, semaphore, join }

    /// The synchronisation primitive the innermost runtime frames are in, if the stack names
    /// one. Only the frames above the first application frame are looked at: the wait is
    /// there, and a deep application stack costs nothing.
    private func primitiveOnStack(_ thread: Thread) -> Primitive? {
        for frame in thread.frames {
            guard let function = frame.function else { continue }
            if let primitive = primitivesByName.primitive(named: function) { return primitive }
            if !frames.isRuntime(frame) { return nil }
        }
        return nil
    }

    private final class PrimitiveNames {
        private var known: [String: Primitive?] = [:]

        func primitive(named function: String) -> Primitive? {
            if let cached = known[function] { return cached }
            let found = ThreadStateClassifier.primitivePatterns.first { function.contains($0.0) }?.1
            known[function] = found
            return found
        }
    }

    fileprivate static let primitivePatterns: [(String, Primitive)] = [
        ("pthread_rwlock_rdlock", .readLock), ("pthread_rwlock_timedrdlock", .readLock),
        ("pthread_rwlock_clockrdlock", .readLock), ("shared_mutex::lock_shared", .readLock),
        ("pthread_rwlock_wrlock", .writeLock), ("pthread_rwlock_timedwrlock", .writeLock),
        ("pthread_rwlock_clockwrlock", .writeLock),
        ("pthread_cond_wait", .condition), ("pthread_cond_timedwait", .condition),
        ("pthread_cond_clockwait", .condition), ("condition_variable::wait", .condition),
        ("cnd_wait", .condition), ("cnd_timedwait", .condition),
        ("sem_wait", .semaphore), ("sem_timedwait", .semaphore), ("sem_clockwait", .semaphore),
        ("pthread_join", .join), ("pthread_clockjoin", .join), ("pthread_timedjoin", .join),
        ("thrd_join", .join),
        // Before `__lll_lock_wait`, which it starts with: glibc's own locks record no owner.
        ("__lll_lock_wait_private", .internalLock),
        ("pthread_mutex_lock", .mutex), ("pthread_mutex_timedlock", .mutex),
        ("pthread_mutex_clocklock", .mutex), ("__lll_lock_wait", .mutex), ("mutex::lock", .mutex),
        ("__gthread_mutex_lock", .mutex), ("mtx_lock", .mutex), ("mtx_timedlock", .mutex),
    ]

    private static let futexPrivateFlag: UInt64 = 128
    private static let futexClockRealtime: UInt64 = 256
    /// FUTEX_WAIT, FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI,
    /// FUTEX_LOCK_PI2: the operations that sleep.
    private static let waitOperations: Set<UInt64> = [0, 6, 8, 9, 11, 13]
    /// FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_LOCK_PI2.
    private static let priorityInheritanceLockOperations: Set<UInt64> = [6, 8, 13]
    private static let futexWaitRequeuePI: UInt64 = 11

    private static let sleepCalls: Set<String> = ["nanosleep", "clock_nanosleep", "clock_nanosleep_time64", "pause"]
    private static let eventCalls: Set<String> = [
        "poll", "ppoll", "ppoll_time64", "select", "_newselect", "pselect6", "pselect6_time64",
        "epoll_wait", "epoll_pwait", "epoll_pwait2", "accept", "accept4", "rt_sigtimedwait",
        "rt_sigtimedwait_time64", "rt_sigsuspend", "io_getevents", "io_uring_enter",
    ]
    private static let ioCalls: Set<String> = [
        "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "recvfrom",
        "recvmsg", "recvmmsg", "recvmmsg_time64", "sendto", "sendmsg", "sendmmsg", "connect", "fsync",
        "fdatasync", "sync", "syncfs", "msync", "flock", "fcntl", "ioctl", "open", "openat", "sendfile",
        "msgrcv", "msgsnd", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "socketcall",
    ]
    private static let childCalls: Set<String> = ["wait4", "waitid", "waitpid"]
    private static let systemVSemaphoreCalls: Set<String> = ["semop", "semtimedop", "semtimedop_time64"]
}
