/// User and system CPU time, as the kernel records it in a thread's `NT_PRSTATUS` note.
public struct CPUTime: Equatable, Hashable, Sendable {
    /// Microseconds spent in user mode.
    public var userMicroseconds: UInt64
    /// Microseconds spent in the kernel on the thread's behalf.
    public var systemMicroseconds: UInt64

    public init(userMicroseconds: UInt64, systemMicroseconds: UInt64) {
        self.userMicroseconds = userMicroseconds
        self.systemMicroseconds = systemMicroseconds
    }

    /// No time at all.
    public static let zero = CPUTime(userMicroseconds: 0, systemMicroseconds: 0)

    /// User time in seconds.
    public var userSeconds: Double { Double(userMicroseconds) / 1_000_000 }
    /// System time in seconds.
    public var systemSeconds: Double { Double(systemMicroseconds) / 1_000_000 }
    /// User plus system time in seconds.
    public var totalSeconds: Double { userSeconds + systemSeconds }
    /// Whether both user and system time are zero.
    public var isZero: Bool { userMicroseconds == 0 && systemMicroseconds == 0 }
}

extension CPUTime {
    /// The sum of two times, saturating: times come from a core and may be garbage.
    public static func + (lhs: CPUTime, rhs: CPUTime) -> CPUTime {
        CPUTime(
            userMicroseconds: saturatingSum(lhs.userMicroseconds, rhs.userMicroseconds),
            systemMicroseconds: saturatingSum(lhs.systemMicroseconds, rhs.systemMicroseconds))
    }

    /// User plus system microseconds, saturating.
    public var totalMicroseconds: UInt64 { Self.saturatingSum(userMicroseconds, systemMicroseconds) }

    private static func saturatingSum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// A CPU time or duration: seconds with two decimals (`2.13 s`), or milliseconds below
    /// 10 ms, whole (`4 ms`) or below 1 ms to a tenth (`0.4 ms`), so that a short time is not
    /// shown as `0.00 s`. Zero is `0.00 s`. The one formatter of CPU times for every report.
    public static func formatSeconds(_ value: Double) -> String {
        let microseconds = Int(saturatingRounded: value * 1_000_000)
        if microseconds > 0 && microseconds < 950 {
            let tenths = (microseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10) ms"
        }
        if microseconds >= 950 && microseconds < 9_500 { return "\((microseconds + 500) / 1_000) ms" }
        let hundredths = Int(saturatingRounded: value * 100)
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }

    /// User plus system time: `2.51 s`, `4 ms`.
    public var formattedTotal: String { Self.formatSeconds(totalSeconds) }
}
