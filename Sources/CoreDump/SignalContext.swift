import DumpModel

/// The context the kernel saved in an x86_64 signal frame (`struct rt_sigframe` of
/// arch/x86/include/asm/sigframe.h), read from core memory at the trampoline frame's stack
/// pointer.
///
/// When the handler has returned into the trampoline (`__restore_rt`: `mov $15, %rax;
/// syscall`), its stack pointer is the address of the frame's `ucontext`: `uc_mcontext` at +40
/// (`gregs[23]`, gdb's `AMD64_LINUX_UCONTEXT_SIGCONTEXT_OFFSET`), the `siginfo` at +304. The
/// kernel writes the `siginfo` only for `SA_SIGINFO` handlers (`x64_setup_rt_frame`); for others
/// the bytes there are whatever the stack held, so it is kept only when it validates.
struct SignalContext: Equatable {
    /// The `siginfo` in the frame, nil when there is none that validates.
    var signal: SignalInfo?
    /// `trapno`, `err`, `cr2`.
    var trap: SignalFrame.Trap
    /// The interrupted `rip`.
    var programCounter: UInt64
    /// The interrupted `rsp`.
    var stackPointer: UInt64
    /// The interrupted registers in DWARF order (rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip),
    /// to unwind the interrupted stack from.
    var dwarfRegisters: [UInt64]

    /// The x86_64 trampoline's code: `mov $__NR_rt_sigreturn, %rax; syscall` (glibc's
    /// `__restore_rt`, and the same in musl and Go).
    static let x86_64Trampoline: [UInt8] = [0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05]

    /// The context at `contextAddress`, or nil when the core does not hold the `ucontext`
    /// or its program counter is zero.
    static func readX86_64(at contextAddress: UInt64, from memory: ProcessMemory) -> SignalContext? {
        guard let gregs = memory.read(at: contextAddress &+ gregsOffset, count: gregCount * 8),
              contextAddress <= UInt64.max - siginfoOffset - UInt64(siginfoSize)
        else { return nil }
        let words: [UInt64] = gregs.withUnsafeBytes { bytes in
            let reader = ByteReader(bytes: bytes)
            return (0..<gregCount).map { reader.uint64(at: $0 * 8) ?? 0 }
        }
        guard words[rip] != 0 else { return nil }
        let signal = memory.read(at: contextAddress + siginfoOffset, count: siginfoSize).flatMap { bytes in
            bytes.withUnsafeBytes { SigInfoDecoder.decode(ByteReader(bytes: $0), wordSize: 8) }
        }.flatMap(validated)
        return SignalContext(
            signal: signal,
            trap: SignalFrame.Trap(number: words[trapno], errorCode: words[err], faultAddress: words[cr2]),
            programCounter: words[rip], stackPointer: words[rsp],
            dwarfRegisters: dwarfOrder.map { words[$0] })
    }

    /// `signal` when it is one the kernel could have written: a signal number Linux has, a
    /// code it sends (`si_code` from `SI_DETHREAD` to 15, or `SI_KERNEL`), and no `si_errno`
    /// (the kernel sets it only for the few signals that carry an error, and keeps it small).
    private static func validated(_ signal: SignalInfo) -> SignalInfo? {
        guard (1...64).contains(signal.number), (-7...15).contains(signal.code) || signal.code == 0x80,
              (0...4095).contains(signal.errorNumber)
        else { return nil }
        return signal
    }

    private static let gregsOffset: UInt64 = 40
    private static let siginfoOffset: UInt64 = 304
    private static let siginfoSize = 128
    private static let gregCount = 23
    // Indices in gregs (<sys/ucontext.h> REG_*).
    private static let rsp = 15, rip = 16, err = 19, trapno = 20, cr2 = 22
    /// gregs indices of rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip, DWARF registers 0-16.
    private static let dwarfOrder = [13, 12, 14, 11, 9, 8, 10, 15, 0, 1, 2, 3, 4, 5, 6, 7, 16]
}
