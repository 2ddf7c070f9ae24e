import DumpModel

/// What runtime readers get beside the process image: facts that come from the reader of the
/// core rather than from its memory.
public struct RuntimeReadContext {
    /// Structure layouts from the modules' DWARF, nil when the reader has none to offer.
    public var typeLayouts: (any TypeLayoutLookup)?
    /// Names the frames a runtime reader walks itself, nil when the reader cannot.
    public var symbolizer: (any MachineFrameSymbolizer)?

    public init(typeLayouts: (any TypeLayoutLookup)? = nil, symbolizer: (any MachineFrameSymbolizer)? = nil) {
        self.typeLayouts = typeLayouts
        self.symbolizer = symbolizer
    }
}
