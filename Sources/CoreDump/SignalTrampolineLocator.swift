import DumpModel

/// Finds the signal trampoline in a thread's unwound machine frames: the frame the kernel's
/// signal frame sits under.
///
/// libdwfl marks a frame whose CFI has the "S" augmentation (glibc's `__restore_rt`, the
/// vDSO's `__kernel_rt_sigreturn`) as a signal frame, and reports `isactivation` for both it
/// and its caller (libdwfl/dwfl_frame_pc.c): so the first machine frame after the innermost one
/// that is an activation is the trampoline. A trampoline without that CFI is recognised, as
/// gdb's tramp-frame sniffers do, by its code at the frame's PC: on aarch64 the vDSO's CFI is
/// not always there, and qemu's sigtramp page has none.
struct SignalTrampolineLocator {
    let architecture: Architecture
    /// Reads code bytes at an address: from the core, else from the module's file.
    let readCode: (UInt64, Int) -> [UInt8]?
    /// Whether the code at a PC is the trampoline, per PC already looked at: threads share
    /// their return addresses, so each is read once.
    private var isTrampolineByPC: [UInt64: Bool] = [:]

    init(architecture: Architecture, readCode: @escaping (UInt64, Int) -> [UInt8]?) {
        self.architecture = architecture
        self.readCode = readCode
    }

    /// The index of the trampoline frame in `frames`, nil when there is none.
    ///
    /// - Complexity: one pass over the frames, plus one code read per distinct PC the
    ///   process's stacks hold (plain loops: this runs over every frame of every thread).
    mutating func trampolineIndex(in frames: [UnwoundFrame]) -> Int? {
        guard frames.count > 1 else { return nil }
        for index in 1..<frames.count where frames[index].isActivation {
            return index
        }
        var previousPC = frames[0].pc
        for index in 1..<frames.count {
            let pc = frames[index].pc
            // A recursion repeats its return address: looked at once.
            if pc != previousPC && isTrampoline(at: pc) { return index }
            previousPC = pc
        }
        return nil
    }

    /// The context in the signal frame under the trampoline frame `trampoline`, nil when the
    /// core does not hold a valid one.
    func context(under trampoline: UnwoundFrame, memory: ProcessMemory) -> SignalContext? {
        guard let stackPointer = trampoline.stackPointer else { return nil }
        switch architecture {
        case .x86_64:
            return SignalContext.readX86_64(at: stackPointer, from: memory)
        case .i386:
            guard let code = readCode(trampoline.pc, SignalContext.i386LegacyTrampoline.count) else { return nil }
            return SignalContext.readI386(trampolineStackPointer: stackPointer, code: code, from: memory)
        case .aarch64:
            return SignalContext.readAArch64(trampolineStackPointer: stackPointer, from: memory)
        default:
            return nil
        }
    }

    private mutating func isTrampoline(at pc: UInt64) -> Bool {
        if let known = isTrampolineByPC[pc] { return known }
        let matches: Bool
        switch architecture {
        case .x86_64:
            matches = readCode(pc, SignalContext.x86_64Trampoline.count) == SignalContext.x86_64Trampoline
        case .i386:
            let code = readCode(pc, SignalContext.i386LegacyTrampoline.count) ?? []
            matches = code.starts(with: SignalContext.i386RealTimeTrampoline) || code == SignalContext.i386LegacyTrampoline
        case .aarch64:
            matches = readCode(pc, SignalContext.aarch64Trampoline.count) == SignalContext.aarch64Trampoline
        default:
            matches = false
        }
        isTrampolineByPC[pc] = matches
        return matches
    }
}
