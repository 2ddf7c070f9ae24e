import DumpModel

/// Classifies every thread of a process (see ``ThreadState``).
///
/// The system call says what kind of wait it is; for a futex wait the stack names the
/// primitive (`pthread_mutex_lock`, `pthread_rwlock_rdlock`, `pthread_cond_wait` ...). When
/// the C library has no symbols the futex operation and the lock word in memory decide: a
/// priority-inheritance lock operation is a mutex, a word holding a live thread's TID is a
/// join, a word whose `__owner` field holds a live thread's TID is a mutex.
///
/// A thread in `restart_syscall` resumes a timed wait it was stopped in: the innermost frames
/// name the call (`__futex_abstimed_wait_common` a futex, `__GI___clock_nanosleep` a sleep,
/// `__GI___poll` a poll), and the registers still hold that call's arguments. Last, a row of
/// ``WaitSignatures`` found on the stack names the runtime's wait (the GIL, a Java monitor, a
/// PostgreSQL lock) over the C library's primitive. A PostgreSQL backend's main thread is
/// classified by the wait event the backend reported (``PostgresWaitEvent``) when it has one.
public struct ThreadStateClassifier {
    private let image: ProcessImage
    private let layout: GlibcLayout?
    private let liveTIDs: Set<Int32>
    private let frames: ApplicationFrames
    /// The wait event of the PostgreSQL backend the core holds, if it is one and reported one.
    private let postgresWaitEvent: PostgresWaitEvent?
    /// What each distinct function name says about the wait: substring searches are slow,
    /// and a 4,000-thread process has only a few hundred distinct names.
    private let names = FunctionNames()

    public init(image: ProcessImage) {
        self.image = image
        frames = ApplicationFrames(process: image.process)
        layout = GlibcLayout(architecture: image.process.architecture)
        liveTIDs = Set(image.process.threads.map(\.tid))
        postgresWaitEvent = PostgresWaitEvent.read(from: image)
    }

    /// The state of every thread, by TID.
    public func classifyAll() -> [Int32: ThreadState] {
        Dictionary(uniqueKeysWithValues: image.process.threads.map { ($0.tid, classify($0)) })
    }

    /// The state of one thread.
    public func classify(_ thread: Thread) -> ThreadState {
        // io_uring's workers (`iou-wrk-*`) are the kernel's threads in the process: the kernel
        // starts them with a zero PC and stack pointer and the other registers copied from the
        // thread that made them (arch/x86/kernel/process.c `copy_thread`; arm64 zeroes them
        // all), so the system call they seem to be in is that thread's.
        if thread.registers.programCounter == 0 && thread.registers.stackPointer == 0 {
            let wait = RuntimeWait(
                kind: .idle, object: "io_uring work (a kernel I/O worker: no user-space state)", function: "the kernel",
                holder: nil, underlying: .systemCall, futexIsLock: false)
            return ThreadState(activity: .runtime(wait), systemCall: nil)
        }
        guard let call = thread.systemCall else { return ThreadState(activity: .running, systemCall: nil) }
        var state = systemCallState(thread, call)
        let stackWait = runtimeWait(thread, underlying: state.activity)
        if let wait = postgresWait(thread, stackWait: stackWait, underlying: state.activity) ?? stackWait {
            state.activity = .runtime(wait)
        }
        return state
    }

    /// The state the system call and the C library's frames tell. `restart_syscall` is
    /// classified as the call it resumes, which the stack names; its arguments are still the
    /// original call's.
    private func systemCallState(_ thread: Thread, _ call: SystemCall) -> ThreadState {
        var name = call.name ?? ""
        var restarted: String?
        if name == "restart_syscall" {
            guard let resumed = restartedCall(thread) else { return ThreadState(activity: .restartedWait, systemCall: call) }
            name = resumed
            restarted = resumed
        }
        var state: ThreadState
        if name == "futex" || name == "futex_time64" {
            state = futexWait(thread, call)
        } else {
            let activity: ThreadState.Activity =
                if Self.sleepCalls.contains(name) { .sleeping }
                else if Self.eventCalls.contains(name) { .waitingForEvents }
                else if Self.ioCalls.contains(name) { .io }
                else if Self.childCalls.contains(name) { .childProcess }
                else if Self.systemVSemaphoreCalls.contains(name) { .semaphore(0) }
                else if name == "sched_yield" { .running }
                else { .systemCall }
            state = ThreadState(activity: activity, systemCall: call)
        }
        state.restartedCall = restarted
        return state
    }

    /// The call a thread in `restart_syscall` resumes, from the innermost named frames: only
    /// timed futex waits, relative sleeps and polls are resumed that way.
    private func restartedCall(_ thread: Thread) -> String? {
        for frame in thread.frames.prefix(WaitSignatures.scannedFrames) {
            guard let function = frame.function else { continue }
            if let call = WaitSignatures.restartedCall(of: names.normalised(function)) { return call }
        }
        return nil
    }

    /// The runtime's wait a row of ``WaitSignatures`` names, for a thread in a wait: the
    /// innermost frames are looked at, passing over the C library's, unnamed and generic
    /// frames; the first other frame decides.
    private func runtimeWait(_ thread: Thread, underlying: ThreadState.Activity) -> RuntimeWait? {
        guard Self.isWait(underlying) else { return nil }
        for frame in thread.frames.prefix(WaitSignatures.scannedFrames) {
            guard let function = frame.function else { continue }
            let name = names.normalised(function)
            if let row = names.signature(of: function) {
                if let wait = PythonThreadingWait.wait(of: thread, row: row, underlying: underlying) { return wait }
                return RuntimeWait(
                    kind: row.kind, object: row.object, function: name, holder: row.holder,
                    underlying: underlying, futexIsLock: row.futexIsLock, signature: row)
            }
            if frames.isRuntime(frame) || WaitSignatures.isGenericLayer(name) { continue }
            return nil
        }
        return nil
    }

    /// The wait a PostgreSQL backend's main thread reported, reported in the function the
    /// stack's row names (`ProcSleep`) or else the innermost frame past the C library's and the
    /// generic layers (`secure_read`, `CheckpointerMain`).
    private func postgresWait(_ thread: Thread, stackWait: RuntimeWait?, underlying: ThreadState.Activity) -> RuntimeWait? {
        guard thread.isMainThread, let postgresWaitEvent, Self.isWait(underlying) else { return nil }
        let named = thread.frames.prefix(WaitSignatures.scannedFrames).filter { $0.function != nil }
        let caller = named.first { !frames.isRuntime($0) && !WaitSignatures.isGenericLayer(names.normalised($0.function ?? "")) }
        guard let function = stackWait?.function ?? (caller ?? named.first)?.function.map(names.normalised) else { return nil }
        return postgresWaitEvent.runtimeWait(pid: image.process.pid, function: function, underlying: underlying, signature: stackWait?.signature)
    }

    /// Whether an activity is a wait a runtime's own wait can explain.
    private static func isWait(_ activity: ThreadState.Activity) -> Bool {
        switch activity {
        case .mutex, .internalLock, .readLock, .writeLock, .condition, .semaphore, .futex, .sleeping,
             .waitingForEvents, .restartedWait:
            true
        case .crashed, .running, .join, .io, .childProcess, .systemCall, .runtime:
            false
        }
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

    /// The synchronisation primitive the innermost runtime frames are in, if the stack names
    /// one. Only the frames above the first application frame are looked at: the wait is
    /// there, and a deep application stack costs nothing.
    private func primitiveOnStack(_ thread: Thread) -> WaitSignatures.Primitive? {
        for frame in thread.frames {
            guard let function = frame.function else { continue }
            if let primitive = names.primitive(named: function) { return primitive }
            if !frames.isRuntime(frame) { return nil }
        }
        return nil
    }

    /// Per distinct function name: its primitive, its normalised name, its row.
    private final class FunctionNames {
        private var primitives: [String: WaitSignatures.Primitive?] = [:]
        private var normalisedNames: [String: String] = [:]
        private var signatures: [String: WaitSignature?] = [:]

        func primitive(named function: String) -> WaitSignatures.Primitive? {
            if let cached = primitives[function] { return cached }
            let found = WaitSignatures.primitives.first { function.contains($0.0) }?.1
            primitives[function] = found
            return found
        }

        func normalised(_ function: String) -> String {
            if let cached = normalisedNames[function] { return cached }
            let name = WaitSignatures.normalise(function)
            normalisedNames[function] = name
            return name
        }

        func signature(of function: String) -> WaitSignature? {
            if let cached = signatures[function] { return cached }
            let found = WaitSignatures.row(matching: normalised(function))
            signatures[function] = found
            return found
        }
    }

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
