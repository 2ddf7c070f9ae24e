import Glibc

/// Every thread of a process attached with ptrace but left running, until one of them is
/// about to receive a given signal: then the others are stopped and the core taken, with the
/// signal's `siginfo` (procdump's `-sig`, and how a debugger catches a fault before the
/// process's handler or the kernel's default action sees it).
///
/// Threads are seized with `PTRACE_O_TRACECLONE`, so threads started meanwhile are traced
/// too. Every other signal is passed on at once, and group stops (SIGSTOP, SIGTSTP) are left
/// in effect with `PTRACE_LISTEN`, so the process behaves as if nothing watched it; its only
/// cost is a round trip through this process for each signal it receives.
struct SignalWatch {
    /// A signal that arrived, held in its thread's signal-delivery stop.
    struct Arrival {
        var tid: Int32
        var signal: Int32
        /// The `siginfo_t` from `PTRACE_GETSIGINFO` (128 bytes), the descriptor of `NT_SIGINFO`.
        var signalInfo: [UInt8]
    }

    let pid: Int32
    /// The threads traced and not known to have ended.
    private var tracees: Set<Int32> = []

    /// Attaches to every thread of `pid` without stopping it.
    /// - Throws: ``CaptureError/noSuchProcess(pid:)``, ``CaptureError/permissionDenied(pid:ptraceScope:)``;
    ///   nothing stays attached.
    init(pid: Int32) throws(CaptureError) {
        self.pid = pid
        do throws(CaptureError) {
            while true {
                let newThreads = try StoppedProcess.listThreads(pid: pid).filter { !tracees.contains($0) }
                if newThreads.isEmpty { break }
                for tid in newThreads where try StoppedProcess.seize(tid, of: pid, options: ptraceOptionTraceClone) {
                    tracees.insert(tid)
                }
            }
        } catch {
            release()
            throw error
        }
    }

    /// Blocks until a thread is about to receive `signal`, passing every other signal on.
    /// That thread stays in its signal-delivery stop; the others run.
    /// - Parameter deadline: when to give up (every thread is then let go), nil for never.
    /// - Throws: ``CaptureError/exitedBeforeTrigger(pid:)`` when the process ends first,
    ///   ``CaptureError/triggerTimedOut(pid:trigger:waited:)`` at `deadline`.
    mutating func waitForSignal(_ signal: Int32, deadline: ContinuousClock.Instant? = nil) throws(CaptureError) -> Arrival {
        let started = ContinuousClock.now
        while true {
            if let deadline, ContinuousClock.now >= deadline {
                release()
                throw CaptureError.triggerTimedOut(pid: pid, trigger: CaptureTrigger.signal(signal).description, waited: started.duration(to: .now))
            }
            guard let (tid, status) = try nextStop(polling: deadline != nil) else { continue }
            let stopSignal = (status >> 8) & 0xFF
            switch PtraceEvent(rawValue: status >> 16) {
            case .clone:
                adoptClone(of: tid)
                resume(tid)
            case .stop:
                if Self.isGroupStopSignal(stopSignal) { _ = KernelInterface.ptrace(.listen, tid) } else { resume(tid) }
            case nil where status >> 16 != 0:
                resume(tid)  // an event not asked for
            case nil where stopSignal == signal:
                return Arrival(tid: tid, signal: signal, signalInfo: signalInfo(of: tid))
            case nil:
                resume(tid, delivering: stopSignal)
            }
        }
    }

    /// Interrupts every other thread and returns the process stopped, `arrival`'s thread first;
    /// its signal is delivered when the process is detached.
    ///
    /// A thread that does not stop within ``stopTimeout`` (a zombie leader, a thread gone
    /// through `exec`, one stuck in an uninterruptible wait) is left out of the core rather
    /// than waited for.
    /// - Throws: ``CaptureError/processExited(pid:)`` when the process ends meanwhile.
    mutating func stopAll(after arrival: Arrival) throws(CaptureError) -> StoppedProcess {
        let stoppedAt = ContinuousClock.now
        var stopped: Set<Int32> = [arrival.tid]
        var pending: [Int32: Int32] = [arrival.tid: arrival.signal]
        var awaited = Set<Int32>()
        for tid in tracees where tid != arrival.tid {
            guard case .success = KernelInterface.ptrace(.interrupt, tid), StoppedProcess.isLive(pid: pid, tid: tid) else { continue }
            awaited.insert(tid)
        }
        let giveUp = stoppedAt + Self.stopTimeout
        do throws(CaptureError) {
            while !awaited.isEmpty, ContinuousClock.now < giveUp {
                guard let (tid, status) = try nextStop(polling: true) else {
                    awaited = awaited.intersection(tracees).filter { StoppedProcess.isLive(pid: pid, tid: $0) }
                    continue
                }
                let stopSignal = (status >> 8) & 0xFF
                switch PtraceEvent(rawValue: status >> 16) {
                case .clone:
                    // The new thread starts stopped (its first stop comes to us); wait for it too.
                    if let child = adoptClone(of: tid), !stopped.contains(child) { awaited.insert(child) }
                case .stop:
                    break
                case nil:
                    // A signal-delivery stop: the signal goes to the thread at detach.
                    if status >> 16 == 0 { pending[tid] = stopSignal }
                }
                awaited.remove(tid)
                stopped.insert(tid)
            }
        } catch {
            for tid in stopped {
                _ = KernelInterface.ptrace(.detach, tid, data: UnsafeMutableRawPointer(bitPattern: UInt(pending[tid] ?? 0)))
            }
            throw error
        }
        let order = [arrival.tid] + tracees.subtracting([arrival.tid]).sorted()
        return StoppedProcess(pid: pid, threadIDs: order.filter(stopped.contains), pendingDelivery: pending, stoppedAt: stoppedAt)
    }

    /// How long ``stopAll(after:)`` waits for the threads to stop.
    static let stopTimeout: Duration = .seconds(5)

    /// Stops and detaches every thread, handing back any signal one was stopped for: for
    /// giving up the watch.
    mutating func release() {
        guard let arrivalFree = try? stopAllWithoutArrival() else { return }
        arrivalFree.detach()
    }

    private mutating func stopAllWithoutArrival() throws(CaptureError) -> StoppedProcess {
        guard let first = tracees.sorted().first(where: { StoppedProcess.isLive(pid: pid, tid: $0) }) else {
            throw CaptureError.exitedBeforeTrigger(pid: pid)
        }
        _ = KernelInterface.ptrace(.interrupt, first)
        let giveUp = ContinuousClock.now + Self.stopTimeout
        while ContinuousClock.now < giveUp {
            guard let (tid, status) = try nextStop(polling: true) else {
                if !tracees.contains(first) { return try stopAllWithoutArrival() }
                continue
            }
            if tid == first {
                if PtraceEvent(rawValue: status >> 16) == .clone { adoptClone(of: tid) }
                let arrival = Arrival(tid: first, signal: PtraceEvent(rawValue: status >> 16) == nil ? (status >> 8) & 0xFF : 0, signalInfo: [])
                return try stopAll(after: arrival)
            }
            let stopSignal = (status >> 8) & 0xFF
            if PtraceEvent(rawValue: status >> 16) == .clone { adoptClone(of: tid) }
            resume(tid, delivering: status >> 16 == 0 ? stopSignal : 0)
        }
        throw CaptureError.systemCallFailed(operation: "stopping thread \(first)", reason: "it did not stop within \(CaptureTrigger.seconds(Self.stopTimeout))")
    }

    /// The next stop of a traced thread; nil after a thread ended (it is forgotten), or when
    /// `polling` and none has stopped within a few milliseconds.
    /// - Throws: ``CaptureError/exitedBeforeTrigger(pid:)`` when no traced thread is left.
    private mutating func nextStop(polling: Bool = false) throws(CaptureError) -> (tid: Int32, status: Int32)? {
        guard !tracees.isEmpty, case .success(let event) = KernelInterface.waitForAnyThread(blocking: !polling) else {
            throw CaptureError.exitedBeforeTrigger(pid: pid)
        }
        guard let (tid, status) = event else {
            KernelInterface.sleep(until: .now + .milliseconds(5))
            return nil
        }
        guard status & 0xFF == 0x7F else {
            tracees.remove(tid)
            if tracees.isEmpty { throw CaptureError.exitedBeforeTrigger(pid: pid) }
            return nil
        }
        return (tid, status)
    }

    /// Records the thread a `PTRACE_EVENT_CLONE` stop announced, and returns its TID.
    @discardableResult
    private mutating func adoptClone(of tid: Int32) -> Int32? {
        var message: UInt = 0
        guard case .success = withUnsafeMutablePointer(to: &message, {
            KernelInterface.ptrace(.getEventMessage, tid, data: UnsafeMutableRawPointer($0))
        }) else { return nil }
        let child = Int32(truncatingIfNeeded: message)
        tracees.insert(child)
        return child
    }

    private func resume(_ tid: Int32, delivering signal: Int32 = 0) {
        _ = KernelInterface.ptrace(.continueRunning, tid, data: UnsafeMutableRawPointer(bitPattern: UInt(signal)))
    }

    private func signalInfo(of tid: Int32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 128)
        let result = bytes.withUnsafeMutableBytes { KernelInterface.ptrace(.getSignalInfo, tid, data: $0.baseAddress) }
        if case .failure = result { return [] }
        return bytes
    }

    /// SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU stop the whole process.
    private static func isGroupStopSignal(_ signal: Int32) -> Bool {
        signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU
    }
}
