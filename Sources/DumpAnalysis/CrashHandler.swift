import DumpModel

/// The program's own crash handler, which caught the crash and raised the signal again (or
/// aborted): the core's signal is then the handler's, and the original crash is known only
/// from the signal frame under the handler (``SignalFrame``).
///
/// redis, MariaDB, the JVM and CPython's faulthandler all do this; without it the report would
/// blame the handler ("SIGSEGV (SI_USER) in bugReportEnd").
public struct CrashHandler: Equatable, Sendable {
    /// Where the original signal's details come from.
    public enum Evidence: String, Equatable, Sendable {
        /// The `siginfo` the kernel wrote into the signal frame (`SA_SIGINFO` handlers): exact.
        case signalInfo = "siginfo"
        /// Inferred from the CPU trap the frame's context records (`trapno`, `err`, `cr2`),
        /// because a plain `sa_handler` handler gets no `siginfo`: the signal is the one the
        /// handler raised again, its code and fault address are what the kernel sends for that
        /// trap.
        case trap
        /// Neither: only the signal number the handler raised again is known.
        case none
    }

    /// How the faulting instruction accessed memory, from a page fault's error code.
    public enum MemoryAccess: String, Equatable, Sendable {
        case read, write, execute
    }

    /// The handler's frames, innermost first: the call that raised the signal again (`kill`,
    /// `raise`, `abort`) and the handler's functions above the trampoline.
    public var frames: [Frame]
    /// The signal the core records: the one the handler raised again.
    public var reraisedSignalName: String
    /// Its `si_code` (`SI_USER` for `kill`, `SI_TKILL` for `raise`), nil when not recorded.
    public var reraisedSignalCode: SignalCodeDescription?
    /// Where the original signal's details come from.
    public var evidence: Evidence
    /// What the faulting instruction did, for a page fault known from the trap.
    public var access: MemoryAccess?
    /// Whether the interrupted instruction follows a system call: the signal arrived as the
    /// call returned, so it was sent, not raised by a fault there.
    public var interruptedAtSystemCall: Bool
    /// The index in the thread's frames of the innermost frame of the interrupted code.
    public var interruptedFrameIndex: Int
    /// The handler named by its frames (``chain(of:in:)``).
    public var chain: String

    public init(
        frames: [Frame], chain: String, reraisedSignalName: String, reraisedSignalCode: SignalCodeDescription?,
        evidence: Evidence, access: MemoryAccess?, interruptedAtSystemCall: Bool, interruptedFrameIndex: Int
    ) {
        self.frames = frames
        self.chain = chain
        self.reraisedSignalName = reraisedSignalName
        self.reraisedSignalCode = reraisedSignalCode
        self.evidence = evidence
        self.access = access
        self.interruptedAtSystemCall = interruptedAtSystemCall
        self.interruptedFrameIndex = interruptedFrameIndex
    }

    /// A handler named by its frames (innermost first), e.g. `crash_handler/bug_report_end via
    /// __kill`: the application's functions, outermost first (repeats folded; more than three
    /// show as the outermost and the innermost), then the library call that raised the signal
    /// again.
    public static func chain(of frames: [Frame], in process: Process) -> String {
        let classifier = ApplicationFrames(process: process)
        var names: [String] = []
        for frame in frames.reversed() where !classifier.isRuntime(frame) {
            let name = FrameName.of(frame, in: process)
            if names.last != name { names.append(name) }
        }
        if names.count > 3 { names = [names[0], "…", names[names.count - 1]] }
        let innermostApplication = frames.firstIndex { !classifier.isRuntime($0) } ?? frames.count
        let via = innermostApplication > 0 ? FrameName.of(frames[innermostApplication - 1], in: process) : nil
        switch (names.isEmpty, via) {
        case (true, let via?): return via
        case (false, let via?): return names.joined(separator: "/") + " via " + via
        default: return names.joined(separator: "/")
        }
    }
}
