import DumpModel

/// Turns an unwound signal frame into the model's ``SignalFrame``.
enum SignalFrameModel {
    /// The signal frame for a thread whose symbolized frames are `frames`, nil when the
    /// trampoline is not among them (the shown-frame budget cut it off). When the interrupted
    /// stack was unwound from the frame's registers, its innermost machine frame is marked as
    /// found from that context.
    static func attach(_ unwound: UnwoundSignalFrame, to frames: inout [Frame]) -> SignalFrame? {
        // Each machine frame is the last of its group: the inlined calls at its PC come first.
        var machineFrames = 0
        for (index, frame) in frames.enumerated() where !frame.isInlined {
            if machineFrames == unwound.trampolineIndex {
                let context = unwound.context
                if unwound.isUnwoundFromContext,
                   let interrupted = frames[(index + 1)...].firstIndex(where: { !$0.isInlined }) {
                    frames[interrupted].trust = .context
                }
                return SignalFrame(
                    trampolineIndex: index, contextAddress: context.contextAddress, signal: context.signal,
                    interruptedPC: context.programCounter, interruptedSP: context.stackPointer,
                    trap: context.trap, isUnwoundFromContext: unwound.isUnwoundFromContext)
            }
            machineFrames += 1
        }
        return nil
    }
}
