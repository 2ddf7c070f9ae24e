/// A signal handler's activation on a thread's stack: the frame the kernel pushed when it
/// delivered a signal (`rt_sigframe`), found under the trampoline the handler returns to
/// (`__restore_rt`), and what it records of the code the signal interrupted.
///
/// A crash handler that re-raises its signal (redis, MariaDB, CPython's faulthandler, the JVM)
/// leaves the original crash only here: the core's own signal is the re-raised one.
///
/// Read on x86_64, i386 and aarch64 (whose sigcontext records no ``Trap``).
///
/// Immutable and held by reference, like ``FrameSymbol``: most threads have none, and a
/// reference keeps every ``Thread`` (copied by every analysis) one word larger, not a hundred
/// bytes.
public final class SignalFrame: Hashable, Sendable {
    /// The CPU trap x86's sigcontext records (`trapno`, `err`, `cr2`): the last trap that sent
    /// the thread a signal, so it describes this signal only when this signal was a fault.
    public struct Trap: Equatable, Hashable, Sendable {
        /// The exception vector (`trapno`): 14 a page fault, 13 a general protection fault,
        /// 0 a divide error, 6 an invalid opcode.
        public var number: UInt64
        /// The error code the CPU pushed (`err`); for a page fault bit 0 is a protection
        /// violation (else the page was not present), bit 1 a write, bit 2 user mode, bit 4 an
        /// instruction fetch.
        public var errorCode: UInt64
        /// The page fault's address (`cr2`).
        public var faultAddress: UInt64

        public init(number: UInt64, errorCode: UInt64, faultAddress: UInt64) {
            self.number = number
            self.errorCode = errorCode
            self.faultAddress = faultAddress
        }
    }

    /// The index in ``Thread/frames`` of the trampoline frame; the frames before it are the
    /// handler's, the frames after it the interrupted code's.
    public let trampolineIndex: Int
    /// The address of the frame's `ucontext` (on x86_64 the trampoline frame's stack pointer, on
    /// aarch64 that stack pointer + 128),
    /// or of its `sigcontext` in an i386 frame for a handler without `SA_SIGINFO`.
    public let contextAddress: UInt64
    /// The `siginfo` the kernel passed to the handler, nil when the frame holds none: the
    /// kernel writes it only for handlers installed with `SA_SIGINFO`, and what is there is
    /// kept only when its signal number and code are ones Linux sends.
    public let signal: SignalInfo?
    /// The interrupted instruction (the context's program counter).
    public let interruptedPC: UInt64
    /// The interrupted stack pointer: on the thread's stack even when the handler runs on a
    /// `sigaltstack`.
    public let interruptedSP: UInt64
    /// The x86 trap state of the context, nil on aarch64.
    public let trap: Trap?
    /// Whether the frames after the trampoline were unwound from the context's registers,
    /// because the unwinder stopped at the trampoline or did not continue at the interrupted
    /// instruction.
    public let isUnwoundFromContext: Bool

    public init(
        trampolineIndex: Int, contextAddress: UInt64, signal: SignalInfo?, interruptedPC: UInt64,
        interruptedSP: UInt64, trap: Trap?, isUnwoundFromContext: Bool
    ) {
        self.trampolineIndex = trampolineIndex
        self.contextAddress = contextAddress
        self.signal = signal
        self.interruptedPC = interruptedPC
        self.interruptedSP = interruptedSP
        self.trap = trap
        self.isUnwoundFromContext = isUnwoundFromContext
    }

    /// The index in ``Thread/frames`` of the innermost frame of the interrupted code.
    public var interruptedIndex: Int { trampolineIndex + 1 }

    public static func == (lhs: SignalFrame, rhs: SignalFrame) -> Bool {
        lhs === rhs || (lhs.trampolineIndex == rhs.trampolineIndex && lhs.contextAddress == rhs.contextAddress
            && lhs.signal == rhs.signal && lhs.interruptedPC == rhs.interruptedPC && lhs.interruptedSP == rhs.interruptedSP
            && lhs.trap == rhs.trap && lhs.isUnwoundFromContext == rhs.isUnwoundFromContext)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(trampolineIndex)
        hasher.combine(contextAddress)
        hasher.combine(interruptedPC)
    }
}
