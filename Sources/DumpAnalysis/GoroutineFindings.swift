import DumpModel

/// The findings about a Go process's goroutines: goroutines queued on a `sync.Mutex`, with the
/// running goroutines as the candidates for its holder, since Go's mutex records none.
struct GoroutineFindings {
    let process: Process
    let goroutines: GoroutineAnalysis

    func findings() -> [Finding] {
        goroutines.mutexWaits.map { wait in
            let running = process.goroutines.filter { goroutines.runningIDs.contains($0.id) }
            let callers = wait.functions.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
            var description = "\(Wording.count(wait.waiterIDs.count, "goroutine")) (\(Self.ids(wait.waiterIDs))) sleep on the mutex's semaphore at \(Wording.hex(wait.semaphoreAddress))"
            if !callers.isEmpty { description += ", locking it in \(callers)" }
            description += ". Go's sync.Mutex records no holder"
            if running.isEmpty {
                description += ", and no goroutine was running when the core was taken."
            } else {
                description += "; running when the core was taken: " + running.map { goroutine in
                    let functions = GoroutineAnalysis.programFunctions(goroutine.frames)
                    var place = functions.first.map { " in `\($0)`" } ?? ""
                    if functions.count > 1 { place += ", called from `\(functions[1])`" }
                    return "goroutine \(goroutine.id)\(place)" + (goroutine.threadTID.map { " (thread \($0))" } ?? "")
                }.joined(separator: "; ") + "."
            }
            return Finding(
                severity: .warning, kind: .goroutineMutexWait,
                title: "\(Wording.count(wait.waiterIDs.count, "goroutine")) wait for \(wait.name)"
                    + (wait.functions.first.map { " in `\($0)`" } ?? ""),
                description: description,
                recommendation: "Find which goroutine holds \(wait.name) (the running ones above, or one that locked it and went on to wait elsewhere: see the goroutine stacks) and keep slow work out of its critical section.",
                tids: running.compactMap(\.threadTID), impact: wait.waiterIDs.count)
        }
    }

    /// `5, 6, 7` or `5, 6, 7, ... (8 in all)`.
    static func ids(_ ids: [Int64]) -> String {
        let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
        return ids.count > 10 ? shown + ", ..." : shown
    }
}
