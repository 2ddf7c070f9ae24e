import DumpModel

/// Walks a parked goroutine's stack from its saved registers by frame pointers, as the Go
/// runtime's own tracebacks of amd64 and arm64 can: every Go function with a frame saves the
/// caller's frame pointer at the bottom of it, the return address just above.
///
/// Each step checks the frame pointer it follows: 8-byte aligned, inside the goroutine's stack
/// bounds, above the last one (a stack grows down, so callers' frames lie higher). The walk
/// ends at a zero frame pointer or return address (the outermost frame, called from
/// `runtime.goexit`'s return address), at a frame pointer that fails a check, or at
/// ``maximumFrames``.
struct GoroutineStackWalker {
    /// The deepest stack walked: Go stacks may grow to 1 GB, but a report shows no more.
    static let maximumFrames = 4096

    let memory: any ProcessMemory

    /// The machine frames of a goroutine stopped at `pc` with frame pointer `framePointer`,
    /// its stack spanning `stackLow..<stackHigh`; whether the walk ended where it should
    /// (false: a frame pointer failed a check, or the walk reached ``maximumFrames``).
    func walk(pc: UInt64, framePointer: UInt64, stackLow: UInt64, stackHigh: UInt64) -> (frames: [MachineFrame], complete: Bool) {
        var frames = [MachineFrame(pc: pc, kind: .call)]
        var framePointer = framePointer
        var lowest = stackLow
        while frames.count < Self.maximumFrames {
            if framePointer == 0 { return (frames, true) }
            guard framePointer % 8 == 0, framePointer >= lowest, stackHigh >= 16, framePointer <= stackHigh - 16,
                  let callerFramePointer = memory.readWord(at: framePointer, size: 8),
                  let returnAddress = memory.readWord(at: framePointer + 8, size: 8)
            else { return (frames, false) }
            if returnAddress == 0 { return (frames, true) }
            frames.append(MachineFrame(pc: returnAddress, kind: .call))
            lowest = framePointer + 16
            framePointer = callerFramePointer
        }
        return (frames, false)
    }
}
