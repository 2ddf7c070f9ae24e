import DumpModel

/// What runtime readers get beside the process image: facts that come from the reader of the
/// core rather than from its memory.
public struct RuntimeReadContext {
    /// The perf maps that may name JIT-compiled code, best first: the core's own copy, the
    /// user's `--perf-map`, this host's `/tmp/perf-PID.map`. ``PerfMapReader`` uses the first
    /// one it trusts.
    public var perfMaps: [PerfMapSource]
    /// Structure layouts from the modules' DWARF, nil when the reader has none to offer.
    public var typeLayouts: (any TypeLayoutLookup)?
    /// Names the frames a runtime reader walks itself, nil when the reader cannot.
    public var symbolizer: (any MachineFrameSymbolizer)?

    public init(
        perfMaps: [PerfMapSource] = [], typeLayouts: (any TypeLayoutLookup)? = nil,
        symbolizer: (any MachineFrameSymbolizer)? = nil
    ) {
        self.perfMaps = perfMaps
        self.typeLayouts = typeLayouts
        self.symbolizer = symbolizer
    }
}
