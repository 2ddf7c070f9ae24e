import CrashStore
import DumpReport

/// One line of `triage --format ndjson`: a core this run stored, for log pipelines (journald,
/// Vector, Fluent Bit). docs/triage.md lists the fields; the report itself is not included.
public enum CoreRecordLine {
    public static func render(_ record: CoreRecord) -> String {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("host")
        json.string(record.host)
        json.key("path")
        json.string(record.path)
        json.key("size")
        json.number(Int(clamping: record.identity.size))
        json.key("executable")
        GroupJSONReport.optional(record.executable, to: &json)
        json.key("build_id")
        GroupJSONReport.optional(record.buildID, to: &json)
        json.key("crash_time")
        GroupJSONReport.optional(record.crashTimeMicroseconds.map { ISO8601Time.text(microseconds: $0) }, to: &json)
        json.key("analysed_at")
        json.string(ISO8601Time.text(microseconds: record.analysedAtMicroseconds))
        json.key("signal")
        GroupJSONReport.optional(record.signal, to: &json)
        json.key("unit")
        GroupJSONReport.optional(record.unit, to: &json)
        json.key("command_line")
        GroupJSONReport.optional(record.commandLine, to: &json)
        json.key("kind")
        json.string(record.outcome.rawValue)
        json.key("signature")
        json.string(record.signature)
        json.key("top_finding")
        GroupJSONReport.optional(record.topFinding, to: &json)
        json.key("error")
        GroupJSONReport.optional(record.error, to: &json)
        json.endObject()
        return json.string + "\n"
    }
}
