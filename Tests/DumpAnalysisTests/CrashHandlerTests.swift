import Testing
import CoreDump
import DumpAnalysis
import DumpModel
import FixtureSupport

/// Crashes behind the program's own crash handler: the report is the original crash, read
/// from the signal frame under the handler, against what the handler printed and what gdb
/// reads from the frame (facts.txt).
@Suite struct CrashHandlerTests {
    private func analyze(_ name: String) throws -> (fixture: Fixture, core: LoadedCore, crash: CrashReport) {
        let fixture = Fixture(name)
        let core = try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath))
        return (fixture, core, try #require(CrashAnalysis.analyze(core.image)))
    }

    /// redis-style: an SA_SIGINFO handler re-raises with kill(getpid()); the frame's siginfo
    /// is the one the handler printed ("crashed by signal 11, si_code 1, address 0x28").
    @Test func siginfoHandlerReportsTheOriginalFault() throws {
        let (fixture, core, crash) = try analyze("handler-reraise")
        let printed = try #require(fixture.facts["handler_stderr"])
        #expect(printed == "crashed by signal 11, si_code 1, address 0x28")
        let thread = try #require(core.process.thread(tid: try fixture.tid("crash_tid")))
        let frame = try #require(thread.signalFrame)
        #expect(thread.frames[frame.trampolineIndex].function == "__restore_rt")
        #expect(frame.trampolineIndex == 3)
        #expect(frame.isUnwoundFromContext == false)
        #expect(frame.signal?.number == 11)
        #expect(frame.trap == SignalFrame.Trap(number: 14, errorCode: 6, faultAddress: 0x28))

        #expect(crash.signalName == "SIGSEGV")
        #expect(crash.signalCode == 1)
        #expect(crash.signalCodeDescription?.name == "SEGV_MAPERR")
        #expect(crash.faultAddress == 0x28)
        #expect(crash.crashingTID == (try fixture.tid("crash_tid")))
        #expect(crash.instructionPointer == (try fixture.address("interrupted_pc")))
        #expect(crash.innermostFrame?.function == "touch_session")
        #expect(crash.innermostFrame?.source?.line == 72)
        #expect(crash.applicationFrame?.function == "touch_session")
        #expect(crash.kind == .nullDereference(offset: 0x28))
        let handler = try #require(crash.handler)
        #expect(handler.chain == "crash_handler/bug_report_end via __kill")
        #expect(handler.reraisedSignalName == "SIGSEGV")
        #expect(handler.reraisedSignalCode?.name == "SI_USER")
        #expect(handler.evidence == .signalInfo)
        #expect(handler.access == .write)
        #expect(handler.interruptedAtSystemCall == false)
        #expect(handler.interruptedFrameIndex == 4)
        #expect(crash.summary == "SIGSEGV (SEGV_MAPERR: address not mapped) at 0x28 (write) in touch_session (handler-reraise.c:72): NULL pointer dereference at offset 0x28; caught by crash_handler/bug_report_end via __kill, which raised SIGSEGV (SI_USER) again")
    }

    /// faulthandler-style: a plain sa_handler on a sigaltstack gets no siginfo; the fault is
    /// inferred from the sigcontext's page fault (trapno 14, err 4: a user read of a page not
    /// present, cr2 0x8), as gdb reads it.
    @Test func handlerWithoutSiginfoInfersTheFaultFromTheTrap() throws {
        let (fixture, core, crash) = try analyze("handler-raise")
        #expect(fixture.intFact("sigcontext_trapno") == 14)
        #expect(fixture.intFact("sigcontext_err") == 4)
        let thread = try #require(core.process.thread(tid: try fixture.tid("crash_tid")))
        let frame = try #require(thread.signalFrame)
        #expect(frame.signal == nil)
        #expect(frame.trap?.faultAddress == (try fixture.address("sigcontext_cr2")))
        // The handler ran on its own stack: the interrupted SP is the thread's, far from it.
        #expect(frame.contextAddress.distance(to: frame.interruptedSP).magnitude > 1 << 20)

        #expect(crash.signalName == "SIGSEGV")
        #expect(crash.signalCode == 1)
        #expect(crash.faultAddress == 0x8)
        #expect(crash.crashingTID == (try fixture.tid("crash_tid")))
        #expect(crash.instructionPointer == (try fixture.address("interrupted_pc")))
        #expect(crash.innermostFrame?.function == "read_header_length")
        #expect(crash.innermostFrame?.source?.line == 56)
        #expect(crash.kind == .nullDereference(offset: 0x8))
        let handler = try #require(crash.handler)
        #expect(handler.chain == "fatal_error via raise")
        #expect(handler.reraisedSignalCode?.name == "SI_TKILL")
        #expect(handler.evidence == .trap)
        #expect(handler.access == .read)
        #expect(crash.summary == "SIGSEGV (SEGV_MAPERR: address not mapped, inferred from the CPU trap) at 0x8 (read) in read_header_length (handler-raise.c:56): NULL pointer dereference at offset 0x8; caught by fatal_error via raise, which raised SIGSEGV (SI_TKILL) again")
    }

    /// i386: the SA_SIGINFO handler's rt frame (__kernel_rt_sigreturn) and the sa_handler's
    /// legacy frame (__kernel_sigreturn, no siginfo), against gdb's reading of the sigcontext.
    @Test(arguments: [
        ("handler-reraise-i386", "__kernel_rt_sigreturn", "touch_session", 72, "crash_handler/bug_report_end via __kill", CrashHandler.Evidence.signalInfo, CrashHandler.MemoryAccess.write),
        ("handler-raise-i386", "__kernel_sigreturn", "read_header_length", 56, "fatal_error via raise", CrashHandler.Evidence.trap, CrashHandler.MemoryAccess.read),
    ])
    func i386FramesOfBothKinds(
        _ name: String, trampoline: String, function: String, line: Int, chain: String,
        evidence: CrashHandler.Evidence, access: CrashHandler.MemoryAccess
    ) throws {
        let (fixture, core, crash) = try analyze(name)
        let thread = try #require(core.process.thread(tid: try fixture.tid("crash_tid")))
        let frame = try #require(thread.signalFrame)
        #expect(thread.frames[frame.trampolineIndex].function == trampoline)
        #expect(frame.trap?.number == fixture.intFact("sigcontext_trapno").map(UInt64.init))
        #expect(frame.trap?.errorCode == fixture.intFact("sigcontext_err").map(UInt64.init))
        #expect(frame.trap?.faultAddress == (try fixture.address("sigcontext_cr2")))
        #expect(crash.signalCode == 1)
        #expect(crash.faultAddress == (try fixture.address("sigcontext_cr2")))
        #expect(crash.instructionPointer == (try fixture.address("interrupted_pc")))
        #expect(crash.innermostFrame?.function == function)
        #expect(crash.innermostFrame?.source?.line == line)
        #expect(crash.handler?.chain == chain)
        #expect(crash.handler?.evidence == evidence)
        #expect(crash.handler?.access == access)
    }

    /// aarch64 under qemu-aarch64-static: the SA_SIGINFO handler returns to qemu's sigtramp page
    /// (no symbol, no CFI), found by its code; the frame-pointer walk goes on at the link register
    /// (touch_session's call to time), so the interrupted stack is unwound again from the
    /// sigcontext, whose pc is the faulting `str x1, [x0, #40]` at 0x400868 (objdump of the
    /// fixture's binary). qemu writes no ESR record and no NT_SIGINFO.
    @Test func aarch64SiginfoHandlerUnwindsTheInterruptedStackFromTheSigcontext() throws {
        let (fixture, core, crash) = try analyze("handler-reraise-aarch64")
        #expect(fixture.facts["handler_stderr"] == "crashed by signal 11, si_code 1, address 0x28")
        let thread = try #require(core.process.thread(tid: try fixture.tid("crash_tid")))
        let frame = try #require(thread.signalFrame)
        #expect(frame.trampolineIndex == 3)
        #expect(thread.frames[3].pc == (try fixture.address("trampoline_pc")))
        #expect(thread.frames[3].function == nil)
        #expect(frame.isUnwoundFromContext)
        #expect(frame.signal == SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x28, senderPID: nil, senderUID: nil))
        #expect(frame.trap == nil)
        #expect(frame.interruptedPC == 0x40_0868)
        #expect(thread.frames[4...].map(\.function) == [
            "touch_session", "handle_command", "main", "__libc_start_call_main", "__libc_start_main_impl", "_start",
        ])
        #expect(thread.frames[4].trust == .context)

        #expect(crash.signalName == "SIGSEGV")
        #expect(crash.signalCode == 1)
        #expect(crash.faultAddress == 0x28)
        #expect(crash.crashingTID == (try fixture.tid("crash_tid")))
        #expect(crash.instructionPointer == 0x40_0868)
        #expect(crash.innermostFrame?.function == "touch_session")
        #expect(crash.innermostFrame?.source?.line == 72)
        #expect(crash.kind == .nullDereference(offset: 0x28))
        let handler = try #require(crash.handler)
        #expect(handler.chain == "crash_handler/bug_report_end via __kill")
        #expect(handler.reraisedSignalName == "SIGSEGV")
        #expect(handler.reraisedSignalCode == nil)
        #expect(handler.evidence == .signalInfo)
        #expect(handler.access == nil)
        #expect(handler.interruptedAtSystemCall == false)
        #expect(handler.interruptedFrameIndex == 4)
    }

    /// aarch64 under qemu: a plain sa_handler on a sigaltstack. qemu zeroes the frame's siginfo
    /// and writes no ESR record, so the fault's code and address are not known; eu-stack stops
    /// at the trampoline, the interrupted stack comes from the sigcontext (pc 0x4007bc, the
    /// `ldr x0, [x0, #8]` in read_header_length).
    @Test func aarch64HandlerWithoutSiginfoUnwindsFromTheSigcontext() throws {
        let (fixture, core, crash) = try analyze("handler-raise-aarch64")
        let thread = try #require(core.process.thread(tid: try fixture.tid("crash_tid")))
        let frame = try #require(thread.signalFrame)
        #expect(thread.frames[frame.trampolineIndex].pc == (try fixture.address("trampoline_pc")))
        #expect(thread.frames[..<frame.trampolineIndex].map(\.function) == ["__pthread_kill_implementation.constprop.0", "raise", "fatal_error"])
        #expect(frame.isUnwoundFromContext)
        #expect(frame.signal == nil)
        #expect(frame.trap == nil)
        #expect(frame.interruptedPC == 0x40_07bc)
        // The handler ran on its own stack: the interrupted SP is the thread's, far from it.
        #expect(frame.contextAddress.distance(to: frame.interruptedSP).magnitude > 1 << 20)
        #expect(thread.frames[frame.interruptedIndex...].map(\.function) == ["read_header_length", "reader_thread", "start_thread", "thread_start"])
        #expect(thread.unwindStatus == .complete)

        #expect(crash.signalName == "SIGSEGV")
        #expect(crash.faultAddress == nil)
        #expect(crash.crashingTID == (try fixture.tid("crash_tid")))
        #expect(crash.instructionPointer == 0x40_07bc)
        #expect(crash.innermostFrame?.function == "read_header_length")
        #expect(crash.innermostFrame?.source?.line == 56)
        let handler = try #require(crash.handler)
        #expect(handler.chain == "fatal_error via raise")
        #expect(handler.evidence == CrashHandler.Evidence.none)
        #expect(crash.summary == "SIGSEGV (si_code and fault address not recorded: the handler got no siginfo) in read_header_length (handler-raise.c:56); caught by fatal_error via raise, which raised SIGSEGV again")
    }

    /// The crash signature is the original crash's: the same as for the interrupted stack alone.
    @Test func signatureIgnoresTheHandlersFrames() throws {
        let (_, core, crash) = try analyze("handler-reraise")
        let handler = try #require(crash.handler)
        let tid = try #require(crash.crashingTID)
        var process = core.process
        var threads = process.threads
        let index = try #require(threads.firstIndex { $0.tid == tid })
        threads[index].frames.removeFirst(handler.interruptedFrameIndex)
        process.threads = threads
        var plain = crash
        plain.handler = nil
        let frames = ApplicationFrames(process: process)
        let signature = CrashSignature.of(crash, in: core.process, frames: ApplicationFrames(process: core.process))
        #expect(signature.count == 16)
        #expect(signature == CrashSignature.of(plain, in: process, frames: frames))
    }

    // MARK: Models built in code

    private static let pid: Int32 = 100

    private func thread(_ tid: Int32, _ functions: [String], signalFrame: SignalFrame? = nil, sp: UInt64 = 0x7fff_0000_1000) -> DumpModel.Thread {
        var thread = SyntheticProcess.thread(tid, functions)
        thread.registers = RegisterSet(
            registers: [.init(name: "rip", value: 0x40_1000), .init(name: "rsp", value: sp)],
            programCounterName: "rip", stackPointerName: "rsp")
        thread.signalFrame = signalFrame
        return thread
    }

    private func image(_ threads: [DumpModel.Thread], signal: SignalInfo, signalled: Int32, segments: [MemorySegment] = []) -> ProcessImage {
        ProcessImage(
            process: Process(
                pid: Self.pid, architecture: .x86_64, producer: .kernel, status: nil, signal: signal,
                signalledThreadTID: signalled, threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [],
                diagnostics: [], memorySegments: segments),
            memory: SyntheticProcess.Memory(), symbols: SyntheticProcess.Symbols())
    }

    private func frame(trampoline: Int, signal: SignalInfo?, trap: SignalFrame.Trap? = nil, sp: UInt64 = 0x7fff_0000_2000) -> SignalFrame {
        SignalFrame(
            trampolineIndex: trampoline, contextAddress: 0x5555_0000, signal: signal, interruptedPC: 0x40_2000,
            interruptedSP: sp, trap: trap, isUnwoundFromContext: false)
    }

    private static let reraised = SignalInfo(number: 11, code: 0, errorNumber: 0, faultAddress: nil, senderPID: pid, senderUID: 0)
    private static let fault = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil)

    /// kill(getpid()) from a handler that blocks the signal lands on another thread: the
    /// signalled thread is a bystander, and the handler's thread is the crash.
    @Test func reraiseLandingOnAnotherThreadIsFoundOnTheHandlersThread() throws {
        let bystander = thread(Self.pid, ["__futex_abstimed_wait_common", "main"])
        let handlerThread = thread(
            101, ["pause", "on_crash", "__restore_rt", "parse_order", "worker"],
            signalFrame: frame(trampoline: 2, signal: Self.fault))
        let crash = try #require(CrashAnalysis.analyze(image([bystander, handlerThread], signal: Self.reraised, signalled: Self.pid)))
        #expect(crash.crashingTID == 101)
        #expect(crash.innermostFrame?.function == "parse_order")
        #expect(crash.kind == .nullDereference(offset: 0x10))
        #expect(crash.handler?.chain == "on_crash via pause")
    }

    /// HotSpot's handler runs for implicit null checks: without VMError::report_and_die under
    /// it, the frame is not the crash.
    @Test func routineHotSpotSignalIsNotTheCrash() throws {
        let routine = thread(
            Self.pid, ["JVM_handle_linux_signal", "__restore_rt", "Interpreter"],
            signalFrame: frame(trampoline: 1, signal: Self.fault))
        let crash = try #require(CrashAnalysis.analyze(image([routine], signal: Self.reraised, signalled: Self.pid)))
        #expect(crash.handler == nil)
        #expect(crash.innermostFrame?.function == "JVM_handle_linux_signal")

        let reporting = thread(
            Self.pid, ["abort", "os::abort(bool, void*, void const*)", "VMError::report_and_die()", "JVM_handle_linux_signal", "__restore_rt", "Unsafe_PutLong"],
            signalFrame: frame(trampoline: 4, signal: Self.fault))
        let abort = SignalInfo(number: 6, code: -6, errorNumber: 0, faultAddress: nil, senderPID: Self.pid, senderUID: 0)
        let crashed = try #require(CrashAnalysis.analyze(image([reporting], signal: abort, signalled: Self.pid)))
        #expect(crashed.signalName == "SIGSEGV")
        #expect(crashed.innermostFrame?.function == "Unsafe_PutLong")
        #expect(crashed.handler?.chain == "JVM_handle_linux_signal/VMError::report_and_die()/os::abort(bool, void*, void const*) via abort")
    }

    /// A signal another process sent, caught and re-raised, is not a crash.
    @Test func externalSignalCaughtByTheHandlerIsNotACrash() {
        let external = SignalInfo(number: 11, code: 0, errorNumber: 0, faultAddress: nil, senderPID: 4242, senderUID: 0)
        let caught = thread(Self.pid, ["kill", "on_crash", "__restore_rt", "poll", "main"], signalFrame: frame(trampoline: 2, signal: external))
        #expect(CrashAnalysis.analyze(image([caught], signal: Self.reraised, signalled: Self.pid)) == nil)
    }

    /// A stale trap (a divide error's) does not describe a re-raised SIGSEGV: nothing is inferred.
    @Test func trapThatDoesNotRaiseTheSignalIsNotUsed() throws {
        let caught = thread(
            Self.pid, ["raise", "on_crash", "__restore_rt", "step", "main"],
            signalFrame: frame(trampoline: 2, signal: nil, trap: SignalFrame.Trap(number: 0, errorCode: 0, faultAddress: 0)))
        let tkill = SignalInfo(number: 11, code: -6, errorNumber: 0, faultAddress: nil, senderPID: Self.pid, senderUID: 0)
        let crash = try #require(CrashAnalysis.analyze(image([caught], signal: tkill, signalled: Self.pid)))
        #expect(crash.handler?.evidence == CrashHandler.Evidence.none)
        #expect(crash.signalCode == nil)
        #expect(crash.faultAddress == nil)
        #expect(crash.summary == "SIGSEGV (si_code and fault address not recorded: the handler got no siginfo) in step; caught by on_crash via raise, which raised SIGSEGV (SI_TKILL) again")
    }

    /// A handler on a sigaltstack: the thread's SP is on the alternate stack, the interrupted
    /// SP next to the guard page the fault hit.
    @Test func stackOverflowUsesTheInterruptedStackPointer() throws {
        let guardPage = MemorySegment(startAddress: 0x7000_0000, endAddress: 0x7000_1000, dumpedSize: 0, isReadable: false, isWritable: false, isExecutable: false)
        let stack = MemorySegment(startAddress: 0x7000_1000, endAddress: 0x7010_0000, dumpedSize: 0x1000, isReadable: true, isWritable: true, isExecutable: false)
        let overflow = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x7000_0ff8, senderPID: nil, senderUID: nil)
        let caught = thread(
            Self.pid, ["raise", "on_crash", "__restore_rt", "descend", "main"],
            signalFrame: frame(trampoline: 2, signal: overflow, sp: 0x7000_1008), sp: 0x5555_8000)
        let crash = try #require(CrashAnalysis.analyze(image([caught], signal: Self.reraised, signalled: Self.pid, segments: [guardPage, stack])))
        #expect(crash.kind == .stackOverflow(recursion: nil))
    }

    /// Behind a handler the crash's stack starts at the interrupted frame: its recursion is
    /// found and folded on those frames (not the thread's group's fold, which counts the
    /// handler's frames), and the rounds the reader only counted keep their place among them.
    @Test func theCrashStackIsFoldedOnTheInterruptedFrames() throws {
        var caught = thread(
            Self.pid, ["raise", "on_crash", "__restore_rt"] + Array(repeating: "descend", count: 20) + ["main"],
            signalFrame: frame(trampoline: 2, signal: Self.fault))
        caught.omittedFrames = OmittedFrames(index: 13, count: 1_000, cycleLength: 1)
        let image = image([caught], signal: Self.reraised, signalled: Self.pid)
        let groups = StackGroup.groups(of: image.process)
        let crash = try #require(CrashAnalysis.analyze(image, stackGroups: groups))
        #expect(crash.handler != nil)
        #expect(crash.stack.frames.map(\.function) == Array(repeating: "descend", count: 20) + ["main"])
        #expect(crash.stack.omittedFrames == OmittedFrames(index: 10, count: 1_000, cycleLength: 1))
        #expect(crash.stack.depth == 1_021)
        let fold = try #require(crash.stack.fold)
        #expect(fold.recursion.firstFrameIndex == 0)
        #expect(fold.recursion.repetitions == 1_020)
        #expect(fold.head == 0..<1)
        #expect(fold.foldedNumbers == 1...1_018)
        #expect(fold.tailStart == 19)
        #expect(crash.stack.frameNumber(at: 19) == 1_019)
        // The thread's group folds its whole stack, handler frames included.
        #expect(groups.first?.fold?.recursion.firstFrameIndex == 3)
    }
}
