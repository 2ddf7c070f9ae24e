/// What the analyses work on: the model of the process, and the process's memory and symbol
/// tables for the facts the model does not hold (lock words, counters, messages).
public struct ProcessImage {
    /// The process as the core recorded it.
    public var process: Process
    /// The memory the core holds.
    public var memory: any ProcessMemory
    /// The modules' symbol tables.
    public var symbols: any SymbolLookup

    public init(process: Process, memory: any ProcessMemory, symbols: any SymbolLookup) {
        self.process = process
        self.memory = memory
        self.symbols = symbols
    }
}
