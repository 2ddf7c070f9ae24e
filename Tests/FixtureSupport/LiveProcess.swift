import Foundation
import Glibc

/// What `/proc` says of a live process, to compare with the core.
public enum LiveProcess {
    /// The TIDs in `/proc/PID/task`, ascending.
    public static func threadIDs(_ pid: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap { Int32($0) }.sorted()
    }

    /// The state letter of each thread (`/proc/PID/task/TID/stat`, field 3).
    public static func threadStates(_ pid: Int32) -> [Character] {
        threadIDs(pid).compactMap { state(pid: pid, tid: $0) }
    }

    /// The state letter of one thread.
    public static func state(pid: Int32, tid: Int32) -> Character? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(close, offsetBy: 2)...].first
    }

    /// User plus system CPU of one thread, in microseconds (clock ticks of 1/100 s).
    public static func cpuMicroseconds(pid: Int32, tid: Int32) -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        let ticks = UInt64(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) * 1_000_000 / ticks
    }

    /// The TID of the thread called `name` (`/proc/PID/task/TID/comm`).
    public static func thread(named name: String, pid: Int32) -> Int32? {
        threadIDs(pid).first { tid in
            (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .newlines) == name
        }
    }
}
