import DumpModel

/// A machine frame a runtime reader found by walking a stack of its own (a goroutine's frame
/// pointers), before it is named.
public struct MachineFrame: Equatable, Sendable {
    /// The program counter: exact for an interrupted frame, a return address for a call frame.
    public var pc: UInt64
    /// Whether ``pc`` is exact or a return address.
    public var kind: FrameKind

    public init(pc: UInt64, kind: FrameKind) {
        self.pc = pc
        self.kind = kind
    }
}

/// Names machine frames the way the core reader names the threads' own frames: module,
/// function, source line and the calls inlined at each address.
public protocol MachineFrameSymbolizer: AnyObject {
    /// The frames of `stack` (innermost first), each machine frame preceded by one frame per
    /// call inlined at its PC, as for a thread's stack. The first frame's trust is
    /// ``FrameTrust/context``, the others' ``FrameTrust/cfi`` or ``FrameTrust/framePointer``.
    func frames(for stack: [MachineFrame]) -> [Frame]
}
