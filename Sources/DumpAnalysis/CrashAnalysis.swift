import DumpModel

/// Tells whether the core records a crash and, if so, which kind: a NULL pointer dereference,
/// a stack overflow, an `abort()` (with glibc's assertion or heap message), an uncaught C++
/// exception, or another fatal signal.
///
/// A core somebody asked for is not a crash. The rule:
/// - no signal, or a core written by a tool (`gcore`, procdump, createdump): a snapshot;
/// - a signal sent by another process (`si_code` <= 0 with `si_pid` other than the process's
///   own, including `si_pid` 0 from outside the process's PID namespace): `kill -QUIT`,
///   `kill -ABRT`, `kill -SEGV`, a watchdog's SIGABRT (systemd's `WatchdogSec=`);
/// - SIGQUIT whatever its origin: its only use is to ask for a core (Ctrl-\ on a terminal,
///   which the kernel sends with `SI_KERNEL`; `raise(SIGQUIT)` for a dump on demand).
///
/// Everything else is a crash: faults the hardware raised (`si_code` > 0, or `SI_KERNEL` for
/// an x86 general protection fault), signals the process sent itself (`abort()` raises
/// SIGABRT with `SI_TKILL` and `si_pid` equal to the process's pid), and fatal signals whose
/// origin the core does not record (no `NT_SIGINFO`).
///
/// Behind a crash handler that raised the signal again (``CrashOrigin``), the report is the
/// original crash's: signal, code, fault address, thread and frames from the signal frame
/// under the handler, and the stack pointer it saved (so a stack overflow is told even when
/// the handler runs on a `sigaltstack`); a signal the frame says another process sent is not
/// a crash.
///
/// Blind spots: without `NT_SIGINFO` (qemu's cores) there is no fault address, so a NULL
/// dereference or a stack overflow without deep recursion is reported as ``CrashReport/Kind/other``;
/// a stack overflow is told by the stack pointer and the core's segments, so a thread that
/// switched stacks (a coroutine, `sigaltstack`) may not be recognised; an uncaught C++
/// exception's type and message are read only from libstdc++'s layout on 64-bit targets.
public enum CrashAnalysis {
    /// The crash the core records, or nil when the process did not crash (see the rule above).
    ///
    /// - Parameter stackGroups: the process's stack groups (``StackGroup/groups(of:)``), whose
    ///   recursions are already found: the crashing thread's is taken from its group when the
    ///   crash's frames are the thread's (no handler cut them). Found here when nil.
    /// - Complexity: linear in the crashing thread's frames, plus a few memory reads.
    public static func analyze(_ image: ProcessImage, stackGroups: [StackGroup]? = nil) -> CrashReport? {
        let process = image.process
        guard let reraised = process.signal, isCrash(reraised, in: process) else { return nil }
        let classifier = ApplicationFrames(process: process)
        let caught = CrashOrigin.find(in: image, reraised: reraised, signalledTID: crashingThread(of: process, signal: reraised)?.tid)
        if let caught, !isCrash(caught.signal, in: process) { return nil }
        let signal = caught?.signal ?? reraised
        let thread = caught?.interruptedThread ?? crashingThread(of: process, signal: signal)
        let code = caught.map { $0.handler.evidence == .none ? nil : $0.signal.code } ?? (hasSignalDetails(signal) ? signal.code : nil)
        let applicationFrame = thread.flatMap(classifier.innermostApplicationFrame(of:))
        let pc = thread.flatMap { $0.registers.programCounter ?? $0.frames.first?.pc }
        let stack = thread.map { thread in
            let group = caught == nil ? stackGroups?.first { $0.tids.contains(thread.tid) } : nil
            return StackGroup(thread: thread, recursion: group.map(\.recursion) ?? StackRecursion.find(in: thread, of: process))
        }
        return CrashReport(
            signalNumber: signal.number, signalName: signal.name, signalCode: code,
            signalCodeDescription: code.flatMap { SignalCodeDescription.describe(code: $0, signal: signal.number) },
            faultAddress: signal.faultAddress, crashingTID: thread?.tid,
            instructionPointer: pc,
            innermostFrame: thread?.frames.first, applicationFrame: applicationFrame,
            placeName: (applicationFrame ?? thread?.frames.first).map { FrameName.readable($0, in: process) },
            kind: kind(of: signal, thread: thread, recursion: stack?.recursion, image: image, classifier: classifier),
            handler: caught?.handler, stack: stack ?? StackGroup(tids: [], frames: []),
            instruction: pc.flatMap { image.code?.instruction(at: $0) },
            source: crashingLine(applicationFrame: applicationFrame, innermost: thread?.frames.first, code: image.code))
    }

    /// The lines around the crashing line: the application frame's, else the innermost
    /// frame's, the first whose source file can be read.
    private static func crashingLine(applicationFrame: Frame?, innermost: Frame?, code: (any CodeReader)?) -> SourceExcerpt? {
        guard let code else { return nil }
        var tried: Set<SourceLocation> = []
        for location in [applicationFrame?.source, innermost?.source].compactMap({ $0 }) where tried.insert(location).inserted {
            if let excerpt = code.sourceExcerpt(around: location) { return excerpt }
        }
        return nil
    }

    /// Whether `signal` is a crash rather than a core somebody asked for.
    static func isCrash(_ signal: SignalInfo, in process: Process) -> Bool {
        if process.producer == .tool || signal.number == Signal.sigquit { return false }
        if let sender = signal.senderPID, sender != process.pid { return false }
        return true
    }

    /// The reader makes a `SignalInfo` from `pr_cursig` alone, with code 0 and no sender,
    /// when the core has no `NT_SIGINFO`; a real `si_code` <= 0 always comes with a sender.
    static func hasSignalDetails(_ signal: SignalInfo) -> Bool {
        signal.code > 0 || signal.senderPID != nil
    }

    /// The thread the reader says received the signal, else the first with it pending.
    private static func crashingThread(of process: Process, signal: SignalInfo) -> Thread? {
        process.signalledThreadTID.flatMap(process.thread(tid:))
            ?? process.threads.first { $0.currentSignal == signal.number }
    }

    private static func kind(
        of signal: SignalInfo, thread: Thread?, recursion: StackRecursion?, image: ProcessImage, classifier: ApplicationFrames
    ) -> CrashReport.Kind {
        switch signal.number {
        case Signal.sigsegv, Signal.sigbus:
            // SI_KERNEL is an x86 general protection fault: the kernel reports address 0.
            let isMemoryFault = signal.code > 0 && signal.code != SignalCodeDescription.kernelCode
            if isMemoryFault, let fault = signal.faultAddress, fault < nullPageLimit {
                return .nullDereference(offset: fault)
            }
            guard let thread else { return .other }
            switch faultIsOnStackEdge(signal.faultAddress, thread: thread, segments: image.process.memorySegments) {
            case true?:
                return .stackOverflow(recursion: recursion)
            case nil where recursion.map { $0.isLowerBound || $0.frameCount >= deepRecursionFrames } ?? false:
                return .stackOverflow(recursion: recursion)
            default:
                return .other
            }
        case Signal.sigabrt:
            if let thread, var uncaught = UncaughtException.find(in: thread, frames: classifier) {
                if uncaught.wasThrown { uncaught.exception = ThrownException.read(thrownBy: thread, in: image) }
                return .uncaughtException(uncaught)
            }
            return .abort(message: AbortMessage.read(from: image))
        default:
            return .other
        }
    }

    /// Whether the fault address is where a stack overflow faults: within 64 KiB of the stack
    /// pointer and not in readable memory (unmapped, or the no-access guard page), or in the
    /// no-access segment right below the segment holding the stack pointer. Nil when the fault
    /// address or the stack pointer is unknown.
    private static func faultIsOnStackEdge(_ fault: UInt64?, thread: Thread, segments: [MemorySegment]) -> Bool? {
        guard let fault, let stackPointer = thread.registers.stackPointer else { return nil }
        let faultSegment = segments.firstIndex { $0.contains(fault) }
        let distance = fault > stackPointer ? fault - stackPointer : stackPointer - fault
        if distance < stackEdgeWindow && !(faultSegment.map { segments[$0].isReadable } ?? false) {
            return true
        }
        guard let index = faultSegment, !segments[index].isReadable, !segments[index].isWritable,
              index + 1 < segments.count
        else { return false }
        let above = segments[index + 1]
        return above.startAddress == segments[index].endAddress && above.contains(stackPointer)
    }

    /// Linux never maps the lowest 64 KiB (`vm.mmap_min_addr` is 65536 by default).
    private static let nullPageLimit: UInt64 = 0x10000
    /// How far from the stack pointer a stack overflow's fault may lie: a frame that moves the
    /// stack pointer past the guard page, or a store into a large local above it.
    private static let stackEdgeWindow: UInt64 = 0x10000
    /// Without a fault address, a recursion this deep is taken for the stack overflow.
    private static let deepRecursionFrames = 256

}
