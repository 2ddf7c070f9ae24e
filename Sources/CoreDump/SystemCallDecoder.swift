import DumpModel

/// Tells from a thread's registers whether it was inside a system call, and which.
///
/// - x86_64 and i386: the kernel keeps the call number in `orig_rax` / `orig_eax` (-1 outside
///   a call); the arguments stay in their registers, since the core is written before a
///   restarted call would return.
/// - aarch64: `NT_PRSTATUS` has no syscall-number slot. A thread interrupted in a call has its
///   PC on the `svc #0` instruction (the kernel rewinds it for the restart before writing the
///   core), with the number in `x8` and the arguments in `x0`-`x5`. qemu-user leaves the PC
///   just past the `svc`; in a kernel core that place is a thread that has just returned, so it
///   counts only for cores like qemu's. The instruction is read from the core or, when the core
///   has no code, from the module's file.
struct SystemCallDecoder {
    private static let supervisorCall: UInt64 = 0xd400_0001 // svc #0

    let architecture: Architecture
    /// Whether a PC just past a `svc` means the thread is inside the call (qemu-user cores).
    let pcMayFollowSupervisorCall: Bool
    /// Reads the 4-byte instruction at an address, from the core or the module's file.
    let instruction: (UInt64) -> UInt64?

    func systemCall(registers: RegisterSet) -> SystemCall? {
        switch architecture {
        case .x86_64:
            guard let number = registers["orig_rax"].map({ Int64(bitPattern: $0) }), number >= 0 else { return nil }
            return call(number, ["rdi", "rsi", "rdx", "r10", "r8", "r9"], registers)
        case .i386:
            guard let raw = registers["orig_eax"] else { return nil }
            let number = Int64(Int32(truncatingIfNeeded: raw))
            guard number >= 0 else { return nil }
            return call(number, ["ebx", "ecx", "edx", "esi", "edi", "ebp"], registers)
        case .aarch64:
            guard let pc = registers.programCounter, let number = registers["x8"],
                  instruction(pc) == Self.supervisorCall
                    || (pcMayFollowSupervisorCall && pc >= 4 && instruction(pc - 4) == Self.supervisorCall)
            else { return nil }
            return call(Int64(bitPattern: number), (0...5).map { "x\($0)" }, registers)
        case .unsupported:
            return nil
        }
    }

    private func call(_ number: Int64, _ argumentNames: [String], _ registers: RegisterSet) -> SystemCall {
        SystemCall(
            number: number, name: SystemCallTable.name(of: number, on: architecture),
            arguments: argumentNames.map { registers[$0] ?? 0 })
    }
}
