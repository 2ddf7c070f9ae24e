import DumpAnalysis
import DumpModel

/// `analyze-dump compare --format json`: the cores in time order, CPU per thread between
/// them, locks held and threads stuck in every core, threads that came and went, function hits
/// and findings. Same conventions as ``JSONReport`` (addresses as strings, microseconds).
public enum ComparisonJSONReport {
    public static func render(_ comparison: CoreComparison, toolVersion: String) -> String {
        var json = JSONWriter(capacity: 16_384 + comparison.threads.count * 200)
        json.beginObject()
        json.key("schema_version"); json.number(JSONReport.schemaVersion)
        json.key("kind"); json.string("comparison")
        json.key("tool"); json.beginObject()
        json.key("name"); json.string("analyze-dump")
        json.key("version"); json.string(toolVersion)
        json.endObject()
        json.key("cores"); json.beginArray()
        for sample in comparison.samples {
            json.beginObject()
            json.key("path"); json.string(sample.label)
            json.key("capture_time"); sample.captureTime.map { json.number($0) } ?? json.null()
            json.key("pid"); json.number(Int(sample.process.pid))
            json.key("thread_count"); json.number(sample.process.threads.count)
            json.key("heap_bytes"); sample.analysis.memory.heapSize.map { json.number($0) } ?? json.null()
            json.endObject()
        }
        json.endArray()
        json.key("interval_seconds"); json.beginArray()
        for seconds in comparison.intervalSeconds { seconds.map { json.number($0) } ?? json.null() }
        json.endArray()
        json.key("has_cpu_accounting"); json.bool(comparison.hasAccounting)
        json.key("findings"); json.beginArray()
        for finding in comparison.findings { json.finding(finding) }
        json.endArray()
        json.key("threads"); json.beginArray()
        for thread in comparison.threads {
            json.beginObject()
            json.key("tid"); json.number(Int(thread.tid))
            json.key("name"); comparison.threadName(thread.tid).map { json.string($0) } ?? json.null()
            json.key("total_us"); json.number(thread.total.totalMicroseconds)
            json.key("average_percent"); thread.averagePercent.map { json.number($0) } ?? json.null()
            json.key("max_percent"); thread.maxPercent.map { json.number($0) } ?? json.null()
            json.key("intervals_us"); json.beginArray()
            for interval in thread.intervals { interval.map { json.number($0.totalMicroseconds) } ?? json.null() }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("persistent_locks"); json.beginArray()
        for lock in comparison.persistentLocks {
            json.beginObject()
            json.key("name"); json.string(lock.name)
            json.key("address"); json.address(lock.address)
            json.key("owner_tid"); json.number(Int(lock.ownerTID))
            json.key("queue_depths"); json.beginArray()
            for depth in lock.queueDepths { json.number(depth) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.key("stuck_threads"); json.beginArray()
        for thread in comparison.stuckThreads {
            json.beginObject()
            json.key("tid"); json.number(Int(thread.tid))
            json.key("name"); comparison.threadName(thread.tid).map { json.string($0) } ?? json.null()
            json.key("place"); json.string(thread.place)
            json.key("state"); json.string(QuotedNames.plain(thread.state))
            json.endObject()
        }
        json.endArray()
        json.key("stuck_goroutines"); json.beginArray()
        for goroutine in comparison.stuckGoroutines {
            json.beginObject()
            json.key("id"); json.number(Int(truncatingIfNeeded: goroutine.id))
            json.key("place"); json.string(goroutine.place)
            json.key("wait_reason"); json.string(goroutine.waitReason)
            json.endObject()
        }
        json.endArray()
        json.key("appeared"); json.tids(comparison.appeared)
        json.key("ended"); json.tids(comparison.ended)
        json.key("function_hits"); json.beginArray()
        for hit in comparison.functionHits {
            json.beginObject()
            json.key("function"); json.string(hit.function)
            json.key("hits"); json.number(hit.hits)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.string + "\n"
    }
}
