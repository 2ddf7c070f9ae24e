/// A rate limit: at most ``count`` cores stored per ``windowSeconds``, written `10/1m`
/// (`COUNT/DURATION`, the duration in `s`, `m`, `h` or `d`, seconds without a unit).
public struct RateLimit: Equatable, Sendable, CustomStringConvertible {
    public var count: Int
    public var windowSeconds: Int

    public init(count: Int, windowSeconds: Int) {
        self.count = count
        self.windowSeconds = windowSeconds
    }

    /// Parses `COUNT/DURATION`; nil when either part is not a positive number (a count of 0
    /// is allowed: store nothing) or the window is longer than a year.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[0]), count >= 0, let last = parts[1].last else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let unit = units[last]
        guard let value = Int(unit == nil ? parts[1] : parts[1].dropLast()), value > 0, value <= 366 * 86_400 / (unit ?? 1)
        else { return nil }
        self.init(count: count, windowSeconds: value * (unit ?? 1))
    }

    public var description: String { "\(count)/\(windowSeconds)s" }
}
