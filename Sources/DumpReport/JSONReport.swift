import DumpAnalysis
import DumpModel

/// The report as a versioned JSON document for pipelines: the process, every thread with its
/// state, CPU and frames, modules, locks and the wait-for graph, pools, hot methods, memory,
/// counters, findings, the problem signature and the crash. `docs/report.schema.json` describes
/// it; ``schemaVersion`` changes when a field changes meaning or goes away.
public enum JSONReport {
    /// The version of the document's shape.
    public static let schemaVersion = 2

    /// - Parameter tids: the threads `--tid` names, the only ones `threads` lists; empty for all.
    public static func render(_ process: Process, analysis: ProcessAnalysis, toolVersion: String, tids: Set<Int32> = []) -> String {
        var json = JSONWriter(capacity: process.threads.reduce(16_384) { $0 + 400 + $1.frames.count * 260 })
        json.beginObject()
        json.key("schema_version"); json.number(schemaVersion)
        json.key("tool"); json.beginObject()
        json.key("name"); json.string("analyze-dump")
        json.key("version"); json.string(toolVersion)
        json.endObject()
        json.key("process"); writeProcess(process, analysis: analysis, to: &json)
        json.key("findings"); json.beginArray()
        for finding in analysis.findings { json.finding(finding) }
        json.endArray()
        json.key("signature"); writeSignature(analysis.signature, to: &json)
        json.key("crash"); writeCrash(process, analysis: analysis, to: &json)
        json.key("threads"); json.beginArray()
        for thread in process.threads where tids.isEmpty || tids.contains(thread.tid) {
            write(thread, process: process, analysis: analysis, to: &json)
        }
        json.endArray()
        json.key("goroutines"); writeGoroutines(process, to: &json)
        json.key("goroutine_groups"); writeGoroutineGroups(analysis.goroutines, to: &json)
        json.key("locks"); writeLocks(analysis.locks, to: &json)
        json.key("wait_graph"); writeWaitGraph(analysis.locks, to: &json)
        json.key("pools"); writePools(analysis, to: &json)
        json.key("hot_methods"); writeHotMethods(analysis.hotMethods, to: &json)
        json.key("memory"); writeMemory(analysis.memory, to: &json)
        json.key("counters"); json.beginArray()
        for counter in analysis.counters {
            json.beginObject()
            json.key("expression"); json.string(counter.expression)
            json.key("value"); json.string(counter.value.description)
            json.key("type"); json.string(counter.typeName)
            json.key("address"); json.address(counter.address)
            json.endObject()
        }
        json.endArray()
        json.key("modules"); json.beginArray()
        for module in process.modules { write(module, to: &json) }
        json.endArray()
        json.key("diagnostics"); json.beginArray()
        for diagnostic in process.diagnostics {
            json.beginObject()
            json.key("severity"); json.string(diagnostic.severity.rawValue)
            json.key("message"); json.string(diagnostic.message)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.string + "\n"
    }

    // MARK: Process and findings

    private static func writeProcess(_ process: Process, analysis: ProcessAnalysis, to json: inout JSONWriter) {
        json.beginObject()
        json.key("pid"); json.number(Int(process.pid))
        json.key("command"); optional(process.status?.command, to: &json)
        json.key("arguments"); optional(process.status?.arguments, to: &json)
        json.key("architecture"); json.string(process.architecture.description)
        json.key("core_producer"); json.string(process.producer.rawValue)
        json.key("capture"); writeCapture(process.capture, to: &json)
        json.key("handler"); writeHandler(process.handler, to: &json)
        json.key("thread_count"); json.number(process.threads.count)
        json.key("signal")
        if let signal = process.signal {
            json.beginObject()
            json.key("number"); json.number(Int(signal.number))
            json.key("name"); json.string(signal.name)
            json.key("code"); json.number(Int(signal.code))
            json.key("fault_address"); signal.faultAddress.map { json.address($0) } ?? json.null()
            json.key("sender_pid"); signal.senderPID.map { json.number(Int($0)) } ?? json.null()
            json.key("thread"); process.signalledThreadTID.map { json.number(Int($0)) } ?? json.null()
            json.endObject()
        } else {
            json.null()
        }
        json.key("cpu"); json.beginObject()
        json.key("has_accounting"); json.bool(analysis.cpu.hasAccounting)
        json.key("total_user_us"); json.number(analysis.cpu.processTotal.userMicroseconds)
        json.key("total_system_us"); json.number(analysis.cpu.processTotal.systemMicroseconds)
        json.endObject()
        json.key("complete"); json.bool(process.isComplete)
        json.endObject()
    }

    /// What `analyze-dump capture` recorded, or null: the time to the millisecond in UTC, how
    /// long the process was stopped, the trigger.
    private static func writeCapture(_ capture: CaptureNote?, to json: inout JSONWriter) {
        guard let capture else { return json.null() }
        json.beginObject()
        json.key("time"); json.string(CoreOrigin.timestamp(capture.captureTimeNanoseconds))
        json.key("stopped_ms"); json.number(Double(capture.stoppedNanoseconds) / 1_000_000)
        json.key("trigger"); json.string(capture.trigger)
        json.endObject()
    }

    /// The problem signature (docs/signatures.md), or null for a healthy core.
    private static func writeSignature(_ signature: ProblemSignature?, to json: inout JSONWriter) {
        guard let signature else { return json.null() }
        json.beginObject()
        json.key("kind"); json.string(signature.kind.rawValue)
        json.key("value"); json.string(signature.value)
        json.key("finding"); json.string(signature.finding.rawValue)
        json.key("frames"); json.beginArray()
        for frame in signature.frames { json.string(frame) }
        json.endArray()
        json.key("title"); json.string(signature.title)
        json.endObject()
    }

    /// What `analyze-dump handle` recorded of the dying process, or null; a field it could
    /// not read is null (an empty list for the command line).
    private static func writeHandler(_ note: HandlerNote?, to json: inout JSONWriter) {
        guard let note else { return json.null() }
        json.beginObject()
        json.key("hostname"); optional(note.hostname, to: &json)
        json.key("time"); optional(note.time.map { CoreOrigin.timestamp(ofSeconds: $0) }, to: &json)
        json.key("uid"); note.uid.map { json.number(Int($0)) } ?? json.null()
        json.key("gid"); note.gid.map { json.number(Int($0)) } ?? json.null()
        json.key("executable"); optional(note.executablePath, to: &json)
        json.key("command_line"); json.beginArray()
        for argument in note.arguments { json.string(argument) }
        json.endArray()
        json.key("cgroup"); optional(note.cgroup, to: &json)
        json.key("unit"); optional(note.unit, to: &json)
        json.key("container"); optional(note.container, to: &json)
        json.key("environment"); json.beginArray()
        for variable in note.environment {
            json.beginObject()
            json.key("key"); json.string(variable.key)
            json.key("value"); json.string(variable.value)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func writeCrash(_ process: Process, analysis: ProcessAnalysis, to json: inout JSONWriter) {
        guard let crash = analysis.crash else { return json.null() }
        json.beginObject()
        json.key("signature"); json.string(analysis.signature?.value ?? "")
        json.key("kind"); json.string(CrashSignature.kindName(crash.kind))
        json.key("summary"); json.string(crash.summary)
        json.key("signal"); json.string(crash.signalName)
        json.key("code_name"); optional(crash.signalCodeDescription?.name, to: &json)
        json.key("code_meaning"); optional(crash.signalCodeDescription?.meaning, to: &json)
        json.key("fault_address"); crash.faultAddress.map { json.address($0) } ?? json.null()
        json.key("tid"); crash.crashingTID.map { json.number(Int($0)) } ?? json.null()
        json.key("instruction_pointer"); crash.instructionPointer.map { json.address($0) } ?? json.null()
        json.key("application_frame"); optional(crash.applicationFrame.map { FrameName.of($0, in: process) }, to: &json)
        json.key("recursion")
        if case .stackOverflow(let recursion?) = crash.kind {
            json.beginObject()
            json.key("cycle"); json.beginArray()
            for name in recursion.cycle { json.string(name) }
            json.endArray()
            json.key("repetitions"); json.number(recursion.repetitions)
            json.key("first_frame"); json.number(recursion.firstFrameIndex)
            json.key("lower_bound"); json.bool(recursion.isLowerBound)
            json.key("frame_limit"); recursion.frameLimit.map { json.number($0) } ?? json.null()
            json.endObject()
        } else {
            json.null()
        }
        writeCrashDetails(crash, process: process, to: &json)
        if case .uncaughtException(let uncaught) = crash.kind {
            json.key("exception")
            if let exception = uncaught.exception {
                json.beginObject()
                json.key("type"); json.string(exception.typeName)
                json.key("message"); optional(exception.message, to: &json)
                json.key("object"); json.address(exception.objectAddress)
                json.endObject()
            } else {
                json.null()
            }
        }
        if let handler = crash.handler {
            json.key("handler")
            json.beginObject()
            json.key("chain"); json.string(handler.chain)
            json.key("frames")
            json.beginArray()
            for frame in handler.frames { json.string(FrameName.of(frame, in: process)) }
            json.endArray()
            json.key("reraised_signal"); json.string(handler.reraisedSignalName)
            json.key("reraised_code_name"); optional(handler.reraisedSignalCode?.name, to: &json)
            json.key("evidence"); json.string(handler.evidence.rawValue)
            json.key("access"); optional(handler.access?.rawValue, to: &json)
            json.key("interrupted_at_system_call"); json.bool(handler.interruptedAtSystemCall)
            json.endObject()
        }
        json.endObject()
    }

    // MARK: Threads

    private static func write(_ thread: Thread, process: Process, analysis: ProcessAnalysis, to json: inout JSONWriter) {
        json.beginObject()
        json.key("tid"); json.number(Int(thread.tid))
        json.key("name"); optional(thread.name, to: &json)
        json.key("is_main"); json.bool(thread.isMainThread)
        json.key("state")
        if let state = analysis.states[thread.tid] {
            let lockAddress = analysis.locks.waitingOn[thread.tid].map { analysis.locks.locks[$0].address }
            json.beginObject()
            json.key("category"); json.string(state.category.rawValue)
            json.key("activity"); json.string(activityToken(state.activity))
            // A runtime's wait keeps its own words (what it waits for, in which function), its
            // lock is in `runtime_wait`; a C library primitive is named as every report names it.
            let description = if case .runtime = state.activity { state.description } else { analysis.stateDescription(of: thread.tid) }
            json.key("description"); json.string(QuotedNames.plain(description ?? state.description))
            json.key("lock"); lockAddress.map { json.address($0) } ?? json.null()
            json.key("runtime_wait")
            if case .runtime(let wait) = state.activity {
                json.runtimeWait(wait, lockAddress: lockAddress)
            } else {
                json.null()
            }
            json.key("inferred_without_symbols"); json.bool(state.isInferredWithoutSymbols)
            json.key("runtime_state"); optional(thread.runtimeState, to: &json)
            json.key("system_call")
            if let call = state.systemCall {
                json.beginObject()
                json.key("number"); json.number(Int(call.number))
                json.key("name"); optional(call.name, to: &json)
                json.key("arguments"); json.beginArray()
                for argument in call.arguments { json.address(argument) }
                json.endArray()
                json.endObject()
            } else {
                json.null()
            }
            json.endObject()
        } else {
            json.null()
        }
        json.key("cpu")
        if let entry = analysis.cpu.entry(tid: thread.tid) {
            json.beginObject()
            json.key("user_us"); json.number(entry.time.userMicroseconds)
            json.key("system_us"); json.number(entry.time.systemMicroseconds)
            json.key("share"); json.number(entry.share)
            json.key("derived_from_total"); json.bool(entry.isDerived)
            json.endObject()
        } else {
            json.null()
        }
        json.key("unwind"); json.string(unwindText(thread.unwindStatus))
        json.key("depth"); json.number(thread.depth)
        json.key("omitted_frames")
        if let omitted = thread.omittedFrames {
            json.beginObject()
            json.key("index"); json.number(omitted.index)
            json.key("count"); json.number(omitted.count)
            json.key("cycle_length"); json.number(omitted.cycleLength)
            json.endObject()
        } else {
            json.null()
        }
        json.key("frames"); json.beginArray()
        let moduleNames = process.modules.map(\.shortName)
        for frame in thread.frames { write(frame, moduleNames: moduleNames, to: &json) }
        json.endArray()
        json.endObject()
    }

    static func write(_ frame: Frame, moduleNames: [String], to json: inout JSONWriter) {
        json.beginObject()
        json.key("pc"); json.address(frame.pc)
        json.key("module"); optional(frame.moduleIndex.map { moduleNames[$0] }, to: &json)
        json.key("module_offset"); frame.moduleOffset.map { json.address($0) } ?? json.null()
        json.key("function"); optional(frame.function, to: &json)
        json.key("function_offset"); frame.functionOffset.map { json.address($0) } ?? json.null()
        json.key("file"); optional(frame.source?.file, to: &json)
        json.key("line"); frame.source.map { json.number($0.line) } ?? json.null()
        json.key("inlined"); json.bool(frame.isInlined)
        json.key("trust"); json.string(frame.trust.rawValue)
        json.key("runtime"); json.string(frame.runtime.rawValue)
        json.endObject()
    }

    /// The state's activity as a token: `mutex`, `condition`, `runtime_wait` ...
    private static func activityToken(_ activity: ThreadState.Activity) -> String {
        switch activity {
        case .crashed: "crashed"
        case .running: "running"
        case .mutex: "mutex"
        case .internalLock: "internal_lock"
        case .readLock: "read_lock"
        case .writeLock: "write_lock"
        case .condition: "condition"
        case .semaphore: "semaphore"
        case .join: "join"
        case .futex: "futex"
        case .sleeping: "sleeping"
        case .waitingForEvents: "waiting_for_events"
        case .io: "io"
        case .childProcess: "child_process"
        case .systemCall: "system_call"
        case .runtime: "runtime_wait"
        case .restartedWait: "restarted_wait"
        }
    }

    private static func unwindText(_ status: UnwindStatus) -> String {
        switch status {
        case .complete: "complete"
        case .stopped(let reason): "stopped: " + reason
        case .truncated(let limit): "truncated at \(limit) frames"
        case .failed(let reason): "failed: " + reason
        }
    }

    // MARK: Locks, pools, hot methods, memory

    private static func writeLocks(_ locks: LockAnalysis, to json: inout JSONWriter) {
        json.beginArray()
        for lock in locks.locks {
            json.beginObject()
            json.key("address"); json.address(lock.address)
            json.key("name"); json.string(lock.name)
            json.key("kind"); json.string(lock.kind.description)
            json.key("owner_tid"); lock.ownerTID.map { json.number(Int($0)) } ?? json.null()
            json.key("owner_in_process"); json.bool(lock.ownerIsInProcess)
            json.key("recursion_count"); lock.recursionCount.map { json.number($0) } ?? json.null()
            json.key("reader_count"); lock.readerCount.map { json.number($0) } ?? json.null()
            json.key("queue_depth"); json.number(lock.queueDepth)
            json.key("waiters"); json.beginArray()
            for waiter in lock.waiters {
                json.beginObject()
                json.key("tid"); json.number(Int(waiter.tid))
                json.key("mode"); json.string(waiter.mode.rawValue)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private static func writeWaitGraph(_ locks: LockAnalysis, to json: inout JSONWriter) {
        json.beginObject()
        json.key("edges"); json.beginArray()
        for (tid, index) in locks.waitingOn.sorted(by: { $0.key < $1.key }) {
            guard let owner = locks.blocker(of: tid) else { continue }
            json.beginObject()
            json.key("waiter"); json.number(Int(tid))
            json.key("owner"); json.number(Int(owner))
            json.key("lock"); json.address(locks.locks[index].address)
            json.key("root"); json.number(Int(locks.root(of: tid)))
            json.endObject()
        }
        json.endArray()
        json.key("deadlocks"); json.beginArray()
        for deadlock in locks.deadlocks {
            json.beginObject()
            json.key("tids"); json.tids(deadlock.tids)
            json.key("locks"); json.beginArray()
            for index in deadlock.lockIndices { json.address(locks.locks[index].address) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func writePools(_ analysis: ProcessAnalysis, to json: inout JSONWriter) {
        json.beginArray()
        for pool in analysis.pools {
            json.beginObject()
            json.key("entry_function"); json.string(pool.entryFunction)
            json.key("tids"); json.tids(pool.tids)
            json.key("busy"); json.number(pool.busy.count)
            json.key("blocked"); json.number(pool.blocked.count)
            json.key("idle"); json.number(pool.idle.count)
            json.key("saturated"); json.bool(pool.isSaturated)
            json.endObject()
        }
        json.endArray()
    }

    private static func writeHotMethods(_ hot: HotMethods, to json: inout JSONWriter) {
        json.beginArray()
        for entry in hot.entries {
            json.beginObject()
            json.key("function"); json.string(entry.function)
            json.key("file"); optional(entry.source?.file, to: &json)
            json.key("line"); entry.source.map { json.number($0.line) } ?? json.null()
            json.key("runtime"); json.bool(entry.isRuntime)
            json.key("threads_inside"); json.number(entry.exclusiveThreads)
            json.key("threads_on_stack"); json.number(entry.inclusiveThreads)
            json.key("cpu_inside_us"); json.number(entry.exclusiveCPU.totalMicroseconds)
            json.key("cpu_on_stack_us"); json.number(entry.inclusiveCPU.totalMicroseconds)
            json.endObject()
        }
        json.endArray()
    }

    private static func writeMemory(_ memory: MemorySummary, to json: inout JSONWriter) {
        json.beginObject()
        json.key("mapped_bytes"); json.number(memory.mappedSize)
        json.key("dumped_bytes"); json.number(memory.dumpedSize)
        json.key("file_backed_bytes"); memory.fileBackedSize.map { json.number($0) } ?? json.null()
        json.key("anonymous_bytes"); memory.anonymousSize.map { json.number($0) } ?? json.null()
        json.key("reserved_bytes"); memory.reservedSize.map { json.number($0) } ?? json.null()
        json.key("stack_bytes"); json.number(memory.totalStackSize)
        json.key("heap_bytes"); memory.heapSize.map { json.number($0) } ?? json.null()
        json.key("malloc_arenas")
        switch memory.arenas {
        case .known(let count, let systemMemory):
            json.beginObject()
            json.key("count"); json.number(count)
            json.key("system_bytes"); json.number(systemMemory)
            json.endObject()
        case .unknown:
            json.null()
        }
        json.key("malloc_mapped_chunk_bytes"); memory.mallocMappedChunkSize.map { json.number($0) } ?? json.null()
        json.key("own_mappings_bytes"); memory.ownMappingsSize.map { json.number($0) } ?? json.null()
        json.key("heap_dominant"); json.bool(memory.isHeapDominant)
        // Version 1's name for heap_dominant, which one core cannot make a leak.
        json.key("leak_candidate"); json.bool(memory.isHeapDominant)
        json.endObject()
    }

    // MARK: Modules and helpers

    private static func write(_ module: Module, to json: inout JSONWriter) {
        json.beginObject()
        json.key("name"); json.string(module.name)
        json.key("start"); json.address(module.startAddress)
        json.key("end"); json.address(module.endAddress)
        json.key("build_id"); optional(module.buildID, to: &json)
        json.key("file"); optional(module.filePath, to: &json)
        json.key("debug_file"); optional(module.debugFilePath, to: &json)
        json.key("symbols"); json.string(symbolStatus(module.symbolStatus))
        json.endObject()
    }

    private static func symbolStatus(_ status: SymbolStatus) -> String {
        switch status {
        case .debugInfo: "debug-info"
        case .symbolsOnly: "symbols-only"
        case .noSymbols: "no-symbols"
        case .missing: "missing"
        case .buildIDMismatch: "build-id-mismatch"
        }
    }

    private static func optional(_ value: String?, to json: inout JSONWriter) {
        if let value { json.string(value) } else { json.null() }
    }
}
