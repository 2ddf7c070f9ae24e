import CrashStore
import DumpReport

/// The fields triage keeps of a child's JSON report (docs/report.schema.json): what it groups
/// by and what it shows of a group. Every field may be absent or of the wrong type in a report
/// from another version: such a field is nil, never an error.
public struct ReportSummary: Equatable, Sendable {
    /// crash, hang or healthy.
    public var outcome: CoreOutcome
    /// The top-level `signature.value`, else `crash.signature`; empty for a healthy core.
    public var signature: String
    /// `process.signal.name` (`SIGSEGV`).
    public var signal: String?
    /// The main executable's path: the module named like `process.command`, else the first.
    public var executable: String?
    /// That module's build-id.
    public var buildID: String?
    /// The first finding's title.
    public var topFinding: String?
    /// When the core was taken, µs since the epoch: `process.handler.time` (a core stored by
    /// `analyze-dump handle`), else `process.capture.time` (`analyze-dump capture`).
    public var captureTimeMicroseconds: Int64?
    /// `process.handler.executable`: the target of `/proc/PID/exe` the handler read.
    public var handlerExecutable: String?

    public init(
        outcome: CoreOutcome, signature: String, signal: String? = nil, executable: String? = nil, buildID: String? = nil,
        topFinding: String? = nil, captureTimeMicroseconds: Int64? = nil, handlerExecutable: String? = nil
    ) {
        self.outcome = outcome
        self.signature = signature
        self.signal = signal
        self.executable = executable
        self.buildID = buildID
        self.topFinding = topFinding
        self.captureTimeMicroseconds = captureTimeMicroseconds
        self.handlerExecutable = handlerExecutable
    }

    /// The top-level members of a report the summary reads: what ``JSONValue/parse(_:maximumDepth:keptMembers:)``
    /// needs to keep.
    public static let members: Set<String> = ["process", "signature", "crash", "findings", "modules"]

    /// Reads the summary of a report.
    /// - Throws: ``JSONParseError`` when `report` is not JSON, or is not an object with a
    ///   `process` object (not an analyze-dump report).
    public init(report: JSONValue) throws(JSONParseError) {
        guard case .object = report, let process = report["process"], case .object = process else {
            throw JSONParseError(reason: "not an analyze-dump report (no process object)", offset: 0)
        }
        let crashSignature = report["crash"]?["signature"]?.string
        if let signature = report["signature"], case .object = signature, let value = signature["value"]?.string {
            outcome = signature["kind"]?.string == "hang" ? .hang : .crash
            self.signature = value
        } else if let crashSignature {
            outcome = .crash
            signature = crashSignature
        } else {
            outcome = .healthy
            signature = ""
        }
        signal = process["signal"]?["name"]?.string
        let modules = report["modules"]?.array ?? []
        let command = process["command"]?.string
        let main = modules.first { module in
            guard let command, !command.isEmpty, let name = module["name"]?.string else { return false }
            return (name.split(separator: "/").last.map(String.init) ?? name).hasPrefix(command)
        } ?? modules.first
        executable = main?["name"]?.string
        buildID = main?["build_id"]?.string
        topFinding = report["findings"]?.array?.first?["title"]?.string
        let handler = process["handler"]
        captureTimeMicroseconds = (handler?["time"]?.string ?? process["capture"]?["time"]?.string).flatMap(ISO8601Time.microseconds)
        handlerExecutable = handler?["executable"]?.string
    }
}
