import DumpModel

/// Why the process died, as a post-mortem debugger's first lines say it: the signal and its
/// `si_code`, the fault address, the crashing thread and where it was, and what kind of crash
/// the facts point to.
public struct CrashReport: Equatable, Sendable {
    /// What kind of crash the signal, the fault address and the stack point to.
    public enum Kind: Equatable, Sendable {
        /// A read or write through a NULL pointer: SIGSEGV or SIGBUS from the MMU at an
        /// address below 64 KiB, the pages Linux never maps (`vm.mmap_min_addr`). The offset
        /// is the fault address: the offset of the field read through the NULL pointer.
        case nullDereference(offset: UInt64)
        /// The thread ran out of stack: the fault address is next to its stack pointer or in
        /// the guard page below its stack. The recursion that used the stack up, when its
        /// frames repeat.
        case stackOverflow(recursion: StackRecursion?)
        /// The process called `abort()` (SIGABRT it sent itself), with glibc's message when
        /// it left one (a failed `assert`, a heap corruption, a fortify check).
        case abort(message: AbortMessage?)
        /// A C++ exception nothing caught: `std::terminate` aborted the process.
        case uncaughtException(UncaughtException)
        /// Any other crash: the signal and its code say what is known.
        case other
    }

    /// The signal number (`si_signo`).
    public var signalNumber: Int32
    /// The signal's name, e.g. `SIGSEGV`.
    public var signalName: String
    /// `si_code`, nil when the core has no `NT_SIGINFO` (qemu's cores, kernels before 3.7)
    /// and the signal is known only from the thread's `pr_cursig`.
    public var signalCode: Int32?
    /// The macro name and meaning of ``signalCode``, nil when unknown.
    public var signalCodeDescription: SignalCodeDescription?
    /// The address that faulted, for SIGSEGV, SIGBUS, SIGILL and SIGFPE raised by the
    /// hardware; nil otherwise or when the core does not record it.
    public var faultAddress: UInt64?
    /// The thread that received the signal, nil when no thread's `pr_cursig` names it.
    public var crashingTID: Int32?
    /// The crashing thread's program counter as the core recorded it.
    public var instructionPointer: UInt64?
    /// The crashing thread's innermost frame.
    public var innermostFrame: Frame?
    /// The crashing thread's innermost frame of application code (see ``ApplicationFrames``):
    /// where a developer starts reading.
    public var applicationFrame: Frame?
    /// The frame the crash is placed in, named as ``FrameName`` names it: ``applicationFrame``,
    /// else ``innermostFrame``. The summary and the finding's title both name this one.
    public var placeName: String?
    /// What kind of crash it was.
    public var kind: Kind
    /// The program's crash handler that caught this crash and raised the signal again, nil
    /// when the signal killed the process directly. With a handler, every other field
    /// describes the original crash, read from the signal frame under the handler; how
    /// much of it is known is ``CrashHandler/evidence``.
    public var handler: CrashHandler?
    /// The crashing thread's stack as the crash saw it, innermost first: behind a handler,
    /// from the interrupted frame out; no frames when the thread is unknown. With the rounds
    /// of a recursion the reader counted without keeping them (``StackGroup/depth`` is the
    /// true depth) and the recursion's fold, found on these frames: behind a handler they are
    /// not the thread's whole stack, so its group's fold would not fit them.
    public var stack: StackGroup
    /// The frames of ``stack``, innermost first.
    public var frames: [Frame] { stack.frames }
    /// The instruction at ``instructionPointer``, as gdb's `x/i $pc` shows it; nil when
    /// neither the core nor a module file holds it, or no code could be read (a model built
    /// in code).
    public var instruction: MachineInstruction?
    /// The lines around the crashing line: the source line of ``applicationFrame``, else of
    /// ``innermostFrame``; nil when no readable file has it.
    public var source: SourceExcerpt?

    /// - Parameters:
    ///   - frames: the crash's frames, when `stack` is nil: a stack without recursion found.
    ///   - stack: the crash's stack with its recursion and fold; takes the place of `frames`.
    public init(
        signalNumber: Int32, signalName: String, signalCode: Int32?, signalCodeDescription: SignalCodeDescription?,
        faultAddress: UInt64?, crashingTID: Int32?, instructionPointer: UInt64?, innermostFrame: Frame?,
        applicationFrame: Frame?, placeName: String?, kind: Kind, handler: CrashHandler? = nil,
        frames: [Frame] = [], stack: StackGroup? = nil, instruction: MachineInstruction? = nil, source: SourceExcerpt? = nil
    ) {
        self.signalNumber = signalNumber
        self.signalName = signalName
        self.signalCode = signalCode
        self.signalCodeDescription = signalCodeDescription
        self.faultAddress = faultAddress
        self.crashingTID = crashingTID
        self.instructionPointer = instructionPointer
        self.innermostFrame = innermostFrame
        self.applicationFrame = applicationFrame
        self.placeName = placeName
        self.kind = kind
        self.handler = handler
        self.stack = stack ?? StackGroup(tids: crashingTID.map { [$0] } ?? [], frames: frames)
        self.instruction = instruction
        self.source = source
    }
}
