import DumpModel
import RuntimeStacks

/// The core reader's ``Symbolizer`` offered to the runtime readers, so that a goroutine's
/// frames are named (functions, lines, inlined calls) exactly as a thread's are.
final class RuntimeFrameSymbolizer: MachineFrameSymbolizer {
    private let symbolizer: Symbolizer

    init(_ symbolizer: Symbolizer) {
        self.symbolizer = symbolizer
    }

    func frames(for stack: [MachineFrame]) -> [Frame] {
        symbolizer.frames(for: stack.map { UnwoundFrame(pc: $0.pc, isActivation: $0.kind == .interrupted) })
    }
}
