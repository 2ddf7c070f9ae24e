import DumpModel

/// What runtime readers get beside the process image: facts that come from the reader of the
/// core rather than from its memory.
public struct RuntimeReadContext {
    /// The perf maps that may name JIT-compiled code, best first: the core's own copy, the
    /// user's `--perf-map`, this host's `/tmp/perf-PID.map`. ``PerfMapReader`` uses the first
    /// one it trusts.
    public var perfMaps: [PerfMapSource]

    public init(perfMaps: [PerfMapSource] = []) {
        self.perfMaps = perfMaps
    }
}
