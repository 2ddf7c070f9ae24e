import CoreCapture
import Glibc

/// The names of the files capture writes: `NAME_PID_TRIGGER_UTCTIME.core`.
enum CaptureFileName {
    /// A path in `directory` for a core of `pid` taken now on `trigger`
    /// (`myservice_4242_cpu70_20261122T061500Z.core`). When
    /// that file exists (two cores in one second), `-2`, `-3` ... is added before `.core`.
    static func path(in directory: String, pid: Int32, trigger: CaptureTrigger) -> String {
        let stem = "\(directory)/\(processName(pid: pid))_\(pid)_\(trigger.fileTag)_\(utcStamp())"
        var candidate = stem + ".core"
        var index = 2
        while access(candidate, F_OK) == 0 {
            candidate = "\(stem)-\(index).core"
            index += 1
        }
        return candidate
    }

    /// `DIR/NAME_PID_compare_UTCTIME`, without an extension.
    static func comparisonStem(in directory: String, pid: Int32) -> String {
        "\(directory)/\(processName(pid: pid))_\(pid)_compare_\(utcStamp())"
    }

    /// ``ProcessFinder/name(of:)`` kept to letters, digits, `-` and `_`.
    private static func processName(pid: Int32) -> String {
        let name = (ProcessFinder.name(of: pid) ?? "").filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return name.isEmpty ? "process" : name
    }

    /// Now in UTC: `20261122T061500Z`.
    private static func utcStamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var stamp = [UInt8](repeating: 0, count: 32)
        let length = stamp.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strftime($0.baseAddress, 32, "%Y%m%dT%H%M%SZ", &parts) }
        }
        return String(decoding: stamp.prefix(length), as: UTF8.self)
    }
}
