import CElfUtils
import DumpModel

/// One machine frame as libdwfl unwound it, before symbolization.
struct UnwoundFrame: Equatable {
    var pc: UInt64
    /// DWARF's "activation": the PC is exact (innermost frame, or interrupted by a signal).
    var isActivation: Bool
}

/// The machine frames of one thread and how the unwind ended.
struct UnwoundStack {
    var frames: [UnwoundFrame]
    var status: UnwindStatus
}

/// Walks every thread's stack with `dwfl_getthreads` / `dwfl_thread_getframes`.
enum StackUnwinder {
    /// Unwinds every thread attached to the session.
    ///
    /// - Parameters:
    ///   - session: a session whose thread state is attached.
    ///   - provider: the thread state attached to it, which knows the reads that failed.
    ///   - maxFrames: machine frames to keep per thread; deeper stacks are cut and marked
    ///     ``UnwindStatus/truncated(limit:)``.
    ///   - progress: called after each thread with (threads done, total).
    /// - Returns: the stacks by TID.
    static func unwindAll(
        session: DwflSession, provider: ThreadStateProvider, maxFrames: Int, progress: ((Int, Int) -> Void)?
    ) -> [Int32: UnwoundStack] {
        let collector = Collector(provider: provider, maxFrames: maxFrames, progress: progress)
        let argument = Unmanaged.passUnretained(collector).toOpaque()
        session.perform {
            _ = dwfl_getthreads(session.dwfl, { thread, argument in
                guard let thread, let argument else { return Int32(DWARF_CB_OK) }
                Unmanaged<Collector>.fromOpaque(argument).takeUnretainedValue().unwind(thread)
                return Int32(DWARF_CB_OK)
            }, argument)
        }
        return collector.stacks
    }

    private final class Collector {
        let provider: ThreadStateProvider
        let maxFrames: Int
        let progress: ((Int, Int) -> Void)?
        var stacks: [Int32: UnwoundStack] = [:]
        var frames: [UnwoundFrame] = []
        var stopReason: String?
        var hitLimit = false

        init(provider: ThreadStateProvider, maxFrames: Int, progress: ((Int, Int) -> Void)?) {
            self.provider = provider
            self.maxFrames = maxFrames
            self.progress = progress
        }

        func unwind(_ thread: OpaquePointer) {
            frames = []
            stopReason = nil
            hitLimit = false
            provider.unreadableAddress = nil
            let tid = dwfl_thread_tid(thread)
            let argument = Unmanaged.passUnretained(self).toOpaque()
            let result = dwfl_thread_getframes(thread, { state, argument in
                guard let state, let argument else { return Int32(DWARF_CB_ABORT) }
                return Unmanaged<Collector>.fromOpaque(argument).takeUnretainedValue().add(state)
            }, argument)
            let status: UnwindStatus
            if hitLimit {
                status = .truncated(limit: maxFrames)
            } else if let stopReason {
                status = frames.isEmpty ? .failed(reason: stopReason) : .stopped(reason: stopReason)
            } else if result == -1 {
                let reason = provider.unreadableAddress.map { "memory at 0x\(String($0, radix: 16)) is not in the core" }
                    ?? DwflSession.lastError
                status = frames.isEmpty ? .failed(reason: reason) : .stopped(reason: reason)
            } else {
                status = .complete
            }
            stacks[tid] = UnwoundStack(frames: frames, status: status)
            progress?(stacks.count, provider.tids.count)
        }

        func add(_ state: OpaquePointer) -> Int32 {
            var pc: Dwarf_Addr = 0
            var isActivation = false
            guard dwfl_frame_pc(state, &pc, &isActivation) else {
                stopReason = DwflSession.lastError
                return Int32(DWARF_CB_ABORT)
            }
            if frames.count >= maxFrames {
                hitLimit = true
                return Int32(DWARF_CB_ABORT)
            }
            frames.append(UnwoundFrame(pc: pc, isActivation: isActivation))
            return Int32(DWARF_CB_OK)
        }
    }
}
