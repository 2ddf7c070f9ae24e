/// Decides whether a core may be stored under the overall and per-executable rate limits, from
/// the admissions recorded in the spool's `.rate` file (one line `TIME_US EXE` per core
/// stored within the longest window). Call it only while holding the spool's lock.
public enum RateLimiter {
    /// The most admissions `.rate` keeps, and the most bytes of it that are read.
    static let maximumEntries = 100_000
    static let maximumFileBytes = 4 << 20

    /// Whether a core of `executable` may be stored at `now` (µs since the epoch, read after
    /// the lock was taken); when it may, the admission is recorded.
    /// - Returns: nil when admitted, else why not ("rate limit 10/60s for all executables").
    /// - Throws: ``IntakeError`` when `.rate` cannot be written.
    public static func admit(
        executable: String, now: Int64, overall: RateLimit?, perExecutable: RateLimit?, spool: SpoolDirectory
    ) throws(IntakeError) -> String? {
        let limits = [overall, perExecutable].compactMap { $0 }
        guard let longest = limits.map(\.windowSeconds).max() else { return nil }
        let text = String(decoding: spool.readFile(".rate", limit: maximumFileBytes) ?? [], as: UTF8.self)
        var entries: [(time: Int64, executable: Substring)] = text.split(separator: "\n").compactMap { line in
            guard let space = line.firstIndex(of: " "), let time = Int64(line[..<space]) else { return nil }
            return (time, line[line.index(after: space)...])
        }
        // An entry up to a window ahead of `now` stays: another handler may have read the
        // clock later than this one; only a clock stepped back by more than that drops it.
        let window = Int64(longest) * 1_000_000
        entries.removeAll { $0.time <= now - window || $0.time > now + window }
        func count(_ limit: RateLimit, executableOnly: Bool) -> Int {
            let start = now - Int64(limit.windowSeconds) * 1_000_000
            return entries.lazy.filter { $0.time > start && (!executableOnly || $0.executable == executable) }.count
        }
        if let overall, count(overall, executableOnly: false) >= overall.count {
            return "rate limit \(overall) for all executables"
        }
        if let perExecutable, count(perExecutable, executableOnly: true) >= perExecutable.count {
            return "rate limit \(perExecutable) for \(executable)"
        }
        entries.append((now, Substring(executable)))
        let kept = entries.suffix(maximumEntries).map { "\($0.time) \($0.executable)\n" }.joined()
        try spool.replaceFile(".rate", with: Array(kept.utf8))
        return nil
    }
}
