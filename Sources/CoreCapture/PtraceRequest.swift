/// The `ptrace` requests capture uses, with their values from `<linux/ptrace.h>` (Swift's
/// Glibc module does not import `enum __ptrace_request`).
enum PtraceRequest: Int32 {
    case detach = 17
    case getRegisterSet = 0x4204
    case seize = 0x4206
    case interrupt = 0x4207
}

/// Register-set note types for `PTRACE_GETREGSET`, from `<elf.h>`; they double as note types.
enum RegisterSetType: Int32 {
    /// `NT_PRSTATUS`: `struct user_regs_struct`.
    case generalPurpose = 1
    /// `NT_PRFPREG` (written as `NT_FPREGSET`): `struct user_fpregs_struct`.
    case floatingPoint = 2
    /// `NT_X86_XSTATE`: the XSAVE area, written under the note name `LINUX`.
    case extendedState = 0x202
}
