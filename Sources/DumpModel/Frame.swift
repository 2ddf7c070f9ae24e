/// How a frame's program counter relates to the code that was running.
public enum FrameKind: String, Equatable, Hashable, Sendable {
    /// The frame was stopped in the middle of an instruction: the innermost frame of a thread,
    /// or a frame interrupted by a signal. Its PC is the instruction that was executing, so it
    /// is looked up as it is.
    case interrupted
    /// The frame is waiting for a call to return. Its PC is the return address, one past the
    /// call instruction, so it is looked up at `pc - 1` to land inside the calling line.
    case call
}

/// How the unwinder found a frame, from most to least trustworthy (rust-minidump's "trust").
public enum FrameTrust: String, Equatable, Hashable, Sendable {
    /// The registers the core recorded for the thread: exact.
    case context
    /// Recovered with the call frame information (`.eh_frame` / `.debug_frame`) of the callee.
    case cfi
    /// Recovered by following frame pointers because the callee had no CFI: may be wrong when
    /// the callee was built without frame pointers.
    case framePointer = "frame-pointer"
    /// An inlined call: the same machine frame as the one after it, expanded from DWARF.
    case inlined
    /// Read from a managed runtime's own structures (CPython's frame chain, a goroutine's
    /// saved registers, the JVM's frame anchors) or named by its perf map.
    case runtime
}

/// What a code address resolves to: the function, its symbol and the source position.
///
/// Immutable and shared by every frame at the same address, so that a stack of a 4,000-thread
/// core costs one reference per frame instead of a copy of each string.
public final class FrameSymbol: Hashable, Sendable {
    /// The function's demangled name, or nil when only a source position is known.
    public let function: String?
    /// The symbol as it appears in the symbol table (mangled), when it differs from ``function``.
    public let mangledName: String?
    /// The distance of the looked-up address from the start of the function's symbol, when
    /// known. Inlined frames have none.
    public let functionOffset: UInt64?
    /// The source position from DWARF.
    public let source: SourceLocation?

    public init(function: String?, mangledName: String? = nil, functionOffset: UInt64? = nil, source: SourceLocation? = nil) {
        self.function = function
        self.mangledName = mangledName
        self.functionOffset = functionOffset
        self.source = source
    }

    public static func == (lhs: FrameSymbol, rhs: FrameSymbol) -> Bool {
        lhs === rhs || (lhs.function == rhs.function && lhs.mangledName == rhs.mangledName
            && lhs.functionOffset == rhs.functionOffset && lhs.source == rhs.source)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(function)
        hasher.combine(functionOffset)
        hasher.combine(source)
    }
}

/// One entry of a thread's stack, innermost first.
///
/// An inlined function call shows as its own frame with the same ``pc`` as the machine frame
/// it was inlined into; its ``trust`` is ``FrameTrust/inlined``.
public struct Frame: Equatable, Hashable, Sendable {
    /// The program counter as unwound: the exact instruction for an interrupted frame, the
    /// return address for a call frame.
    public var pc: UInt64
    /// Whether the PC is exact or a return address.
    public var kind: FrameKind
    /// How the frame was found.
    public var trust: FrameTrust
    /// The index into ``Process/modules`` of the module containing the PC, or nil when the PC
    /// lies in no known module (JIT code, a corrupt stack).
    public var moduleIndex: Int?
    /// The PC's offset from the start of its module (`module+0x1234`), or nil without a module.
    public var moduleOffset: UInt64?
    /// The function and source position, or nil when nothing covers the PC.
    public var symbol: FrameSymbol?
    /// Whose code the frame is in. For a frame of a managed runtime (``FrameRuntime/python``,
    /// ``FrameRuntime/java``) ``pc`` is where the runtime keeps the frame's position (the
    /// bytecode address), ``moduleIndex`` is nil and ``symbol`` holds the method, file and line.
    public var runtime: FrameRuntime

    public init(
        pc: UInt64, kind: FrameKind, trust: FrameTrust, moduleIndex: Int? = nil,
        moduleOffset: UInt64? = nil, symbol: FrameSymbol? = nil, runtime: FrameRuntime = .native
    ) {
        self.pc = pc
        self.kind = kind
        self.trust = trust
        self.moduleIndex = moduleIndex
        self.moduleOffset = moduleOffset
        self.symbol = symbol
        self.runtime = runtime
    }

    /// A frame with its symbol given field by field.
    public init(
        pc: UInt64, kind: FrameKind, trust: FrameTrust, moduleIndex: Int? = nil,
        moduleOffset: UInt64? = nil, function: String?, mangledName: String? = nil,
        functionOffset: UInt64? = nil, source: SourceLocation? = nil
    ) {
        self.init(
            pc: pc, kind: kind, trust: trust, moduleIndex: moduleIndex, moduleOffset: moduleOffset,
            symbol: FrameSymbol(function: function, mangledName: mangledName, functionOffset: functionOffset, source: source))
    }

    /// The function's demangled name, or nil when no symbol covers the PC.
    public var function: String? { symbol?.function }
    /// The symbol as it appears in the symbol table (mangled), when it differs from ``function``.
    public var mangledName: String? { symbol?.mangledName }
    /// The distance of ``lookupAddress`` from the start of the function's symbol, when known.
    /// Inlined frames have none.
    public var functionOffset: UInt64? { symbol?.functionOffset }
    /// The source position from DWARF: for the innermost frame of a machine frame the line of
    /// the PC, for an inlined frame's caller the line of the inlined call.
    public var source: SourceLocation? { symbol?.source }

    /// The address used for symbol and line lookup: `pc - 1` for a call frame (so that a call
    /// that is the last instruction of a function still resolves to that function), else `pc`.
    /// This is the only place the adjustment is made.
    public var lookupAddress: UInt64 {
        kind == .call && pc > 0 ? pc - 1 : pc
    }

    /// Whether the frame is an inlined call expanded from DWARF.
    public var isInlined: Bool { trust == .inlined }
}
