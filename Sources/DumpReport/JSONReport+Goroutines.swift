import DumpAnalysis
import DumpModel

/// The `goroutines` array of the JSON report: every goroutine of a Go process with its status,
/// state, wait reason, thread, semaphore, the lock it waits for and frames; and the
/// `goroutine_groups` array: the goroutines with identical stacks, largest first. Both empty
/// for any other process.
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
            json.key("waited_ns")
            GoroutineAnalysis.waited(goroutine, capturedAt: process.capture?.monotonicNanoseconds).map { json.number(Int($0)) } ?? json.null()
            json.key("semaphore"); goroutine.semaphoreAddress.map { json.address($0) } ?? json.null()
            json.key("lock")
            if let wait = goroutine.lockWait {
                json.beginObject()
                json.key("address"); json.address(wait.lockAddress)
                json.key("kind"); json.string(wait.lockKind)
                json.key("role"); json.string(wait.role.rawValue)
                json.key("readers_ahead"); wait.readersAhead.map { json.number($0) } ?? json.null()
                json.endObject()
            } else {
                json.null()
            }
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

    static func writeGoroutineGroups(_ analysis: GoroutineAnalysis, to json: inout JSONWriter) {
        json.beginArray()
        for group in analysis.groups {
            json.beginObject()
            json.key("count"); json.number(group.goroutineIDs.count)
            json.key("headline"); json.string(group.headline)
            json.key("state"); json.string(group.state.rawValue)
            json.key("wait_reason"); group.waitReason.map { json.string($0) } ?? json.null()
            json.key("function"); group.function.map { json.string($0) } ?? json.null()
            json.key("longest_wait_ns"); group.longestWaitNanoseconds.map { json.number(Int($0)) } ?? json.null()
            json.key("goroutine_ids"); json.beginArray()
            for id in group.goroutineIDs { json.number(Int(truncatingIfNeeded: id)) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }
}
