import DumpModel

/// The findings about a Go process's goroutines: goroutines queued on a `sync.Mutex` or a
/// `sync.RWMutex`, with the running goroutines as the candidates for a mutex's holder, since
/// Go's locks record none; for an `RWMutex`, readers stalled behind a writer that waits for the
/// readers before it (the classic Go stall).
struct GoroutineFindings {
    let process: Process
    let goroutines: GoroutineAnalysis

    func findings() -> [Finding] {
        goroutines.mutexWaits.map { wait in
            wait.readerIDs.isEmpty && wait.drainingWriterIDs.isEmpty && wait.queuedWriterIDs.isEmpty
                ? mutexFinding(wait) : readWriteFinding(wait)
        }
    }

    private func mutexFinding(_ wait: GoroutineAnalysis.MutexWait) -> Finding {
        let running = process.goroutines.filter { goroutines.runningIDs.contains($0.id) }
        let callers = wait.functions.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        var description = "\(Wording.count(wait.waiterIDs.count, "goroutine")) (\(Self.ids(wait.waiterIDs))) \(Self.wait(wait.waiterIDs.count)) to lock it at \(Wording.hex(wait.address))"
        if !callers.isEmpty { description += ", in \(callers)" }
        description += ". Go's \(wait.kind) records no holder"
        if running.isEmpty {
            description += ", and no goroutine was running when the core was taken."
        } else {
            description += "; running when the core was taken: " + running.map(Self.place).joined(separator: "; ") + "."
        }
        return Finding(
            severity: .warning, kind: .goroutineMutexWait,
            title: "\(Wording.count(wait.waiterIDs.count, "goroutine")) \(Self.wait(wait.waiterIDs.count)) for \(wait.name)"
                + (wait.functions.first.map { " in `\($0)`" } ?? ""),
            description: description,
            recommendation: "Find which goroutine holds \(wait.name) (the running ones above, or one that locked it and went on to wait elsewhere: see the goroutine stacks) and keep slow work out of its critical section.",
            tids: running.compactMap(\.threadTID), impact: wait.waiterIDs.count)
    }

    /// A `sync.RWMutex`'s queue: who waits to read, who to write, and behind whom.
    private func readWriteFinding(_ wait: GoroutineAnalysis.MutexWait) -> Finding {
        let readers = wait.readerIDs.count
        let writers = wait.drainingWriterIDs.count + wait.queuedWriterIDs.count
        let readerFunctions = functions(of: wait.readerIDs)
        let title: String
        if readers > 0, !wait.drainingWriterIDs.isEmpty {
            title = "\(Wording.count(readers, "reader")) \(Self.wait(readers)) behind a writer for \(wait.name)"
        } else if readers > 0 {
            title = "\(Wording.count(readers, "reader")) \(Self.wait(readers)) for a writer holding \(wait.name)"
        } else {
            title = "\(Wording.count(writers, "writer")) \(Self.wait(writers)) for \(wait.name)"
        }
        var sentences: [String] = []
        for id in wait.drainingWriterIDs {
            let ahead = wait.readersAhead.map { " the \(Wording.count($0, "reader")) still holding it" } ?? " the readers holding it"
            sentences.append("Goroutine \(id)\(Self.inFunction(functions(of: [id]))) waits to write, for\(ahead) to leave (its readerWait); from then on every RLock queues behind it.")
        }
        if readers > 0 {
            sentences.append("\(Wording.count(readers, "goroutine").capitalizedFirst) (\(Self.ids(wait.readerIDs))) \(Self.wait(readers)) to read\(Self.inFunction(readerFunctions)).")
        }
        if !wait.queuedWriterIDs.isEmpty {
            sentences.append("\(Wording.count(wait.queuedWriterIDs.count, "more writer").capitalizedFirst) (\(Self.ids(wait.queuedWriterIDs))) \(Self.wait(wait.queuedWriterIDs.count))\(Self.inFunction(functions(of: wait.queuedWriterIDs))) behind the writer ahead of them.")
        }
        sentences.append(wait.drainingWriterIDs.isEmpty
            ? "Go's sync.RWMutex records no holder: a writer holds it (readers queue only behind a writer)."
            : "Go's sync.RWMutex records no reader: the readers holding it are goroutines that called RLock and have not yet called RUnlock.")
        return Finding(
            severity: .warning, kind: .goroutineMutexWait,
            title: title + (wait.functions.first.map { " in `\($0)`" } ?? ""),
            description: sentences.joined(separator: " "),
            recommendation: wait.drainingWriterIDs.isEmpty
                ? "Find the goroutine holding \(wait.name) for writing (see the goroutine stacks) and keep slow work out of its critical section."
                : "Find the reader holding \(wait.name) (a goroutine inside a read section that blocks or runs long: see the goroutine stacks) and keep blocking work out of read sections: a writer waiting for it stalls every new reader.",
            tids: [], impact: wait.waiterIDs.count)
    }

    /// The program's functions goroutines `ids` called the lock from, most frequent first.
    private func functions(of ids: [Int64]) -> [String] {
        let wanted = Set(ids)
        var uses: [String: Int] = [:]
        for goroutine in process.goroutines where wanted.contains(goroutine.id) {
            if let function = GoroutineAnalysis.programFunction(goroutine.frames) { uses[function, default: 0] += 1 }
        }
        return uses.keys.sorted { uses[$0]! != uses[$1]! ? uses[$0]! > uses[$1]! : $0 < $1 }
    }

    /// ` in `main.lookup``, ` in `a`, `b``, or nothing.
    private static func inFunction(_ functions: [String]) -> String {
        functions.isEmpty ? "" : " in " + functions.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
    }

    /// `goroutine 18 in `main.warmUpCache`, called from `main.main.func1` (thread 7)`.
    private static func place(_ goroutine: Goroutine) -> String {
        let functions = GoroutineAnalysis.programFunctions(goroutine.frames)
        var place = functions.first.map { " in `\($0)`" } ?? ""
        if functions.count > 1 { place += ", called from `\(functions[1])`" }
        return "goroutine \(goroutine.id)\(place)" + (goroutine.threadTID.map { " (thread \($0))" } ?? "")
    }

    /// `waits` for one, `wait` for several.
    private static func wait(_ count: Int) -> String { count == 1 ? "waits" : "wait" }

    /// `5, 6, 7` or `5, 6, 7, ...` past ten.
    static func ids(_ ids: [Int64]) -> String {
        let shown = ids.prefix(10).map(String.init).joined(separator: ", ")
        return ids.count > 10 ? shown + ", ..." : shown
    }
}
