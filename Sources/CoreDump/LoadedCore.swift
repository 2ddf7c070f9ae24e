import DumpModel

/// A core that has been read: the model, and the core's memory and symbol tables for analyses
/// that read process memory (lock words, counters, messages). The core stays open while this
/// value lives.
public struct LoadedCore {
    /// The process as the core recorded it.
    public var process: Process
    /// Read access to the process memory the core holds.
    public var memory: CoreMemory
    /// The modules' symbol tables.
    public var symbols: CoreSymbols
    /// The process's code and source files, for the crash report.
    public var code: CoreCode

    /// The process with its memory and symbols, as the analyses take it.
    public var image: ProcessImage {
        ProcessImage(process: process, memory: memory, symbols: symbols, code: code)
    }
}
