import DumpModel

/// A core that has been read: the model, and the core's memory for analyses that read
/// process memory (lock words, counters). The memory stays mapped while this value lives.
public struct LoadedCore {
    /// The process as the core recorded it.
    public var process: Process
    /// Read access to the process memory the core holds.
    public var memory: CoreMemory
}
