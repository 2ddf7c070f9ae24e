import DumpModel

/// Where an architecture's general-purpose registers sit in `NT_PRSTATUS` and how they map to
/// the DWARF register numbers that libdwfl's unwinder takes.
struct RegisterLayout {
    /// Register names in `user_regs_struct` order.
    let names: [String]
    /// For DWARF register 0, 1, 2 ...: the index in ``names`` of the register it is.
    let dwarfOrder: [Int]
    /// The index of the instruction pointer in ``names``.
    let programCounterIndex: Int
    /// The index of the stack pointer in ``names``.
    let stackPointerIndex: Int

    /// The layout for an architecture the reader supports, nil for others.
    init?(architecture: Architecture) {
        switch architecture {
        case .x86_64:
            names = ["r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx",
                     "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss", "fs_base",
                     "gs_base", "ds", "es", "fs", "gs"]
            // DWARF: rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip (the return-address column).
            dwarfOrder = [10, 12, 11, 5, 13, 14, 4, 19, 9, 8, 7, 6, 3, 2, 1, 0, 16]
            programCounterIndex = 16
            stackPointerIndex = 19
        case .aarch64:
            names = (0...30).map { "x\($0)" } + ["sp", "pc", "pstate"]
            // DWARF: x0-x30, sp; the PC is passed separately.
            dwarfOrder = Array(0...31)
            programCounterIndex = 32
            stackPointerIndex = 31
        case .i386:
            names = ["ebx", "ecx", "edx", "esi", "edi", "ebp", "eax", "ds", "es", "fs", "gs",
                     "orig_eax", "eip", "cs", "eflags", "esp", "ss"]
            // DWARF: eax ecx edx ebx esp ebp esi edi eip.
            dwarfOrder = [6, 1, 2, 0, 15, 5, 3, 4, 12]
            programCounterIndex = 12
            stackPointerIndex = 15
        case .unsupported:
            return nil
        }
    }

    /// A register set for the model from raw values in `user_regs_struct` order.
    func registerSet(values: [UInt64]) -> RegisterSet {
        RegisterSet(
            registers: zip(names, values).map { RegisterSet.Register(name: $0, value: $1) },
            programCounterName: names[programCounterIndex],
            stackPointerName: names[stackPointerIndex])
    }

    /// The values in DWARF register order, for `dwfl_thread_state_registers`.
    func dwarfValues(from values: [UInt64]) -> [UInt64] {
        dwarfOrder.map { values[$0] }
    }
}
