/// What the analyses work on: the model of the process, and the process's memory and symbol
/// tables for the facts the model does not hold (lock words, counters, messages), and its code
/// and sources for what a crash report quotes.
public struct ProcessImage {
    /// The process as the core recorded it.
    public var process: Process
    /// The memory the core holds.
    public var memory: any ProcessMemory
    /// The modules' symbol tables.
    public var symbols: any SymbolLookup
    /// The instructions and source lines a crash report quotes; nil when there is none to
    /// read (models built in code).
    public var code: (any CodeReader)?

    public init(process: Process, memory: any ProcessMemory, symbols: any SymbolLookup, code: (any CodeReader)? = nil) {
        self.process = process
        self.memory = memory
        self.symbols = symbols
        self.code = code
    }
}
