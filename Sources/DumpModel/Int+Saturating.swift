extension Int {
    /// `value` rounded to the nearest integer, held at `Int.min` or `Int.max` beyond them, and
    /// 0 for NaN. `Int(_: Double)` traps on all three, and ratios of values from a core (a heap
    /// of 2^64 bytes against 1 byte in use, a time over a zero interval) reach them.
    public init(saturatingRounded value: Double) {
        let rounded = value.rounded()
        if rounded.isNaN {
            self = 0
        } else if rounded >= Double(Int.max) {
            // Double(Int.max) is 2^63, one more than Int.max.
            self = .max
        } else if rounded <= Double(Int.min) {
            self = .min
        } else {
            self = Int(rounded)
        }
    }
}

extension Int {
    /// The sum, held at `Int.max` (or `Int.min`) instead of trapping: counts derived from a
    /// core (frames, bytes) may be anything.
    public func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other < 0 ? .min : .max) : sum
    }
}
