/// What a signal's `si_code` says about why it was sent: the macro name from
/// `<asm-generic/siginfo.h>` and its meaning in words, as `psiginfo` and the man page
/// `sigaction(2)` word them.
///
/// Positive codes mean different things per signal (1 is `SEGV_MAPERR` for SIGSEGV and
/// `ILL_ILLOPC` for SIGILL); zero and negative codes, and `SI_KERNEL`, mean the same for every
/// signal.
public struct SignalCodeDescription: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The macro name, e.g. `SEGV_MAPERR`.
    public var name: String
    /// The meaning in words, e.g. `address not mapped`.
    public var meaning: String

    public init(name: String, meaning: String) {
        self.name = name
        self.meaning = meaning
    }

    /// `SEGV_MAPERR: address not mapped`.
    public var description: String { "\(name): \(meaning)" }

    /// The description of `code` for `signal`, or nil for a code Linux does not define for
    /// that signal.
    public static func describe(code: Int32, signal: Int32) -> SignalCodeDescription? {
        if code > 0 && code != kernelCode, let entry = specificCodes[signal]?[code] {
            return SignalCodeDescription(name: entry.name, meaning: entry.meaning)
        }
        return genericCodes[code].map { SignalCodeDescription(name: $0.name, meaning: $0.meaning) }
    }

    /// `SI_KERNEL`: the one positive code that is the same for every signal.
    static let kernelCode: Int32 = 0x80

    private typealias Entry = (name: String, meaning: String)

    private static let genericCodes: [Int32: Entry] = [
        0: ("SI_USER", "sent by kill or raise"),
        0x80: ("SI_KERNEL", "sent by the kernel"),
        -1: ("SI_QUEUE", "sent by sigqueue"),
        -2: ("SI_TIMER", "POSIX timer expired"),
        -3: ("SI_MESGQ", "POSIX message queue state changed"),
        -4: ("SI_ASYNCIO", "asynchronous I/O completed"),
        -5: ("SI_SIGIO", "queued SIGIO"),
        -6: ("SI_TKILL", "sent by tkill or tgkill"),
        -7: ("SI_DETHREAD", "sent by execve killing subsidiary threads"),
        -60: ("SI_ASYNCNL", "asynchronous name lookup completed"),
    ]

    /// Per signal number: SIGILL 4, SIGTRAP 5, SIGBUS 7, SIGFPE 8, SIGSEGV 11, SIGSYS 31.
    private static let specificCodes: [Int32: [Int32: Entry]] = [
        4: [
            1: ("ILL_ILLOPC", "illegal opcode"),
            2: ("ILL_ILLOPN", "illegal operand"),
            3: ("ILL_ILLADR", "illegal addressing mode"),
            4: ("ILL_ILLTRP", "illegal trap"),
            5: ("ILL_PRVOPC", "privileged opcode"),
            6: ("ILL_PRVREG", "privileged register"),
            7: ("ILL_COPROC", "coprocessor error"),
            8: ("ILL_BADSTK", "internal stack error"),
            9: ("ILL_BADIADDR", "unimplemented instruction address"),
        ],
        5: [
            1: ("TRAP_BRKPT", "process breakpoint"),
            2: ("TRAP_TRACE", "process trace trap"),
            3: ("TRAP_BRANCH", "process taken branch trap"),
            4: ("TRAP_HWBKPT", "hardware breakpoint or watchpoint"),
            5: ("TRAP_UNK", "undiagnosed trap"),
            6: ("TRAP_PERF", "perf event with sigtrap=1"),
        ],
        7: [
            1: ("BUS_ADRALN", "invalid address alignment"),
            2: ("BUS_ADRERR", "nonexistent physical address"),
            3: ("BUS_OBJERR", "object-specific hardware error"),
            4: ("BUS_MCEERR_AR", "hardware memory error consumed on a machine check: action required"),
            5: ("BUS_MCEERR_AO", "hardware memory error detected in process but not consumed: action optional"),
        ],
        8: [
            1: ("FPE_INTDIV", "integer divide by zero"),
            2: ("FPE_INTOVF", "integer overflow"),
            3: ("FPE_FLTDIV", "floating-point divide by zero"),
            4: ("FPE_FLTOVF", "floating-point overflow"),
            5: ("FPE_FLTUND", "floating-point underflow"),
            6: ("FPE_FLTRES", "floating-point inexact result"),
            7: ("FPE_FLTINV", "floating-point invalid operation"),
            8: ("FPE_FLTSUB", "subscript out of range"),
            14: ("FPE_FLTUNK", "undiagnosed floating-point exception"),
            15: ("FPE_CONDTRAP", "trap on condition"),
        ],
        11: [
            1: ("SEGV_MAPERR", "address not mapped"),
            2: ("SEGV_ACCERR", "invalid permissions for mapped object"),
            3: ("SEGV_BNDERR", "failed address bound checks"),
            4: ("SEGV_PKUERR", "failed protection key checks"),
            5: ("SEGV_ACCADI", "ADI not enabled for mapped object"),
            6: ("SEGV_ADIDERR", "disrupting MCD error"),
            7: ("SEGV_ADIPERR", "precise MCD exception"),
            8: ("SEGV_MTEAERR", "asynchronous ARM MTE error"),
            9: ("SEGV_MTESERR", "synchronous ARM MTE exception"),
            10: ("SEGV_CPERR", "control protection fault"),
        ],
        31: [
            1: ("SYS_SECCOMP", "system call denied by seccomp"),
            2: ("SYS_USER_DISPATCH", "system call intercepted by syscall user dispatch"),
        ],
    ]
}
