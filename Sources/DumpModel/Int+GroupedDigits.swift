extension Int {
    /// `4,812`, `-1,000`, `12`: the number with its digits grouped in threes, as reports write
    /// counts in the thousands (goroutines, threads).
    public var groupedDigits: String {
        let digits = String(magnitude)
        var result = self < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
