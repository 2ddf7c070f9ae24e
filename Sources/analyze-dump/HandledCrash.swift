import CoreIntake
import DumpModel
import Glibc

/// The facts of one crash the handler logs, and its log lines (``CrashLogLine``).
struct HandledCrash {
    /// What the analysis of the stored core gave.
    enum ReportSummary {
        case analysed(signature: (kind: String, value: String)?, finding: String?)
        /// No report: why (the stored core could not be read, the analysis was cut short,
        /// the report could not be written).
        case failed(String)
    }

    var request: IntakeRequest
    var spoolPath: String

    /// The stored core's path.
    func storedPath(_ outcome: IntakeOutcome) -> String {
        spoolPath + "/" + outcome.name.coreFileName
    }

    /// The line for a core that was handled: stored and analysed (`report`), or not stored and
    /// why. The keys come in the order docs/pipeline.md gives.
    func logLine(outcome: IntakeOutcome, report: ReportSummary? = nil) -> String {
        var fields = header
        var error: String?
        switch outcome.disposition {
        case .stored:
            switch report {
            case .analysed(let signature, let finding):
                fields.append(("signature", signature.map { "\($0.kind)/\($0.value)" } ?? "none"))
                fields.append(("finding", finding ?? "none"))
            case .failed(let reason):
                fields.append(("signature", "none"))
                error = reason
            case nil:
                fields.append(("signature", "none"))
            }
            fields.append(("stored", storedPath(outcome)))
        case .tooLarge(let limit):
            fields += [("stored", "none"), ("reason", "larger than --max-size \(ByteSize.format(limit))")]
        case .noSpace(let room):
            fields += [("stored", "none"), ("reason", "larger than the \(ByteSize.format(room)) --keep-free leaves")]
        case .rateLimited(let reason):
            fields += [("stored", "none"), ("reason", reason)]
        }
        if let refusal = outcome.noteRefusal, outcome.disposition == .stored { fields.append(("note", "not inserted: " + refusal)) }
        if outcome.hitDeadline { fields.append(("truncated", "read deadline")) }
        if !outcome.evicted.isEmpty { fields.append(("evicted", String(outcome.evicted.count))) }
        if let error { fields.append(("error", error)) }
        return CrashLogLine(fields).text
    }

    /// The line for a crash whose core could not be stored at all.
    func failureLine(_ error: String) -> String {
        CrashLogLine(header + [("stored", "none"), ("error", error)]).text
    }

    private var header: [(key: String, value: String)] {
        [("exe", request.command), ("pid", String(request.pid)), ("signal", Signal.name(of: request.signal))]
    }

    /// The host's boot id without dashes (``SpoolName/bootID(from:)``).
    static func bootID() -> String {
        let descriptor = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return SpoolName.bootID(from: "") }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(descriptor, &buffer, buffer.count)
        return SpoolName.bootID(from: String(decoding: buffer.prefix(max(0, count)), as: UTF8.self))
    }
}
