/// The system call a thread was inside when the core was written: its number and the six
/// argument registers as the core recorded them.
public struct SystemCall: Equatable, Hashable, Sendable {
    /// The architecture's system call number (`orig_rax` on x86_64, `x8` on aarch64,
    /// `orig_eax` on i386).
    public var number: Int64
    /// The conventional name (`futex`, `nanosleep`, `epoll_wait`), nil for numbers the table
    /// does not know.
    public var name: String?
    /// The argument registers in order (`rdi rsi rdx r10 r8 r9` on x86_64).
    public var arguments: [UInt64]

    public init(number: Int64, name: String?, arguments: [UInt64]) {
        self.number = number
        self.name = name
        self.arguments = arguments
    }

    /// The call's name, or `syscall N` when the table does not know the number.
    public var displayName: String { name ?? "syscall \(number)" }

    /// The `n`th argument (0-based), or 0 when the core holds fewer.
    public func argument(_ n: Int) -> UInt64 { n < arguments.count ? arguments[n] : 0 }
}
