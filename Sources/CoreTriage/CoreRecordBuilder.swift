import CrashStore
import DumpModel

/// Turns a child's analysis of a core into the ``CoreRecord`` triage stores: the report's
/// summary when the child wrote one, else an ``CoreOutcome/error`` record whose signature is
/// the kind of failure (so that cores failing the same way group together) and whose error is
/// what the child said.
public enum CoreRecordBuilder {
    /// The group keys of error records.
    public enum ErrorKind: String, CaseIterable, Sendable {
        /// The child found nothing to analyse (exit status 2: not a core, truncated, unsupported).
        case unreadable
        /// The child ran past `--timeout` and was killed.
        case timeout
        /// A signal ended the child (its memory limit, or a bug in analyze-dump).
        case analysisKilled = "analysis-killed"
        /// The child exited with a status that is not analyze-dump's for a report (0, 1, 3) or
        /// an unreadable core (2): it could not load (its memory limit), or it could not start.
        case analysisFailed = "analysis-failed"
        /// The child wrote more than the report size limit.
        case reportTooLarge = "report-too-large"
        /// The child's output was not a report.
        case invalidReport = "invalid-report"
    }

    /// The record for `candidate` analysed with `result`.
    /// - Parameters:
    ///   - localHost: this host's name, used when the file's attributes do not name the
    ///     crashing host (the journal entry's name is not used: ``TriageRun/host(of:)``).
    ///   - analysedAtMicroseconds: now.
    ///   - limits: the limits the child ran under, for the error messages.
    ///   - maximumJSONDepth: how deeply the report may nest.
    public static func record(
        for candidate: CoreCandidate, result: ChildResult, localHost: String, analysedAtMicroseconds: Int64,
        limits: ChildLimits, maximumJSONDepth: Int = 256
    ) -> CoreRecord {
        var record = CoreRecord(
            host: candidate.attributes.hostname ?? localHost, path: candidate.path, identity: candidate.identity,
            executable: candidate.executable ?? candidate.fileName?.command,
            crashTimeMicroseconds: candidate.crashTimeMicroseconds, analysedAtMicroseconds: analysedAtMicroseconds,
            signal: (candidate.attributes.signal ?? candidate.journal?.signal).flatMap { $0 > 0 ? Signal.name(of: $0) : nil },
            unit: candidate.journal?.unit, commandLine: candidate.journal?.commandLine, outcome: .error, signature: "")
        func fail(_ kind: ErrorKind, _ message: String) -> CoreRecord {
            record.signature = kind.rawValue
            record.error = message
            return record
        }
        let childSaid = lastLine(of: result.errorOutput)
        switch result.ending {
        case .exited(0), .exited(1), .exited(3):
            break
        case .exited(2):
            return fail(.unreadable, childSaid ?? "the analysis found nothing to analyse (exit status 2)")
        case .exited(let status):
            return fail(.analysisFailed, "the analysis exited with status \(status)" + (childSaid.map { ": \($0)" } ?? ""))
        case .timedOut:
            let limit = limits.timeoutMilliseconds < 10_000 ? "\(limits.timeoutMilliseconds) ms" : "\(limits.timeoutMilliseconds / 1000) s"
            return fail(.timeout, "the analysis ran longer than \(limit) and was killed (raise --timeout)")
        case .outputTooLarge:
            return fail(.reportTooLarge, "the report was larger than \(limits.maximumOutputBytes) bytes and the analysis was killed")
        case .signalled(let signal):
            let name = Signal.name(of: signal)
            return fail(.analysisKilled, "the analysis was ended by \(name)" + (childSaid.map { ": \($0)" } ?? " (raise --memory-limit if it ran out of memory)"))
        case .couldNotStart(let error):
            return fail(.analysisFailed, "the analysis could not be started (errno \(error))")
        }
        let summary: ReportSummary
        do {
            summary = try ReportSummary(report: JSONValue.parse(result.output, maximumDepth: maximumJSONDepth, keptMembers: ReportSummary.members))
        } catch {
            return fail(.invalidReport, "the analysis wrote no report: \(error)" + (childSaid.map { " (\($0))" } ?? ""))
        }
        record.executable = candidate.executable ?? summary.handlerExecutable ?? summary.executable ?? record.executable
        record.buildID = summary.buildID
        record.crashTimeMicroseconds = record.crashTimeMicroseconds ?? summary.captureTimeMicroseconds
        record.signal = summary.signal ?? record.signal
        record.outcome = summary.outcome
        record.signature = summary.signature
        record.topFinding = summary.topFinding
        record.reportJSON = String(decoding: result.output, as: UTF8.self)
        return record
    }

    /// The last non-empty line of what the child wrote to standard error.
    static func lastLine(of bytes: [UInt8]) -> String? {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
    }
}
