import Glibc

/// Every thread of a process held in a ptrace stop, seized without a signal the process
/// could see: `PTRACE_SEIZE` then `PTRACE_INTERRUPT`, as gdb does for a live attach.
///
/// Threads that start while the others are being stopped are caught by listing
/// `/proc/PID/task` again once every known thread is stopped, until no new one appears; a
/// stopped thread cannot start another. ``detach()`` must be called on every path.
struct StoppedProcess {
    let pid: Int32
    /// The stopped threads, the thread-group leader first.
    private(set) var threadIDs: [Int32] = []
    /// When the first thread was interrupted.
    let stoppedAt: ContinuousClock.Instant
    /// A signal a thread was about to receive when it stopped, handed back at detach so the
    /// process still gets it.
    private var pendingDelivery: [Int32: Int32] = [:]

    private static let eventStop: Int32 = 128  // PTRACE_EVENT_STOP

    /// Stops every thread of `pid`.
    /// - Throws: ``CaptureError/noSuchProcess(pid:)``, ``CaptureError/permissionDenied(pid:ptraceScope:)``,
    ///   ``CaptureError/processExited(pid:)``; no thread is left stopped.
    init(pid: Int32) throws(CaptureError) {
        self.pid = pid
        stoppedAt = .now
        var attached = Set<Int32>()
        do throws(CaptureError) {
            while true {
                let listed = try Self.listThreads(pid: pid)
                let newThreads = listed.filter { !attached.contains($0) }
                if newThreads.isEmpty { break }
                var interrupted: [Int32] = []
                for tid in newThreads where try Self.seize(tid, of: pid) {
                    attached.insert(tid)
                    threadIDs.append(tid)
                    _ = KernelInterface.ptrace(.interrupt, tid)
                    interrupted.append(tid)
                }
                for tid in interrupted where !waitForStop(tid) {
                    guard tid != pid else { throw CaptureError.processExited(pid: pid) }
                    threadIDs.removeAll { $0 == tid }
                }
            }
        } catch {
            _ = detach()
            throw error
        }
        if let leader = threadIDs.firstIndex(of: pid), leader != 0 {
            threadIDs.swapAt(0, leader)
        }
    }

    /// Threads already stopped by a ``SignalWatch``, in the order given.
    init(pid: Int32, threadIDs: [Int32], pendingDelivery: [Int32: Int32], stoppedAt: ContinuousClock.Instant) {
        self.pid = pid
        self.threadIDs = threadIDs
        self.pendingDelivery = pendingDelivery
        self.stoppedAt = stoppedAt
    }

    /// Lets every thread run again, with the signal it was stopped for, and returns when the
    /// last one was released.
    @discardableResult
    func detach() -> ContinuousClock.Instant {
        for tid in threadIDs {
            let signal = pendingDelivery[tid] ?? 0
            _ = KernelInterface.ptrace(.detach, tid, data: UnsafeMutableRawPointer(bitPattern: UInt(signal)))
        }
        return .now
    }

    /// Waits for `tid`'s stop; false when the thread ended instead.
    private mutating func waitForStop(_ tid: Int32) -> Bool {
        switch KernelInterface.waitForThread(tid) {
        case .failure:
            return false
        case .success(let status):
            guard status & 0xFF == 0x7F else { return false }  // exited or killed
            let signal = (status >> 8) & 0xFF
            // A seized thread stops without an event only for a signal it is about to get.
            if status >> 16 != Self.eventStop {
                pendingDelivery[tid] = signal
            }
            return true
        }
    }

    /// Attaches to thread `tid` of `pid` with `PTRACE_SEIZE` (the thread is not stopped).
    /// - Parameter options: `PTRACE_O_*` flags.
    /// - Returns: true when the thread is now traced by us (also when it already was: a thread
    ///   started by a seized one under `PTRACE_O_TRACECLONE`), false when it ended after the
    ///   listing.
    /// - Throws: ``CaptureError/noSuchProcess(pid:)`` when the leader is gone,
    ///   ``CaptureError/permissionDenied(pid:ptraceScope:)``, or any other failure.
    static func seize(_ tid: Int32, of pid: Int32, options: UInt = 0) throws(CaptureError) -> Bool {
        switch KernelInterface.ptrace(.seize, tid, data: UnsafeMutableRawPointer(bitPattern: options)) {
        case .success:
            return true
        case .failure(let error) where error.code == ESRCH && tid != pid:
            return false
        case .failure(let error) where error.code == EPERM && isTracedByUs(pid: pid, tid: tid):
            return true
        case .failure(let error) where error.code == ESRCH:
            throw CaptureError.noSuchProcess(pid: pid)
        case .failure(let error) where error.code == EPERM:
            throw CaptureError.permissionDenied(pid: pid, ptraceScope: ptraceScope())
        case .failure(let error):
            throw CaptureError.systemCallFailed(operation: "ptrace(PTRACE_SEIZE) of thread \(tid)", reason: error.text)
        }
    }

    /// Whether this process is the thread's tracer (`TracerPid` in its status).
    private static func isTracedByUs(pid: Int32, tid: Int32) -> Bool {
        guard case .success(let bytes) = KernelInterface.readFile("/proc/\(pid)/task/\(tid)/status") else { return false }
        return ProcStatus(bytes).tracerPID == getpid()
    }

    /// The TIDs in `/proc/PID/task`, ascending, without zombies: a leader that called
    /// `pthread_exit` stays listed as a zombie while the other threads run, and it never
    /// stops for a tracer, so waiting for it would hang.
    static func listThreads(pid: Int32) throws(CaptureError) -> [Int32] {
        switch KernelInterface.listDirectory("/proc/\(pid)/task") {
        case .success(let names):
            let tids = names.compactMap { Int32($0) }.filter { isLive(pid: pid, tid: $0) }.sorted()
            if tids.isEmpty { throw CaptureError.processExited(pid: pid) }
            return tids
        case .failure(let error) where error.code == ENOENT || error.code == ESRCH:
            throw CaptureError.noSuchProcess(pid: pid)
        case .failure(let error) where error.code == EACCES:
            throw CaptureError.permissionDenied(pid: pid, ptraceScope: ptraceScope())
        case .failure(let error):
            throw CaptureError.systemCallFailed(operation: "listing /proc/\(pid)/task", reason: error.text)
        }
    }

    /// Whether the thread exists and is not a zombie (`/proc/PID/task/TID/stat`).
    static func isLive(pid: Int32, tid: Int32) -> Bool {
        guard case .success(let bytes) = KernelInterface.readFile("/proc/\(pid)/task/\(tid)/stat"),
              let stat = ProcStat(bytes) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// Yama's `ptrace_scope`, for the permission hint.
    static func ptraceScope() -> Int? {
        guard case .success(let bytes) = KernelInterface.readFile("/proc/sys/kernel/yama/ptrace_scope") else { return nil }
        return Int(String(decoding: bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }, as: UTF8.self))
    }
}
