import DumpAnalysis

/// The values both JSON reports write the same way.
extension JSONWriter {
    /// A finding: severity, kind, title, description, recommendation and TIDs.
    mutating func finding(_ finding: Finding) {
        beginObject()
        key("severity"); string(finding.severity.description)
        key("kind"); string(finding.kind.rawValue)
        key("title"); string(finding.title)
        key("description"); string(finding.description)
        key("recommendation"); string(finding.recommendation)
        key("tids"); tids(finding.tids)
        endObject()
    }

    /// An array of TIDs.
    mutating func tids(_ values: [Int32]) {
        beginArray()
        for tid in values { number(Int(tid)) }
        endArray()
    }
}
