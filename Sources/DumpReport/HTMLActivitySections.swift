import DumpAnalysis
import DumpModel

/// The middle of the HTML report: thread states and pools, application counters, memory and
/// hot methods, as the text report words them.
enum HTMLActivitySections {
    /// The most application functions in the hot methods table.
    static let hotApplicationMethodCount = 15
    /// The most C library and runtime functions listed after them.
    static let hotRuntimeMethodCount = 10

    // MARK: Thread states and pools

    /// How many threads are in each state category, then the pools.
    static func writeThreadStates(_ process: Process, analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        html.raw("<section id=\"thread-states\">\n<h2>Thread states</h2>\n<table class=\"states\">\n")
        html.tableHead(["state", "threads"])
        html.raw("<tbody>\n")
        for (category, count) in analysis.stateCounts {
            html.raw("<tr>")
            html.element("td", category.rawValue)
            html.numberCell(count)
            html.raw("</tr>\n")
        }
        let unclassified = process.threads.count - analysis.states.count
        if unclassified > 0 {
            html.raw("<tr><td>unknown</td>")
            html.numberCell(unclassified)
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n<tfoot><tr><th>all threads</th>")
        html.numberCell(process.threads.count)
        html.raw("</tr></tfoot>\n</table>\n")
        writePools(analysis, to: &html)
        html.raw("</section>\n")
    }

    private static func writePools(_ analysis: ProcessAnalysis, to html: inout HTMLWriter) {
        guard !analysis.pools.isEmpty else { return }
        html.raw("<h3>Thread pools (threads sharing a start function)</h3>\n<table class=\"pools\">\n")
        html.tableHead(["start function", "threads", "busy", "blocked", "idle", "note"])
        html.raw("<tbody>\n")
        for pool in analysis.pools {
            html.raw(pool.isSaturated ? "<tr class=\"saturated\">" : "<tr>")
            html.element("td", pool.entryFunction, class: "mono")
            html.numberCell(pool.tids.count)
            html.numberCell(pool.busy.count)
            var blocked = "\(pool.blocked.count)"
            if let main = pool.mainBlocker { blocked += " (\(main.count) on `\(analysis.locks.locks[main.lockIndex].name)`)" }
            html.element("td", blocked, class: "number")
            html.numberCell(pool.idle.count)
            html.element("td", pool.isSaturated ? "saturated" : "")
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n")
    }

    // MARK: Counters

    /// The application counters read with `--queue`; nothing when none was asked for.
    static func writeCounters(_ counters: [QueueCounter], to html: inout HTMLWriter) {
        guard !counters.isEmpty else { return }
        html.raw("<section id=\"counters\">\n<h2>Application counters</h2>\n<table>\n")
        html.tableHead(["expression", "value", "type", "address"])
        html.raw("<tbody>\n")
        for counter in counters {
            html.raw("<tr>")
            html.element("td", counter.expression, class: "mono")
            html.element("td", counter.value.description, class: "number")
            html.element("td", counter.typeName, class: "mono")
            html.element("td", TextFormatting.hex(counter.address), class: "mono")
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    // MARK: Memory

    /// Mapped, file-backed, anonymous and reserved memory, stacks, heap, malloc arenas and
    /// mapped chunks, and the heap not from malloc.
    static func writeMemory(_ memory: MemorySummary, to html: inout HTMLWriter) {
        let size = TextFormatting.size
        html.raw("<section id=\"memory\">\n<h2>Memory</h2>\n<p>Address space in the core's segments, not resident memory.</p>\n<dl class=\"facts\">\n")
        html.definition("Mapped", "\(size(memory.mappedSize)), of which the core holds \(size(memory.dumpedSize))")
        if let file = memory.fileBackedSize, let anonymous = memory.anonymousSize {
            html.definition("File-backed", size(file))
            html.definition("Anonymous", size(anonymous))
            if let reserved = memory.reservedSize { html.definition("Reserved (not writable)", size(reserved)) }
        } else {
            html.definition("File-backed, anonymous", "unknown (the core has no NT_FILE note)")
        }
        let stacks = memory.stacks.filter { $0.region != nil }.count
        var stackText = "\(size(memory.totalStackSize)) (\(stacks) threads)"
        if memory.stacks.contains(where: \.isStackPointerInGuardPage) { stackText += "; a stack pointer is in its guard page" }
        html.definition("Thread stacks", stackText)
        if let heap = memory.heapSize { html.definition("Heap", "\(size(heap)) (writable anonymous memory outside stacks)") }
        switch memory.arenas {
        case .known(let count, let systemMemory):
            html.definition("malloc arenas", "\(count), \(size(systemMemory)) from the system")
        case .unknown(let reason):
            html.definition("malloc arenas", "unknown: \(reason)")
        }
        if let chunks = memory.mallocMappedChunkSize { html.definition("malloc chunks mapped on their own", size(chunks)) }
        if let own = memory.ownMappingsSize { html.definition("Heap not from malloc", "\(size(own)) (the program's own anonymous mappings and static data)") }
        html.raw("</dl>\n</section>\n")
    }

    // MARK: Hot methods

    /// Application functions first, like the text report, then the busiest C library and
    /// runtime functions. CPU columns are `—` when the core records no CPU times (`cpuKnown`).
    static func writeHotMethods(_ hot: HotMethods, cpuKnown: Bool, to html: inout HTMLWriter) {
        html.raw("<section id=\"hot-methods\">\n<h2>Hot methods</h2>\n")
        let application = hot.entries.filter { !$0.isRuntime }.prefix(hotApplicationMethodCount)
        let runtime = hot.entries.filter(\.isRuntime).prefix(hotRuntimeMethodCount)
        guard !application.isEmpty || !runtime.isEmpty else {
            html.raw("<p>No frames.</p>\n</section>\n")
            return
        }
        html.raw("<table class=\"hot\">\n")
        html.tableHead(["function", "source", "threads inside", "threads with it on the stack", "CPU inside", "CPU on stack"])
        if !application.isEmpty {
            html.raw("<tbody>\n<tr class=\"group\"><th colspan=\"6\">Application functions over all threads</th></tr>\n")
            for entry in application { writeRow(entry, cpuKnown: cpuKnown, to: &html) }
            html.raw("</tbody>\n")
        }
        if !runtime.isEmpty {
            html.raw("<tbody class=\"runtime\">\n<tr class=\"group\"><th colspan=\"6\">C library and runtime functions</th></tr>\n")
            for entry in runtime { writeRow(entry, cpuKnown: cpuKnown, to: &html) }
            html.raw("</tbody>\n")
        }
        html.raw("</table>\n</section>\n")
    }

    private static func writeRow(_ entry: HotMethods.Entry, cpuKnown: Bool, to html: inout HTMLWriter) {
        html.raw("<tr>")
        html.element("td", entry.function, class: "mono")
        html.raw("<td class=\"mono\"")
        if let source = entry.source { html.attribute("title", source.description) }
        html.raw(">")
        html.text(entry.source?.shortDescription ?? "")
        html.raw("</td>")
        html.numberCell(entry.exclusiveThreads)
        html.numberCell(entry.inclusiveThreads)
        html.element("td", TextFormatting.cpuSeconds(entry.exclusiveCPU, known: cpuKnown), class: "number")
        html.element("td", TextFormatting.cpuSeconds(entry.inclusiveCPU, known: cpuKnown), class: "number")
        html.raw("</tr>\n")
    }
}
