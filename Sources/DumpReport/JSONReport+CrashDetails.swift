import DumpAnalysis
import DumpModel

extension JSONReport {
    /// The crash's details beyond its facts (``CrashDetails``), as members of the `crash`
    /// object: `frame_count` (the true depth, the rounds of a recursion the reader only counted
    /// included) and the innermost `frames` kept, the `instruction` at the crash and the
    /// `source` lines around the crashing line (each null when unknown).
    static func writeCrashDetails(_ crash: CrashReport, process: Process, to json: inout JSONWriter) {
        json.key("frame_count"); json.number(crash.stack.depth)
        json.key("frames"); json.beginArray()
        let moduleNames = process.modules.map(\.shortName)
        for frame in CrashDetails.innermostFrames(crash) { write(frame, moduleNames: moduleNames, to: &json) }
        json.endArray()
        json.key("instruction")
        if let instruction = crash.instruction {
            json.beginObject()
            json.key("address"); json.address(instruction.address)
            json.key("bytes"); json.string(CrashDetails.bytes(instruction))
            json.key("text"); instruction.text.map { json.string($0) } ?? json.null()
            json.endObject()
        } else {
            json.null()
        }
        json.key("source")
        if let source = crash.source {
            json.beginObject()
            json.key("path"); json.string(source.path)
            json.key("file"); json.string(source.location.file)
            json.key("line"); json.number(source.location.line)
            json.key("lines"); json.beginArray()
            for line in source.lines {
                json.beginObject()
                json.key("number"); json.number(line.number)
                json.key("text"); json.string(line.text)
                json.key("crashing"); json.bool(source.isMarked(line))
                json.endObject()
            }
            json.endArray()
            json.endObject()
        } else {
            json.null()
        }
    }
}
