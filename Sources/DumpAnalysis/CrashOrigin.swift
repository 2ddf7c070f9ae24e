import DumpModel

/// Finds the crash a crash handler caught before it raised the signal again: a thread whose
/// stack holds a signal frame (``Thread/signalFrame``) under handler frames.
///
/// The signalled thread is looked at first; a re-raise with `kill(getpid())` goes to the
/// thread-group leader (or any thread that does not block the signal), so the handler may run
/// on another thread, whose signal frame is then taken when it records a fault. HotSpot takes
/// SIGSEGV routinely (implicit null checks, safepoint polls): its handler's frame means a crash
/// only under `VMError::report_and_die`.
///
/// Blind spots: only the innermost signal frame of a thread is read (a crash inside the handler
/// hides the first one), and on x86_64, i386 and aarch64 only. Without `siginfo` the sigcontext's trap describes
/// the last trap that sent the thread a signal, which is this signal's only when it was a
/// fault: it is used only when it is the trap that raises the re-raised signal.
enum CrashOrigin {
    /// The original crash and the thread it happened on.
    struct Caught {
        /// The thread, with its stack and registers those of the interrupted code.
        var interruptedThread: Thread
        /// The original signal.
        var signal: SignalInfo
        /// The handler.
        var handler: CrashHandler
    }

    /// The crash behind a handler, nil when no thread runs a crash handler.
    static func find(
        in image: ProcessImage, reraised: SignalInfo, signalledTID: Int32?
    ) -> Caught? {
        let process = image.process
        let signalled = signalledTID.flatMap(process.thread(tid:))
        if let signalled, let caught = caught(on: signalled, reraised: reraised, image: image) {
            return caught
        }
        // Another thread's handler counts when its frame records a fault (a positive code).
        return process.threads.lazy.filter { $0.tid != signalledTID }
            .compactMap { caught(on: $0, reraised: reraised, image: image) }
            .first { $0.signal.code > 0 }
    }

    private static func caught(on thread: Thread, reraised: SignalInfo, image: ProcessImage) -> Caught? {
        guard let frame = thread.signalFrame, frame.trampolineIndex > 0, frame.interruptedIndex <= thread.frames.count
        else { return nil }
        let handlerFrames = Array(thread.frames[..<frame.trampolineIndex])
        if isRoutineHotSpotSignal(handlerFrames) { return nil }
        let atSystemCall = followsSystemCall(frame.interruptedPC, architecture: image.process.architecture, memory: image.memory)
        var signal: SignalInfo
        var evidence = CrashHandler.Evidence.none
        var access: CrashHandler.MemoryAccess?
        if let recorded = frame.signal {
            signal = recorded
            evidence = .signalInfo
        } else {
            signal = SignalInfo(number: reraised.number, code: 0, errorNumber: 0, faultAddress: nil, senderPID: nil, senderUID: nil)
            if !atSystemCall, let trap = frame.trap, let inferred = inferredCode(signal: reraised.number, trap: trap) {
                signal.code = inferred.code
                signal.faultAddress = inferred.faultAddress
                access = inferred.access
                evidence = .trap
            }
        }
        if evidence == .signalInfo, signal.code > 0, signal.number == Signal.sigsegv || signal.number == Signal.sigbus,
           let trap = frame.trap, trap.number == pageFault, trap.faultAddress == signal.faultAddress {
            access = memoryAccess(errorCode: trap.errorCode)
        }
        var interrupted = thread
        interrupted.frames = Array(thread.frames[frame.interruptedIndex...])
        // Rounds omitted under the interrupted frame keep their place among the frames kept;
        // rounds omitted inside the handler (it recursed) are not the crash's.
        interrupted.omittedFrames = thread.omittedFrames.flatMap { omitted in
            omitted.index > frame.interruptedIndex
                ? OmittedFrames(index: omitted.index - frame.interruptedIndex, count: omitted.count, cycleLength: omitted.cycleLength) : nil
        }
        interrupted.registers.registers = thread.registers.registers.map { register in
            switch register.name {
            case thread.registers.programCounterName: .init(name: register.name, value: frame.interruptedPC)
            case thread.registers.stackPointerName: .init(name: register.name, value: frame.interruptedSP)
            default: register
            }
        }
        interrupted.systemCall = nil
        let handler = CrashHandler(
            frames: handlerFrames, chain: CrashHandler.chain(of: handlerFrames, in: image.process),
            reraisedSignalName: reraised.name,
            reraisedSignalCode: CrashAnalysis.hasSignalDetails(reraised)
                ? SignalCodeDescription.describe(code: reraised.code, signal: reraised.number) : nil,
            evidence: evidence, access: access, interruptedAtSystemCall: atSystemCall,
            interruptedFrameIndex: frame.interruptedIndex)
        return Caught(interruptedThread: interrupted, signal: signal, handler: handler)
    }

    /// The `si_code`, fault address and access the kernel sends for `trap` when it raises
    /// `signal` (arch/x86/kernel/traps.c, arch/x86/mm/fault.c), nil when that trap does not
    /// raise that signal: then the trap is an older one's.
    private static func inferredCode(signal: Int32, trap: SignalFrame.Trap) -> (code: Int32, faultAddress: UInt64?, access: CrashHandler.MemoryAccess?)? {
        switch (signal, trap.number) {
        case (Signal.sigsegv, pageFault):
            // Bit 0 of the error code: a protection violation, else the page was not present.
            return (trap.errorCode & 1 != 0 ? 2 : 1, trap.faultAddress, memoryAccess(errorCode: trap.errorCode))
        case (Signal.sigsegv, 13):
            return (SignalCodeDescription.kernelCode, nil, nil)
        case (Signal.sigbus, pageFault):
            return (2, trap.faultAddress, memoryAccess(errorCode: trap.errorCode))
        case (Signal.sigbus, 17):
            return (1, nil, nil)
        case (Signal.sigfpe, 0):
            return (1, nil, nil)
        case (Signal.sigill, 6):
            return (2, nil, nil)
        default:
            return nil
        }
    }

    /// Page-fault error code bits: 1 a write, 4 (bit 4) an instruction fetch.
    private static func memoryAccess(errorCode: UInt64) -> CrashHandler.MemoryAccess {
        if errorCode & 0x10 != 0 { return .execute }
        return errorCode & 2 != 0 ? .write : .read
    }

    /// Whether the instruction before `pc` is a system call (x86_64 `syscall`, 0f 05; i386
    /// `int $0x80`, cd 80; aarch64 `svc #0`, d4000001), when the core holds it.
    private static func followsSystemCall(_ pc: UInt64, architecture: Architecture, memory: ProcessMemory) -> Bool {
        let instruction: [UInt8] = switch architecture {
        case .i386: [0xcd, 0x80]
        case .aarch64: [0x01, 0x00, 0x00, 0xd4]
        default: [0x0f, 0x05]
        }
        let count = UInt64(instruction.count)
        guard pc >= count else { return false }
        return memory.read(at: pc - count, count: instruction.count) == instruction
    }

    /// A HotSpot signal handler that is not reporting a crash.
    private static func isRoutineHotSpotSignal(_ frames: [Frame]) -> Bool {
        let names = frames.compactMap(\.function)
        let isHotSpot = names.contains { $0.hasPrefix("JVM_handle_linux_signal") || $0.hasPrefix("javaSignalHandler") }
        return isHotSpot && !names.contains { $0.hasPrefix("VMError::report_and_die") }
    }

    private static let pageFault: UInt64 = 14
}
