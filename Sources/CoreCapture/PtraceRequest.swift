/// The `ptrace` requests capture uses, with their values from `<linux/ptrace.h>` (Swift's
/// Glibc module does not import `enum __ptrace_request`).
enum PtraceRequest: Int32 {
    case continueRunning = 7
    case detach = 17
    case getEventMessage = 0x4201
    case getSignalInfo = 0x4202
    case getRegisterSet = 0x4204
    case seize = 0x4206
    case interrupt = 0x4207
    case listen = 0x4208
}

/// The ptrace stop events capture handles (`status >> 16` of a stop), from `<linux/ptrace.h>`.
enum PtraceEvent: Int32 {
    /// The thread created a thread (`PTRACE_O_TRACECLONE`); the message is the new TID.
    case clone = 3
    /// A `PTRACE_INTERRUPT`, a group stop, or a new thread's first stop.
    case stop = 128
}

/// `PTRACE_O_TRACECLONE`: threads created by a traced thread are traced too.
let ptraceOptionTraceClone: UInt = 0x8

/// Register-set note types for `PTRACE_GETREGSET`, from `<elf.h>`; they double as note types.
enum RegisterSetType: Int32 {
    /// `NT_PRSTATUS`: `struct user_regs_struct`.
    case generalPurpose = 1
    /// `NT_PRFPREG` (written as `NT_FPREGSET`): `struct user_fpregs_struct`.
    case floatingPoint = 2
    /// `NT_X86_XSTATE`: the XSAVE area, written under the note name `LINUX`.
    case extendedState = 0x202
}
