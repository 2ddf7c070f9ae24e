import ArgumentParser
import DumpModel

/// A duration on the command line: `5s`, `500ms`, `2m`, `1.5s`, `7d`, `2w`, or a bare number of
/// seconds.
struct DurationArgument: ExpressibleByArgument, Equatable {
    var duration: Duration

    init?(argument: String) {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800)]
        let unit = units.first { argument.hasSuffix($0.suffix) && Double(argument.dropLast($0.suffix.count)) != nil }
        guard let value = Double(unit.map { String(argument.dropLast($0.suffix.count)) } ?? argument),
              value.isFinite, value >= 0, value * (unit?.seconds ?? 1) < 1e9
        else { return nil }
        duration = .milliseconds(Int64((value * (unit?.seconds ?? 1) * 1000).rounded()))
    }

    /// How `--help` shows a default: as ``text``.
    var defaultValueDescription: String { text }

    /// The duration as it is typed, in the largest unit that divides it: `5s`, `500ms`, `2m`.
    var text: String {
        let milliseconds = duration.components.seconds &* 1000 &+ duration.components.attoseconds / 1_000_000_000_000_000
        let units: [(suffix: String, milliseconds: Int64)] = [("w", 604_800_000), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        guard milliseconds > 0, let unit = units.first(where: { milliseconds % $0.milliseconds == 0 }) else { return "\(milliseconds)ms" }
        return "\(milliseconds / unit.milliseconds)\(unit.suffix)"
    }
}

/// A size on the command line: a number of MiB, or a number with `K`, `M`, `G` or `T`
/// (binary units, an optional trailing `iB` or `B`): `512`, `512M`, `2G`, `1.5GiB`.
struct ByteCountArgument: ExpressibleByArgument, Equatable {
    var bytes: UInt64

    init?(argument: String) {
        var text = Substring(argument)
        for suffix in ["iB", "B"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        let shifts: [Character: UInt64] = ["K": 10, "M": 20, "G": 30, "T": 40]
        var shift: UInt64 = 20
        if let last = text.last, let unit = shifts[Character(last.uppercased())] {
            shift = unit
            text = text.dropLast()
        }
        guard let value = Double(text), value.isFinite, value > 0, value * Double(UInt64(1) << shift) < 1.8e19 else { return nil }
        bytes = UInt64(value * Double(UInt64(1) << shift))
    }
}

/// A signal on the command line: `SIGUSR1`, `USR1`, `usr1` or `10` (not SIGKILL or SIGSTOP,
/// which cannot be caught on their way).
struct SignalArgument: ExpressibleByArgument, Equatable {
    var number: Int32

    init?(argument: String) {
        guard let number = Signal.number(named: argument) else { return nil }
        self.number = number
    }
}
