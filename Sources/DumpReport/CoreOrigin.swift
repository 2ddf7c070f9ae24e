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
    /// Cores captured before the immediate trigger was called `now` say `at once`: shown as `now`.
    static func trigger(_ capture: CaptureNote) -> String {
        let trigger = capture.trigger == "at once" ? "now" : capture.trigger
        return trigger.isEmpty ? "no trigger" : "trigger " + TextEscaping.quoted(trigger)
    }

    /// Nanoseconds since the Unix epoch as ISO 8601 in UTC, to the millisecond:
    /// `2026-11-22T10:15:00.123Z`.
    static func timestamp(_ nanoseconds: Int64) -> String {
        ISO8601Time.text(nanoseconds: nanoseconds)
    }

    /// Seconds since the Unix epoch (a handler note's `time`) as ``timestamp(_:)`` writes
    /// nanoseconds; a hostile value beyond what nanoseconds hold is clamped, never wrapped.
    static func timestamp(ofSeconds seconds: Int64) -> String {
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return timestamp(overflow ? (seconds < 0 ? .min : .max) : nanoseconds)
    }

    /// Nanoseconds as milliseconds with one decimal: `9.4 ms`.
    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let tenths = nanoseconds / 100_000 + (nanoseconds % 100_000 >= 50_000 ? 1 : 0)
        return "\(tenths / 10).\(tenths % 10) ms"
    }
}
