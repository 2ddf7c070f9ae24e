internal import CElfUtils
import DumpModel

/// One machine frame as libdwfl unwound it, before symbolization.
struct UnwoundFrame: Equatable {
    var pc: UInt64
    /// DWARF's "activation": the PC is exact (innermost frame, or interrupted by a signal).
    var isActivation: Bool
    /// The frame's stack pointer (its CFA for frames above the innermost), nil when libdwfl
    /// does not know it.
    var stackPointer: UInt64? = nil

    /// Whether the PC is exact or a return address.
    var kind: FrameKind { isActivation ? .interrupted : .call }
}

/// A signal frame found in an unwound stack, before symbolization.
struct UnwoundSignalFrame: Equatable {
    /// The index of the trampoline in the machine frames.
    var trampolineIndex: Int
    /// What the frame holds.
    var context: SignalContext
    /// Whether the frames after the trampoline were unwound from ``context``.
    var isUnwoundFromContext: Bool
}

/// The machine frames of one thread and how the unwind ended.
struct UnwoundStack {
    var frames: [UnwoundFrame]
    var status: UnwindStatus
    /// The innermost signal frame, when a handler is running (x86_64, i386 and aarch64).
    var signalFrame: UnwoundSignalFrame? = nil
    /// The rounds of a recursion counted past the frame limit but not kept (``RecursionCounter``).
    var omitted: UnwoundOmission? = nil
}

/// Machine frames of a recursion counted but not kept: `count` frames, whole rounds of the
/// `period` frames before `index`, were between `frames[index - 1]` and `frames[index]`.
struct UnwoundOmission: Equatable {
    var index: Int
    var count: Int
    var period: Int
}

/// Walks every thread's stack with `dwfl_getthreads` / `dwfl_thread_getframes`.
enum StackUnwinder {
    /// The stacks of every thread, and the threads the frame budget cut.
    struct Result {
        /// The stacks by TID.
        var stacks: [Int32: UnwoundStack]
        /// The threads that got fewer frames than `maxFrames` allows because the budget was
        /// spent: each keeps its innermost frames.
        var cutByBudget: Set<Int32>
    }

    /// Unwinds every thread attached to the session, within a ``FrameBudget`` of machine
    /// frames over all threads, in note order (the kernel writes the signalled thread first).
    ///
    /// A stack is complete when libdwfl reaches a frame whose return address is undefined or
    /// zero (the CFI of `clone` and of a modern `_start` says so), and also when the unwind fails
    /// right after a frame in the function at the program's entry point: that function
    /// (`_start`) was not called by anything, so its frame is the outermost one, as gdb decides
    /// (`inside_entry_func`). Old C libraries give `_start` no CFI that ends the stack, so
    /// libdwfl tries to unwind past it and fails (eu-stack prints that failure, and elfutils'
    /// own tests accept it as the end of the stack).
    ///
    /// - Parameters:
    ///   - session: a session whose thread state is attached.
    ///   - provider: the thread state attached to it, which knows the reads that failed.
    ///   - maxFrames: machine frames to keep per thread; deeper stacks are cut and marked
    ///     ``UnwindStatus/truncated(limit:)``, unless they are cut inside a recursion: then
    ///     its rounds are counted to its end (``RecursionCounter``, at most
    ///     ``CoreReadLimits/maximumCountedRecursionFrames`` over all threads) and the frames
    ///     after it kept, up to `maxFrames` more.
    ///   - frameBudget: machine frames to keep over all threads.
    ///   - architecture: the core's; on x86_64, i386 and aarch64 the signal frame under a running handler is
    ///     read (``UnwoundStack/signalFrame``), and when libdwfl stops at its trampoline or does
    ///     not continue at the interrupted instruction, the frames after the trampoline are
    ///     unwound again from the registers the signal frame saved.
    ///   - progress: called after each thread with (threads done, total).
    static func unwindAll(
        session: DwflSession, provider: ThreadStateProvider, maxFrames: Int,
        frameBudget: Int, architecture: Architecture, progress: ((Int, Int) -> Void)?
    ) -> Result {
        let code = ModuleCode(session: session)
        let memory = provider.memory
        // The DWARF number of the stack pointer: x86_64 rsp, i386 esp, aarch64 sp.
        let stackPointerRegister: UInt32? = switch architecture {
        case .x86_64: 7
        case .i386: 4
        case .aarch64: 31
        default: nil
        }
        let read = { (address: UInt64, count: Int) in
            memory.read(at: address, count: count) ?? code.bytes(at: address, count: count, readOnlyOnly: true)
        }
        let locator = stackPointerRegister.map { _ in SignalTrampolineLocator(architecture: architecture, readCode: read) }
        let collector = Collector(
            session: session, provider: provider, maxFrames: maxFrames, frameBudget: frameBudget, locator: locator,
            stackPointerRegister: stackPointerRegister, stepsOverTrampolines: architecture == .x86_64, read: read, progress: progress)
        let argument = Unmanaged.passUnretained(collector).toOpaque()
        session.perform {
            _ = dwfl_getthreads(session.dwfl, { thread, argument in
                guard let thread, let argument else { return Int32(DWARF_CB_OK) }
                Unmanaged<Collector>.fromOpaque(argument).takeUnretainedValue().unwind(thread)
                return Int32(DWARF_CB_OK)
            }, argument)
        }
        return Result(stacks: collector.stacks, cutByBudget: collector.cutByBudget)
    }

    private final class Collector {
        let session: DwflSession
        let provider: ThreadStateProvider
        let maxFrames: Int
        let progress: ((Int, Int) -> Void)?
        var stacks: [Int32: UnwoundStack] = [:]
        var frames: [UnwoundFrame] = []
        var stopReason: String?
        var hitLimit = false
        var budget: FrameBudget
        /// The frames the current thread may keep.
        var threadLimit = 0
        var cutByBudget: Set<Int32> = []
        /// The recursion being counted past the frame limit on the current thread.
        var recursion: RecursionCounter?
        /// The rounds the current thread's recursion omitted.
        var omitted: UnwoundOmission?
        /// The frames the current thread walked when its count of a recursion stopped at the
        /// counter's limit.
        var countCutAt: Int?
        /// Recursion frames that may still be counted, over all threads.
        var countingBudget = CoreReadLimits.maximumCountedRecursionFrames
        var locator: SignalTrampolineLocator?
        /// The DWARF number of the stack pointer, nil where signal frames are not read.
        let stackPointerRegister: UInt32?
        /// Whether an unwind that stops in code without a module goes on past a
        /// ``StackAligningTrampoline`` (x86_64).
        let stepsOverTrampolines: Bool
        /// The frame pointer of the last frame added, nil when libdwfl does not know it.
        var lastFramePointer: UInt64?
        /// The bytes at an address of the process: its memory in the core, else module code.
        let read: (UInt64, Int) -> [UInt8]?

        init(
            session: DwflSession, provider: ThreadStateProvider, maxFrames: Int, frameBudget: Int,
            locator: SignalTrampolineLocator?, stackPointerRegister: UInt32?, stepsOverTrampolines: Bool,
            read: @escaping (UInt64, Int) -> [UInt8]?, progress: ((Int, Int) -> Void)?
        ) {
            self.session = session
            self.provider = provider
            self.maxFrames = maxFrames
            self.locator = locator
            self.stackPointerRegister = stackPointerRegister
            self.stepsOverTrampolines = stepsOverTrampolines
            self.read = read
            self.progress = progress
            budget = FrameBudget(total: frameBudget, threadCount: provider.tids.count)
        }

        func unwind(_ thread: OpaquePointer) {
            frames = []
            omitted = nil
            threadLimit = min(maxFrames, budget.nextThreadLimit())
            let tid = dwfl_thread_tid(thread)
            var status = getFrames(thread)
            var signalFrame: UnwoundSignalFrame?
            if let index = locator?.trampolineIndex(in: frames),
               let context = locator?.context(under: frames[index], memory: provider.memory) {
                // Known by its code, not its CFI: nothing called the trampoline, the handler
                // returned to its first instruction, so its PC is exact.
                frames[index].isActivation = true
                let isLast = index == frames.count - 1
                let continuesElsewhere = !isLast && frames[index + 1].pc != context.programCounter
                let reunwind = (isLast && status != .complete) || continuesElsewhere
                if reunwind {
                    frames.removeSubrange((index + 1)...)
                    status = provider.withInitialRegisters(
                        ofThread: tid, dwarfRegisters: context.dwarfRegisters, programCounter: context.programCounter
                    ) { getFrames(thread) }
                }
                signalFrame = UnwoundSignalFrame(trampolineIndex: index, context: context, isUnwoundFromContext: reunwind)
            }
            if stepsOverTrampolines { status = continuePastTrampolines(thread, tid: tid, status: status) }
            budget.spend(frames.count)
            if case .truncated = status, threadLimit < maxFrames { cutByBudget.insert(tid) }
            if let gap = omitted, gap.index > frames.count { omitted = nil }
            stacks[tid] = UnwoundStack(frames: frames, status: status, signalFrame: signalFrame, omitted: omitted)
            progress?(stacks.count, provider.tids.count)
        }

        /// Goes on with an unwind that stopped in code no module covers (JIT-compiled code, which
        /// has no CFI) from the caller of a ``StackAligningTrampoline``, for as long as each
        /// stop is again in such a trampoline. The frame resumed at is a return address.
        private func continuePastTrampolines(_ thread: OpaquePointer, tid: Int32, status: UnwindStatus) -> UnwindStatus {
            var status = status
            while case .stopped = status, frames.count < threadLimit, let last = frames.last,
                  let stackPointer = last.stackPointer, dwfl_addrmodule(session.dwfl, last.pc) == nil,
                  let step = StackAligningTrampoline(programCounter: last.pc, stackPointer: stackPointer, framePointer: lastFramePointer, read: read) {
                let resumedAt = frames.count
                status = provider.withInitialRegisters(
                    ofThread: tid, dwarfRegisters: step.dwarfRegisters, programCounter: step.returnAddress
                ) { getFrames(thread) }
                guard frames.count > resumedAt else { break }
                frames[resumedAt].isActivation = false
            }
            return status
        }

        /// Runs libdwfl's unwinder on `thread` from its initial registers, appending to
        /// ``frames``, and says how it ended.
        private func getFrames(_ thread: OpaquePointer) -> UnwindStatus {
            stopReason = nil
            hitLimit = false
            recursion = nil
            countCutAt = nil
            // Frames removed since (to unwind again from a signal frame) took the gap with them.
            if let gap = omitted, gap.index > frames.count {
                omitted = nil
                threadLimit = min(threadLimit, maxFrames)
            }
            provider.unreadableAddress = nil
            let argument = Unmanaged.passUnretained(self).toOpaque()
            let result = dwfl_thread_getframes(thread, { state, argument in
                guard let state, let argument else { return Int32(DWARF_CB_ABORT) }
                return Unmanaged<Collector>.fromOpaque(argument).takeUnretainedValue().add(state)
            }, argument)
            if recursion != nil { endRecursion() }
            if hitLimit {
                return .truncated(limit: countCutAt ?? threadLimit)
            } else if let stopReason {
                return frames.isEmpty ? .failed(reason: stopReason) : .stopped(reason: stopReason)
            } else if result == -1, let last = frames.last, isInEntryFunction(last) {
                return .complete
            } else if result == -1 {
                let reason = provider.unreadableAddress.map { "memory at 0x\(String($0, radix: 16)) is not in the core" }
                    ?? DwflSession.lastError
                return frames.isEmpty ? .failed(reason: reason) : .stopped(reason: reason)
            }
            return .complete
        }

        /// Whether `frame` is in the function whose symbol starts at the entry point
        /// (``ModuleLocator/entryAddress``).
        private func isInEntryFunction(_ frame: UnwoundFrame) -> Bool {
            let address = Frame(pc: frame.pc, kind: frame.kind, trust: .context).lookupAddress
            guard let entryAddress = session.locator.entryAddress, let module = dwfl_addrmodule(session.dwfl, address) else { return false }
            var offset: GElf_Off = 0
            var symbol = GElf_Sym()
            guard dwfl_module_addrinfo(module, address, &offset, &symbol, nil, nil, nil) != nil else { return false }
            return address &- offset == entryAddress
        }

        func add(_ state: OpaquePointer) -> Int32 {
            var pc: Dwarf_Addr = 0
            var isActivation = false
            guard dwfl_frame_pc(state, &pc, &isActivation) else {
                stopReason = DwflSession.lastError
                return Int32(DWARF_CB_ABORT)
            }
            var stackPointer: Dwarf_Word = 0
            let hasStackPointer = stackPointerRegister.map { dwfl_frame_reg(state, $0, &stackPointer) == 0 } ?? false
            let frame = UnwoundFrame(pc: pc, isActivation: isActivation, stackPointer: hasStackPointer ? stackPointer : nil)
            if recursion != nil {
                if recursion!.count(frame) { return Int32(DWARF_CB_OK) }
                if recursion!.isAtLimit {
                    countCutAt = frames.count.addingSaturating(recursion!.counted)
                    hitLimit = true
                    return Int32(DWARF_CB_ABORT)
                }
                endRecursion()
            }
            if frames.count >= threadLimit {
                if startsCounting(), recursion!.count(frame) { return Int32(DWARF_CB_OK) }
                recursion = nil
                hitLimit = true
                return Int32(DWARF_CB_ABORT)
            }
            if stepsOverTrampolines {
                var framePointer: Dwarf_Word = 0
                lastFramePointer = dwfl_frame_reg(state, UInt32(StackAligningTrampoline.framePointerRegister), &framePointer) == 0 ? framePointer : nil
            }
            frames.append(frame)
            return Int32(DWARF_CB_OK)
        }

        /// Starts counting a recursion past the frame limit when the thread's stack was cut at
        /// the per-thread limit (not the budget's), no recursion was counted on it yet, and its
        /// last frames repeat a cycle (``RecursionCounter``).
        private func startsCounting() -> Bool {
            guard omitted == nil, threadLimit == maxFrames, countingBudget > 0,
                  let stackPointer = frames.last?.stackPointer,
                  let stackEnd = provider.memory.segmentEnd(containing: stackPointer),
                  let counter = RecursionCounter(frames: frames, stackEnd: stackEnd, limit: countingBudget)
            else { return false }
            recursion = counter
            return true
        }

        /// Ends the count of the recursion: records the rounds omitted, keeps its last frames,
        /// and lets the frames after it be kept, up to `maxFrames` more.
        private func endRecursion() {
            guard let counter = recursion else { return }
            recursion = nil
            countingBudget -= counter.counted
            let (count, kept) = counter.finish()
            if count > 0 { omitted = UnwoundOmission(index: frames.count, count: count, period: counter.period) }
            frames += kept
            threadLimit = frames.count.addingSaturating(maxFrames)
        }
    }
}
