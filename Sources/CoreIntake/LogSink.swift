internal import CCoreIntake
import Glibc

/// Where the handler's one line per crash goes: the syslog socket (`/dev/log`, which journald
/// and rsyslog read; `--log-socket` for tests), else the kernel log (`/dev/kmsg`, read by
/// `dmesg` and the journal), else standard error. Opened before analysis starts, so that the
/// line for an analysis that runs out of time or memory can still be sent from a signal
/// handler (``descriptor`` takes a plain `write`).
public struct LogSink: Sendable {
    /// Which of the three it is.
    public enum Kind: String, Sendable {
        case syslog, kernelLog, standardError
    }

    public let kind: Kind
    /// The descriptor a whole message is written to in one `write`.
    public let descriptor: Int32

    /// Connects to the syslog socket at `socketPath`, falling back as described above.
    public static func open(socketPath: String) -> LogSink {
        let socket = core_intake_connect_datagram(socketPath)
        if socket >= 0 { return LogSink(kind: .syslog, descriptor: socket) }
        let kernelLog = Glibc.open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if kernelLog >= 0 { return LogSink(kind: .kernelLog, descriptor: kernelLog) }
        return LogSink(kind: .standardError, descriptor: STDERR_FILENO)
    }

    /// The most bytes of a record written to the kernel log, which refuses a write longer
    /// than about 1 KiB as a whole.
    static let kernelLogRecordLimit = 960

    /// The bytes to write for `message`: `<26>analyze-dump[PID]: MESSAGE` (facility daemon,
    /// severity crit, as systemd-coredump logs a crash; RFC 3164 without the timestamp and
    /// host, which journald and rsyslog fill in), plus a newline for the kernel log (cut to
    /// ``kernelLogRecordLimit`` bytes first) and standard error.
    public func record(_ message: String) -> [UInt8] {
        let text = Array("<26>analyze-dump[\(getpid())]: \(message)".utf8)
        switch kind {
        case .syslog: return text
        case .kernelLog: return text.prefix(Self.kernelLogRecordLimit) + [UInt8(ascii: "\n")]
        case .standardError: return text + [UInt8(ascii: "\n")]
        }
    }

    /// Writes `message` as one record; returns whether it was written. A record the syslog
    /// socket refuses (its reader's buffer is full in a crash storm: `EAGAIN`) goes to the
    /// kernel log instead, so that no crash goes unlogged.
    @discardableResult
    public func send(_ message: String) -> Bool {
        let bytes = record(message)
        if bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count { return true }
        guard kind == .syslog else { return false }
        let kernelLog = Glibc.open("/dev/kmsg", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard kernelLog >= 0 else { return false }
        defer { close(kernelLog) }
        let fallback = LogSink(kind: .kernelLog, descriptor: kernelLog).record(message)
        return fallback.withUnsafeBytes { write(kernelLog, $0.baseAddress, $0.count) } == fallback.count
    }
}
