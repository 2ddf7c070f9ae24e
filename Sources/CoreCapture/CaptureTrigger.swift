import DumpModel

/// When a capture is taken: now, or when a condition on the live process holds, as
/// procdump's triggers.
public enum CaptureTrigger: Equatable, Hashable, Sendable {
    /// Now.
    case immediately
    /// When the process's CPU use, as % of one CPU (a process keeping two CPUs busy reads
    /// 200), stays at or above `percent` for `sustained`.
    case cpuAbove(percent: Double, sustained: Duration)
    /// When the process's CPU use stays at or below `percent` for `sustained`: a process
    /// that stopped working (hung on a lock, waiting on a dead peer).
    case cpuBelow(percent: Double, sustained: Duration)
    /// When the resident set (`VmRSS`) exceeds this many bytes.
    case residentMemoryAbove(bytes: UInt64)
    /// When the process has more than this many threads.
    case threadCountAbove(Int)
    /// When a thread of the process is about to receive this signal: the core records the
    /// signal (`NT_SIGINFO`), and the process then receives it as if nothing had watched.
    case signal(Int32)

    /// A short tag for file names: `now`, `cpu70`, `cpubelow5`, `mem512M`, `threads200`, `sigsegv`.
    public var fileTag: String {
        switch self {
        case .immediately: "now"
        case .cpuAbove(let percent, _): "cpu\(Self.number(percent))"
        case .cpuBelow(let percent, _): "cpubelow\(Self.number(percent))"
        case .residentMemoryAbove(let bytes): "mem" + Self.size(bytes, units: ("M", "K", "B"))
        case .threadCountAbove(let count): "threads\(count)"
        case .signal(let number): Signal.name(of: number).lowercased().filter { $0.isLetter || $0.isNumber }
        }
    }

    /// The condition in words: "CPU at or above 70% of one CPU for 5 s", "now" without one
    /// (which the core's note records as its trigger).
    public var description: String {
        switch self {
        case .immediately: "now"
        case .cpuAbove(let percent, let sustained):
            "CPU at or above \(Self.number(percent))% of one CPU for \(Self.seconds(sustained))"
        case .cpuBelow(let percent, let sustained):
            "CPU at or below \(Self.number(percent))% of one CPU for \(Self.seconds(sustained))"
        case .residentMemoryAbove(let bytes): "resident memory above " + Self.size(bytes, units: (" MiB", " KiB", " bytes"))
        case .threadCountAbove(let count): "more than \(count) threads"
        case .signal(let number): "signal \(Signal.name(of: number))"
        }
    }

    /// `70`, or `2.5` when the value has a fraction.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `5 s`, `0.5 s`.
    static func seconds(_ duration: Duration) -> String {
        let parts = duration.components
        return "\(number(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)) s"
    }

    /// A size given on the command line, exactly, in the largest unit that divides it: `512 KiB`
    /// for `--memory 512K`, never `0 MiB`.
    static func size(_ bytes: UInt64, units: (mebi: String, kibi: String, bytes: String)) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20)\(units.mebi)" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10)\(units.kibi)" }
        return "\(bytes)\(units.bytes)"
    }
}
