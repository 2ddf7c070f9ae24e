/// The signal that made the kernel (or a tool) write the core, from `NT_SIGINFO` or, when
/// that note is absent, from the signalled thread's `NT_PRSTATUS`.
public struct SignalInfo: Equatable, Hashable, Sendable {
    /// The signal number (`si_signo`).
    public var number: Int32
    /// `si_code`: why the signal was sent (`SEGV_MAPERR`, `SI_USER`, `SI_TKILL` ...).
    public var code: Int32
    /// `si_errno`.
    public var errorNumber: Int32
    /// The faulting address for SIGSEGV, SIGBUS, SIGILL and SIGFPE; nil for other signals.
    public var faultAddress: UInt64?
    /// The process that sent the signal (`si_pid`) for a signal sent by `kill`/`tgkill`
    /// (`si_code` <= 0); nil for faults.
    public var senderPID: Int32?
    /// The user id of the sender (`si_uid`), with ``senderPID``.
    public var senderUID: UInt32?

    public init(
        number: Int32, code: Int32, errorNumber: Int32, faultAddress: UInt64?,
        senderPID: Int32?, senderUID: UInt32?
    ) {
        self.number = number
        self.code = code
        self.errorNumber = errorNumber
        self.faultAddress = faultAddress
        self.senderPID = senderPID
        self.senderUID = senderUID
    }

    /// The signal's conventional name, e.g. `SIGSEGV`.
    public var name: String { Signal.name(of: number) }

    /// SIGILL, SIGFPE, SIGSEGV and SIGBUS: the signals whose `si_addr` is meaningful.
    public static let faultSignals: Set<Int32> = [4, 8, 11, 7]
}
