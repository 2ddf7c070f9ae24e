import CrashStore
import DumpReport

/// The groups as one JSON document (docs/triage.md lists its fields): the run's counts, then
/// each group with its example core and, when the database has it, the example's report.
public enum GroupJSONReport {
    /// The document's format version, raised when a field changes meaning or goes away.
    public static let formatVersion = 1

    /// - Parameter report: the stored report of a group's example record, nil when there is
    ///   none; a stored report that does not parse is left out.
    public static func render(_ result: TriageResult, report: (CrashGroup) -> String?) -> String {
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        json.key("format_version")
        json.number(formatVersion)
        json.key("database")
        json.string(result.database)
        json.key("run")
        json.beginObject()
        json.key("analysed")
        json.number(result.counts.analysed)
        json.key("errors")
        json.number(result.counts.errors)
        json.key("skipped")
        json.number(result.counts.skipped)
        json.key("not_started")
        json.number(result.counts.notStarted)
        json.endObject()
        json.key("groups")
        json.beginArray()
        for group in result.groups {
            json.beginObject()
            json.key("kind")
            json.string(group.outcome.rawValue)
            json.key("signature")
            json.string(group.signature)
            json.key("count")
            json.number(group.count)
            json.key("first_seen")
            json.string(ISO8601Time.text(microseconds: group.firstSeenMicroseconds))
            json.key("last_seen")
            json.string(ISO8601Time.text(microseconds: group.lastSeenMicroseconds))
            json.key("hosts")
            strings(group.hosts, to: &json)
            json.key("units")
            strings(group.units, to: &json)
            json.key("executables")
            strings(group.executables, to: &json)
            json.key("build_ids")
            strings(group.buildIDs, to: &json)
            json.key("example")
            json.beginObject()
            json.key("id")
            json.number(Int(clamping: group.exampleRecordID))
            json.key("host")
            json.string(group.exampleHost)
            json.key("path")
            json.string(group.examplePath)
            json.key("top_finding")
            optional(group.exampleTopFinding, to: &json)
            json.key("error")
            optional(group.exampleError, to: &json)
            json.key("report")
            if let text = report(group), (try? JSONValue.parse(Array(text.utf8), maximumDepth: 256, keptMembers: [])) != nil {
                json.serialized(text)
            } else {
                json.null()
            }
            json.endObject()
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.string + "\n"
    }

    static func strings(_ values: [String], to json: inout JSONWriter) {
        json.beginArray()
        for value in values { json.string(value) }
        json.endArray()
    }

    static func optional(_ value: String?, to json: inout JSONWriter) {
        if let value { json.string(value) } else { json.null() }
    }
}
