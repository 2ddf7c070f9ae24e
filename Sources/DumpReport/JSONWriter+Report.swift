import DumpAnalysis

/// The values both JSON reports write the same way.
extension JSONWriter {
    /// A finding: severity, kind, title, description, recommendation, TIDs, and the runtime's
    /// wait of a `runtime-lock-wait` finding (null for other kinds). The three texts are plain:
    /// the backticks that quote names in them are dropped (``QuotedNames/plain(_:)``).
    mutating func finding(_ finding: Finding) {
        beginObject()
        key("severity"); string(finding.severity.description)
        key("kind"); string(finding.kind.rawValue)
        key("title"); string(QuotedNames.plain(finding.title))
        key("description"); string(QuotedNames.plain(finding.description))
        key("recommendation"); string(QuotedNames.plain(finding.recommendation))
        key("tids"); tids(finding.tids)
        key("runtime_wait")
        if let subject = finding.runtimeLockWait {
            runtimeWait(subject.wait, lockAddress: subject.lockAddress)
        } else {
            null()
        }
        endObject()
    }

    /// A wait a row of the wait-signature table recognised, as tokens: its kind, the row's
    /// runtime and function (null when no row did), the function as the stack names it, the
    /// lock's address when known, the wait the runtime recorded itself; and in words what it
    /// waits for and where the holder is found.
    mutating func runtimeWait(_ wait: RuntimeWait, lockAddress: UInt64?) {
        beginObject()
        key("kind"); string(wait.kind.rawValue)
        key("runtime"); wait.signature.map { string($0.runtime.rawValue) } ?? null()
        key("signature"); wait.signature.map { string($0.function) } ?? null()
        key("function"); string(wait.function)
        key("lock"); lockAddress.map { address($0) } ?? null()
        key("object"); string(wait.object)
        key("holder_found_in"); wait.holder.map { string($0) } ?? null()
        key("recorded_event")
        if let event = wait.recordedEvent {
            beginObject()
            key("type"); string(event.type)
            key("event"); string(event.event)
            endObject()
        } else {
            null()
        }
        endObject()
    }

    /// An array of TIDs.
    mutating func tids(_ values: [Int32]) {
        beginArray()
        for tid in values { number(Int(tid)) }
        endArray()
    }
}
