import DumpModel

/// The context the kernel saved in a signal frame (arch/x86/include/asm/sigframe.h,
/// arch/arm64/kernel/signal.c), read from core memory at the trampoline frame's stack pointer.
///
/// x86_64 (`struct rt_sigframe`): when the handler has returned into the trampoline
/// (`__restore_rt`: `mov $15, %rax; syscall`), its stack pointer is the address of the frame's
/// `ucontext`: `uc_mcontext` at +40 (`gregs[23]`, gdb's `AMD64_LINUX_UCONTEXT_SIGCONTEXT_OFFSET`),
/// the `siginfo` at +304. The kernel writes the `siginfo` only for `SA_SIGINFO` handlers
/// (`x64_setup_rt_frame`); for others the bytes there are whatever the stack held, so it is
/// kept only when it validates.
///
/// i386: `SA_SIGINFO` handlers get `struct rt_sigframe_ia32` and return to
/// `__kernel_rt_sigreturn` (`mov $173, %eax; int $0x80`) with the stack pointer at its `sig`:
/// the `siginfo` at +12, the `ucontext` at +140, its `gregs` at +160. Other handlers get the
/// legacy `struct sigframe_ia32` and return to `__kernel_sigreturn` (`pop %eax; mov $119,
/// %eax; int $0x80`) before its `pop`: `sig`, then the `sigcontext` at +4, and no `siginfo`.
/// Both `sigcontext`s hold gs fs es ds edi esi ebp esp ebx edx ecx eax trapno err eip ..., `cr2`
/// at +84 (gdb's `i386_linux_sigcontext_addr`).
///
/// aarch64 (`struct rt_sigframe { siginfo info; ucontext uc; }`): the handler returns to
/// `__kernel_rt_sigreturn` (`mov x8, #139; svc #0`; qemu's sigtramp page holds the same code)
/// with its stack pointer at the frame: the `siginfo` at +0 (written only for `SA_SIGINFO`
/// handlers; qemu zeroes it for others), the `ucontext` at +128, its `sigcontext` at +304
/// (gdb's `aarch64_linux_sigframe_init`): `fault_address` +0, `regs[0..30]` +8, `sp` +256,
/// `pc` +264. It records no x86 trap.
struct SignalContext: Equatable {
    /// The `siginfo` in the frame, nil when there is none that validates.
    var signal: SignalInfo?
    /// `trapno`, `err`, `cr2` (x86 only).
    var trap: SignalFrame.Trap?
    /// The interrupted program counter.
    var programCounter: UInt64
    /// The interrupted stack pointer.
    var stackPointer: UInt64
    /// The interrupted registers in DWARF order (x86_64: rax rdx rcx rbx rsi rdi rbp rsp r8-r15
    /// rip; i386: eax ecx edx ebx esp ebp esi edi eip; aarch64: x0-x30 sp), to unwind the
    /// interrupted stack from.
    var dwarfRegisters: [UInt64]

    /// The address of the `ucontext` (x86_64, i386 rt, aarch64) or `sigcontext` (i386 legacy).
    var contextAddress: UInt64

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
            dwarfRegisters: dwarfOrder.map { words[$0] }, contextAddress: contextAddress)
    }

    /// i386's `__kernel_rt_sigreturn` (and glibc's `__restore_rt` without a vDSO).
    static let i386RealTimeTrampoline: [UInt8] = [0xb8, 0xad, 0x00, 0x00, 0x00, 0xcd, 0x80]
    /// i386's `__kernel_sigreturn` (and glibc's `__restore`).
    static let i386LegacyTrampoline: [UInt8] = [0x58, 0xb8, 0x77, 0x00, 0x00, 0x00, 0xcd, 0x80]

    /// The context of the i386 signal frame whose trampoline frame has stack pointer
    /// `stackPointer`, or nil when the trampoline's `code` is neither kind, the core does not
    /// hold the frame, its `sig` is no signal, or its program counter is zero.
    static func readI386(trampolineStackPointer stackPointer: UInt64, code: [UInt8], from memory: ProcessMemory) -> SignalContext? {
        let isRealTime: Bool
        if code.starts(with: i386RealTimeTrampoline) {
            isRealTime = true
        } else if code.starts(with: i386LegacyTrampoline) {
            isRealTime = false
        } else {
            return nil
        }
        guard stackPointer <= UInt64(UInt32.max) - 512,
              let signalNumber = memory.readWord(at: stackPointer, size: 4), (1...64).contains(signalNumber)
        else { return nil }
        let contextAddress = stackPointer + (isRealTime ? 140 : 4)
        let sigcontextAddress = stackPointer + (isRealTime ? 160 : 4)
        guard let bytes = memory.read(at: sigcontextAddress, count: i386SigcontextSize) else { return nil }
        let words: [UInt64] = bytes.withUnsafeBytes { raw in
            let reader = ByteReader(bytes: raw)
            return (0..<(i386SigcontextSize / 4)).map { UInt64(reader.uint32(at: $0 * 4) ?? 0) }
        }
        guard words[i386EIP] != 0 else { return nil }
        let signal = isRealTime ? memory.read(at: stackPointer + 12, count: siginfoSize).flatMap { bytes in
            bytes.withUnsafeBytes { SigInfoDecoder.decode(ByteReader(bytes: $0), wordSize: 4) }
        }.flatMap(validated) : nil
        return SignalContext(
            signal: signal,
            trap: SignalFrame.Trap(number: words[i386Trapno], errorCode: words[i386Err], faultAddress: words[i386CR2]),
            programCounter: words[i386EIP], stackPointer: words[i386ESP],
            dwarfRegisters: i386DwarfOrder.map { words[$0] }, contextAddress: contextAddress)
    }

    /// aarch64's `__kernel_rt_sigreturn`: `mov x8, #139; svc #0` (d2801168 d4000001).
    static let aarch64Trampoline: [UInt8] = [0x68, 0x11, 0x80, 0xd2, 0x01, 0x00, 0x00, 0xd4]

    /// The context of the aarch64 signal frame at `stackPointer` (the trampoline frame's), or
    /// nil when the core does not hold its `sigcontext` or its program counter is zero.
    static func readAArch64(trampolineStackPointer stackPointer: UInt64, from memory: ProcessMemory) -> SignalContext? {
        guard stackPointer <= UInt64.max - aarch64SigcontextOffset - UInt64(aarch64SigcontextSize),
              let bytes = memory.read(at: stackPointer + aarch64SigcontextOffset, count: aarch64SigcontextSize)
        else { return nil }
        // fault_address, regs[0..30], sp, pc.
        let words: [UInt64] = bytes.withUnsafeBytes { raw in
            let reader = ByteReader(bytes: raw)
            return (0..<(aarch64SigcontextSize / 8)).map { reader.uint64(at: $0 * 8) ?? 0 }
        }
        let programCounter = words[33]
        guard programCounter != 0 else { return nil }
        let signal = memory.read(at: stackPointer, count: siginfoSize).flatMap { bytes in
            bytes.withUnsafeBytes { SigInfoDecoder.decode(ByteReader(bytes: $0), wordSize: 8) }
        }.flatMap(validated)
        return SignalContext(
            signal: signal, trap: nil, programCounter: programCounter, stackPointer: words[32],
            dwarfRegisters: Array(words[1...32]), contextAddress: stackPointer + 128)
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

    /// gs ... ss, fpstate, oldmask, cr2: 22 words.
    private static let i386SigcontextSize = 88
    private static let i386ESP = 7, i386Trapno = 12, i386Err = 13, i386EIP = 14, i386CR2 = 21
    /// sigcontext indices of eax ecx edx ebx esp ebp esi edi eip, DWARF registers 0-8.
    private static let i386DwarfOrder = [11, 10, 9, 8, 7, 6, 5, 4, 14]

    private static let aarch64SigcontextOffset: UInt64 = 304
    /// fault_address, regs[31], sp, pc: 34 words.
    private static let aarch64SigcontextSize = 272

    private static let gregsOffset: UInt64 = 40
    private static let siginfoOffset: UInt64 = 304
    private static let siginfoSize = 128
    private static let gregCount = 23
    // Indices in gregs (<sys/ucontext.h> REG_*).
    private static let rsp = 15, rip = 16, err = 19, trapno = 20, cr2 = 22
    /// gregs indices of rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip, DWARF registers 0-16.
    private static let dwarfOrder = [13, 12, 14, 11, 9, 8, 10, 15, 0, 1, 2, 3, 4, 5, 6, 7, 16]
}
