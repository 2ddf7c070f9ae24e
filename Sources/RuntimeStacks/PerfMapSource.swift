/// A perf map offered to ``PerfMapReader``, with where it came from, which decides whether it
/// is trusted.
public struct PerfMapSource: Sendable {
    /// Where a map came from.
    public enum Origin: Equatable, Sendable {
        /// The copy `analyze-dump capture` put in the core: the process's own map.
        case core
        /// The file the user named (`--perf-map`).
        case userFile(path: String)
        /// `/tmp/perf-PID.map` on the machine reading the core: the same PID may have been
        /// another process, so it is used only when its entries lie in the core's JIT code.
        case host(path: String)
    }

    public var origin: Origin
    /// The map's text.
    public var bytes: [UInt8]

    public init(origin: Origin, bytes: [UInt8]) {
        self.origin = origin
        self.bytes = bytes
    }

    /// How the map is named in notes: "the perf map in the core", "the perf map PATH".
    var description: String {
        switch origin {
        case .core: return "the perf map in the core"
        case .userFile(let path), .host(let path): return "the perf map \(path)"
        }
    }
}
