import DumpModel

/// Findings about what threads spend their time on: runaway CPU, saturated pools, the
/// application's own queue counters, and modules without symbols.
struct ActivityFindings {
    let process: Process
    let cpu: CPUUsage
    let pools: [ThreadPool]
    let locks: LockAnalysis
    let counters: [QueueCounter]
    let frames: ApplicationFrames
    /// Threads already named by a lock finding: their CPU is told there.
    let reportedTIDs: Set<Int32>

    /// A thread with at least this share of the process's CPU and this many seconds is
    /// reported as runaway; a thread of a pool must also have used this many times the
    /// median of its pool, since the workers of a busy service all use CPU.
    static let runawayShare = 0.2
    static let runawaySeconds = 1.0
    static let runawayPoolFactor = 2.0

    func findings() -> [Finding] {
        var findings: [Finding] = []
        if let runaway = runawayCPU() { findings.append(runaway) }
        findings += pools.filter(\.isSaturated).map(saturated)
        findings += counters.map(queueDepth)
        if let symbols = missingSymbols() { findings.append(symbols) }
        return findings
    }

    private func runawayCPU() -> Finding? {
        guard cpu.hasAccounting else { return nil }
        var poolMedian: [Int32: Double] = [:]
        for pool in pools {
            let times = pool.tids.map { cpu.entry(tid: $0)?.time.totalSeconds ?? 0 }.sorted()
            for tid in pool.tids { poolMedian[tid] = times[times.count / 2] }
        }
        let busy = cpu.entries.filter {
            !reportedTIDs.contains($0.tid) && $0.share >= Self.runawayShare && $0.time.totalSeconds >= Self.runawaySeconds
                && $0.time.totalSeconds >= Self.runawayPoolFactor * (poolMedian[$0.tid] ?? 0)
        }
        guard !busy.isEmpty else { return nil }
        let lines = busy.map { entry -> String in
            let location = process.thread(tid: entry.tid).map { Wording.location(of: $0, in: process, frames: frames) } ?? "?"
            return "thread \(entry.tid) used \(Wording.seconds(entry.time)) (\(Int(saturatingRounded: entry.share * 100)) % of the process) in \(location)"
        }
        let used = busy.reduce(CPUTime.zero) { $0 + $1.time }
        let title = busy.count == 1
            ? "Thread \(busy[0].tid) used \(Wording.seconds(busy[0].time)) of CPU (\(Int(saturatingRounded: busy[0].share * 100)) % of the process)"
            : "\(busy.count) threads used \(Wording.seconds(used)) of the process's \(Wording.seconds(cpu.processTotal)) of CPU"
        return Finding(
            severity: .warning, kind: .runawayCPU, title: title,
            description: lines.joined(separator: "; ").capitalizedFirst + ". CPU times are totals since each thread started.",
            recommendation: "Profile the named functions (perf record -g -p PID, or two cores a few seconds apart with `analyze-dump compare`) to tell a busy loop from legitimate work; bound or yield in loops that wait for a condition.",
            tids: busy.map(\.tid), impact: busy.count)
    }

    private func saturated(_ pool: ThreadPool) -> Finding {
        var blockedText = "\(pool.blocked.count) blocked"
        if let main = pool.mainBlocker { blockedText += " (\(main.count) on `\(locks.locks[main.lockIndex].name)`)" }
        let summary = "\(pool.tids.count) threads: \(pool.busy.count) busy, \(blockedText), \(pool.idle.count) idle"
        return Finding(
            severity: .warning, kind: .saturatedPool,
            title: "Thread pool `\(pool.entryFunction)` is saturated: \(summary)",
            description: "Every thread started in `\(pool.entryFunction)` is busy or blocked and none waits for work, so new requests queue up until a blocked thread is released.",
            recommendation: "Fix what blocks the pool first (see the lock findings); raising the pool size only queues more threads behind the same lock.",
            tids: pool.blocked + pool.busy, impact: pool.tids.count)
    }

    /// A counter is a warning when a saturated pool cannot drain the queue it counts.
    private func queueDepth(_ counter: QueueCounter) -> Finding {
        let saturated = pools.filter(\.isSaturated)
        var description = "`\(counter.expression)` (\(counter.typeName) at \(Wording.hex(counter.address))) holds \(counter.value.description) in this core."
        if !saturated.isEmpty {
            let names = saturated.map { "`\($0.entryFunction)`" }.joined(separator: ", ")
            description += " The pool \(names) is saturated, so these requests wait until its blocked threads are released."
        }
        return Finding(
            severity: saturated.isEmpty ? .information : .warning, kind: .queueDepth,
            title: "Work requests in queue: \(counter.expression) = \(counter.value.description)",
            description: description,
            recommendation: "Compare with the queue's limit and with the pool's blocked threads: a full queue behind a saturated pool is what triggers recycling.",
            tids: [], impact: 0)
    }

    /// Modules whose frames show as module+offset. A warning, ranked by how many threads'
    /// stacks pass through them, when that is the program itself (its functions, locks and
    /// application frames are then addresses, and unwinding stops there) or a file given
    /// whose build-id is not the core's (named with both build-ids, the fix being the right
    /// file); information for libraries alone (a core read on another machine without
    /// --sysroot), which `--fail-on warning` should not fail on.
    private func missingSymbols() -> Finding? {
        let lacking = process.modules.indices.filter { index in
            let module = process.modules[index]
            switch module.symbolStatus {
            case .missing, .noSymbols, .buildIDMismatch: return !module.name.hasPrefix("[")
            case .debugInfo, .symbolsOnly: return false
            }
        }
        guard !lacking.isEmpty else { return nil }
        let lackingSet = Set(lacking)
        let affected = process.threads.filter { thread in
            thread.frames.contains { $0.moduleIndex.map(lackingSet.contains) ?? false }
        }
        let program = process.status?.command ?? ""
        let blinding = lacking.contains { index in
            let module = process.modules[index]
            if case .buildIDMismatch = module.symbolStatus { return true }
            return !program.isEmpty && module.shortName.hasPrefix(program)
        }
        let severity: Finding.Severity = affected.isEmpty || !blinding ? .information : .warning
        let impact = severity == .warning ? affected.count : 0
        let who = affected.count == process.threads.count && affected.count > 1
            ? "All \(affected.count) threads have" : "\(Wording.count(affected.count, "thread")) of \(process.threads.count) \(affected.count == 1 ? "has" : "have")"
        let affectedText = affected.isEmpty ? "" : " \(who) frames in \(lacking.count == 1 ? "it" : "them"), so their names, locks and application frames are addresses, and their stacks may stop there."
        let recommendation = "Pass the executable the core was written by with --exe, the machine's root file system with --sysroot, or a directory of debug files with --debug-dir."
        if lacking.count == 1, let module = lacking.first.map({ process.modules[$0] }),
           case .buildIDMismatch(let fileBuildID) = module.symbolStatus {
            let recorded = module.buildID.map { " \($0.prefix(12))" } ?? ""
            return Finding(
                severity: severity, kind: .missingSymbols,
                title: "The file given for `\(module.shortName)` is not the one the core was written by",
                description: "\(module.filePath ?? "The file given") has build-id \(fileBuildID.prefix(12)), the core recorded\(recorded) for \(module.name): it was not used, and frames in `\(module.shortName)` show as module+offset.\(affectedText)",
                recommendation: "Pass the executable whose build-id is\(recorded) with --exe (`file` or `eu-readelf -n` shows a file's build-id), or its directory of debug files with --debug-dir.",
                tids: affected.map(\.tid), impact: impact)
        }
        let names = lacking.prefix(5).map { "`" + process.modules[$0].shortName + "`" }.joined(separator: ", ")
            + (lacking.count > 5 ? " and \(lacking.count - 5) more" : "")
        return Finding(
            severity: severity, kind: .missingSymbols,
            title: "No symbols for \(lacking.count) module\(lacking.count == 1 ? "" : "s"): \(names)",
            description: "Frames in these modules show as module+offset, and analyses that need their function names (which lock a thread waits on, application frames) fall back to lock words in memory.\(affectedText)",
            recommendation: recommendation,
            tids: affected.map(\.tid), impact: impact)
    }
}
