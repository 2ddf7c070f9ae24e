import DumpModel

/// Who wrote the core, in words, with the capture record of a core written by
/// `analyze-dump capture`: shared by the text and HTML dump information.
enum CoreOrigin {
    /// `the kernel`, `a tool (gcore or similar)`, or
    /// `analyze-dump capture at 2026-11-22T10:15:00.123Z, trigger "now", process stopped 9.4 ms`.
    static func description(of process: Process) -> String {
        switch process.producer {
        case .kernel:
            return "the kernel"
        case .tool:
            return "a tool (gcore or similar)"
        case .analyzeDump:
            guard let capture = process.capture else {
                return "analyze-dump capture (its ANALYZEDUMP note is unreadable: time and trigger unknown)"
            }
            return "analyze-dump capture at \(timestamp(capture.captureTimeNanoseconds)), \(trigger(capture)), "
                + "process stopped \(milliseconds(capture.stoppedNanoseconds))"
        }
    }

    /// `core written by the kernel`, for the HTML report's header line.
    static func shortDescription(of process: Process) -> String {
        switch process.producer {
        case .kernel: "core written by the kernel"
        case .tool: "core written by a tool"
        case .analyzeDump: "core written by analyze-dump capture"
        }
    }

    /// `trigger "CPU at or above 70% of one CPU for 5 s"`, or `no trigger` when the note's
    /// trigger is empty (the core was asked for at once).
    static func trigger(_ capture: CaptureNote) -> String {
        capture.trigger.isEmpty ? "no trigger" : "trigger " + TextEscaping.quoted(capture.trigger)
    }

    /// Nanoseconds since the Unix epoch as ISO 8601 in UTC, to the millisecond:
    /// `2026-11-22T10:15:00.123Z`. Times before 1970 (a hostile note) are written as well.
    static func timestamp(_ nanoseconds: Int64) -> String {
        let (seconds, fraction) = floorDivision(nanoseconds, 1_000_000_000)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T"
            + "\(padded(secondOfDay / 3600, 2)):\(padded(secondOfDay / 60 % 60, 2)):\(padded(secondOfDay % 60, 2))"
            + ".\(padded(fraction / 1_000_000, 3))Z"
    }

    /// Nanoseconds as milliseconds with one decimal: `9.4 ms`.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let tenths = nanoseconds / 100_000 + (nanoseconds % 100_000 >= 50_000 ? 1 : 0)
        return "\(tenths / 10).\(tenths % 10) ms"
    }

    /// The quotient rounded towards minus infinity, and a remainder in `0..<divisor`.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`), without Foundation or the C library's time zone state.
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivision(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
