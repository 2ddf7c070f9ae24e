import DumpModel

/// What capture read of one stopped thread: everything its notes need.
struct ThreadSnapshot {
    var tid: Int32
    /// The thread's name from `/proc/PID/task/TID/comm` (at most 15 bytes).
    var name: String
    /// `struct user_regs_struct` as `PTRACE_GETREGSET NT_PRSTATUS` returned it: 27 words.
    var generalRegisters: [UInt8]
    /// `struct user_fpregs_struct` (512 bytes), nil when the kernel refused it.
    var floatingPointRegisters: [UInt8]?
    /// The XSAVE area (`NT_X86_XSTATE`) in the kernel's size, nil when the kernel refused it
    /// (a CPU without XSAVE).
    var extendedState: [UInt8]?
    /// The time the core records: the thread's own, or the whole process's for the leader,
    /// as the kernel writes it.
    var recordedCPUTime: CPUTime
    /// Waited-for children's time, the same in every thread (the kernel's `pr_cutime`).
    var childrenCPUTime: CPUTime
    var status: ProcStatus
    /// The process's parent, group and session, from the thread's stat line.
    var stat: ProcStat

    /// `rsp`, the 20th word of `user_regs_struct`.
    var stackPointer: UInt64 {
        generalRegisters.littleEndianUInt64(at: 19 * 8) ?? 0
    }
}
