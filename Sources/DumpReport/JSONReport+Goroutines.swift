import DumpAnalysis
import DumpModel

/// The `goroutines` array of the JSON report: every goroutine of a Go process with its status,
/// state, wait reason, thread, semaphore and frames; empty for any other process.
extension JSONReport {
    static func writeGoroutines(_ process: Process, to json: inout JSONWriter) {
        let moduleNames = process.modules.map(\.shortName)
        json.beginArray()
        for goroutine in process.goroutines {
            json.beginObject()
            json.key("id"); json.number(Int(truncatingIfNeeded: goroutine.id))
            json.key("status"); json.string(goroutine.status.token)
            json.key("state"); json.string(GoroutineState(goroutine).rawValue)
            json.key("wait_reason"); goroutine.waitReason.map { json.string($0) } ?? json.null()
            json.key("semaphore"); goroutine.semaphoreAddress.map { json.address($0) } ?? json.null()
            json.key("thread_tid"); goroutine.threadTID.map { json.number(Int($0)) } ?? json.null()
            json.key("creator_pc"); goroutine.creatorPC.map { json.address($0) } ?? json.null()
            json.key("creator_function"); goroutine.creatorFunction.map { json.string($0) } ?? json.null()
            json.key("start_function"); goroutine.startFunction.map { json.string($0) } ?? json.null()
            json.key("frames"); json.beginArray()
            for frame in goroutine.frames { write(frame, moduleNames: moduleNames, to: &json) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }
}
