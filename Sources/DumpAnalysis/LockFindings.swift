import DumpModel

/// Findings about locks: deadlocks, abandoned locks, and for every thread at the root of a
/// wait chain what it does while others queue behind it: burning CPU in a slow path (a
/// warm-up under a lock) or waiting in a slow call (a remote call, I/O, a sleep under a lock).
/// Also exclusive locks that only readers queue on.
struct LockFindings {
    let process: Process
    let states: [Int32: ThreadState]
    let locks: LockAnalysis
    let cpu: CPUUsage
    let frames: ApplicationFrames

    /// A queue at least this deep, or at least two threads and this share of all threads,
    /// makes contention an error; a single waiter is only a warning, which one snapshot of a
    /// healthy process can show.
    static let errorQueueDepth = 5
    static let errorQueueShare = 0.25

    func findings() -> [Finding] {
        var findings = locks.deadlocks.map(deadlock)
        let inCycle = Set(locks.deadlocks.flatMap(\.tids))
        var reportedRoots: Set<Int32> = []
        for (index, lock) in locks.locks.enumerated() where lock.kind.hasOwner {
            guard let owner = lock.ownerTID else {
                if lock.readerCount ?? 0 > 0 {
                    findings.append(writersWaitForReaders(lock))
                } else if case .mutex = lock.kind {
                    findings.append(ownerUnknown(lock))
                }
                continue
            }
            if !lock.ownerIsInProcess {
                if case .mutex(let type) = lock.kind, type.isProcessShared {
                    findings.append(ownerInAnotherProcess(lock, owner: owner))
                } else {
                    findings.append(abandoned(lock, owner: owner))
                }
                continue
            }
            let root = locks.root(of: owner)
            if inCycle.contains(root) || inCycle.contains(owner) { continue }
            if reportedRoots.insert(root).inserted, let holder = process.thread(tid: root) {
                findings.append(holderFinding(holder, firstLock: index))
            }
            if let readers = readersSerialized(lock, owner: owner) { findings.append(readers) }
        }
        return findings + runtimeLockWaits()
    }

    // MARK: Runtimes' locks

    /// Threads waiting for a runtime's lock (``WaitSignatures``: the GIL, a Java monitor, a
    /// PostgreSQL or InnoDB lock), one finding per kind of lock and lock object: what they
    /// wait for, and where the holder is found when the process does not record it. A lock
    /// whose owner is recorded has its holder's finding instead.
    private func runtimeLockWaits() -> [Finding] {
        struct Key: Hashable {
            var object: String
            var function: String
            var holder: String?
            var lockIndex: Int?
        }
        var order: [Key] = []
        var waiters: [Key: [Int32]] = [:]
        var firstWait: [Key: RuntimeWait] = [:]
        for thread in process.threads {
            guard case .runtime(let wait)? = states[thread.tid]?.activity, wait.kind == .lock else { continue }
            let lockIndex = locks.waitingOn[thread.tid]
            if let lockIndex, locks.locks[lockIndex].ownerTID != nil { continue }
            let key = Key(object: wait.object, function: wait.function, holder: wait.holder, lockIndex: lockIndex)
            if waiters[key] == nil {
                order.append(key)
                firstWait[key] = wait
            }
            waiters[key, default: []].append(thread.tid)
        }
        return order.map { key in
            let tids = waiters[key] ?? []
            var description = "\(Wording.threads(tids).capitalizedFirst) wait\(tids.count == 1 ? "s" : "") for \(key.object) in `\(key.function)`"
            if let index = key.lockIndex {
                let lock = locks.locks[index]
                description += ", queued on the \(lock.kind.description) `\(lock.name)` (queue depth \(lock.queueDepth))"
            }
            description += "."
            if let holder = key.holder { description += " This core does not say who holds it: the holder is found in \(holder)." }
            return Finding(
                severity: tids.count >= 2 ? .warning : .information, kind: .runtimeLockWait,
                title: "\(tids.count == 1 ? "Thread \(tids[0])" : Wording.count(tids.count, "thread")) wait\(tids.count == 1 ? "s" : "") for \(key.object)",
                description: description,
                recommendation: key.holder.map { "Look the holder up in \($0) and see what it does (an open transaction, a long statement, a thread holding the lock in a slow call); a second core a few seconds later shows whether the wait moves." }
                    ?? "Take a second core a few seconds later: a wait that has not moved is a hang, not contention.",
                tids: tids, impact: tids.count,
                runtimeLockWait: firstWait[key].map { .init(wait: $0, lockAddress: key.lockIndex.map { locks.locks[$0].address }) })
        }
    }

    // MARK: Holders

    /// The thread at the root of one or more chains: what it holds, what it does, who waits.
    private func holderFinding(_ holder: Thread, firstLock: Int) -> Finding {
        let blocked = locks.threadsQueued(behind: holder.tid)
        let held = locks.locksHeld(by: holder.tid)
        let heldNames = held.map { "`" + locks.locks[$0].name + "`" }
        let heldText = heldNames.count == 1 ? heldNames[0] : heldNames.dropLast().joined(separator: ", ") + " and " + (heldNames.last ?? "")
        let primaryKind = locks.locks[held.first ?? firstLock].kind.description
        let state = states[holder.tid] ?? ThreadState(activity: .running, systemCall: nil)
        let location = Wording.location(of: holder, in: process, frames: frames)
        let total = process.threads.count
        let direct = held.reduce(0) { $0 + locks.locks[$1].queueDepth }

        var description = "Thread \(holder.tid) holds \(heldText) (\(primaryKind)) while "
        let isRunning = state.activity == .running
        if isRunning {
            description += "running in \(location)"
        } else {
            description += "\(state.description) in \(location)"
        }
        description += "; \(blocked.count) of \(total) threads (\(Wording.percent(blocked.count, of: total))) wait on it"
        if blocked.count > direct { description += " (\(direct) directly, \(blocked.count - direct) through a chain of locks)" }
        description += "."
        description += chainText(into: holder.tid)
        description += " " + cpuText(holder.tid)

        let severity: Finding.Severity =
            blocked.count >= Self.errorQueueDepth
                || (blocked.count >= 2 && Double(blocked.count) >= Self.errorQueueShare * Double(total)) ? .error : .warning
        let function = Wording.function(of: holder, in: process, frames: frames)
        if isRunning {
            return Finding(
                severity: severity, kind: .lockHeldWhileRunning,
                title: "Thread \(holder.tid) holds \(heldText) while running \(function); \(blocked.count) threads wait",
                description: description,
                recommendation: chainRecommendation(root: holder.tid, heldText: heldText, doing: "running \(function)")
                    ?? "Move the slow work out of the critical section: run the warm-up or initialisation of \(function) at start-up or build its result outside the lock and publish it under the lock in one short step; until then requests queue behind it.",
                tids: [holder.tid] + blocked, impact: blocked.count)
        }
        return Finding(
            severity: severity, kind: .lockHeldWhileWaiting,
            title: "Thread \(holder.tid) holds \(heldText) while \(state.description) in \(function); \(blocked.count) threads wait",
            description: description,
            recommendation: chainRecommendation(root: holder.tid, heldText: heldText, doing: "\(state.description) in \(function)")
                ?? "Do not hold a lock across a blocking call (a remote call, I/O, a sleep): copy what the call needs under the lock, release it, make the call with a timeout, then lock again to publish the result.",
            tids: [holder.tid] + blocked, impact: blocked.count)
    }

    /// The most links of a chain a finding spells out.
    static let chainLinksShown = 5

    /// A lock holder queued behind a chain's root: it holds `heldLock` while it waits for
    /// `waitedLock`.
    private struct ChainLink {
        var waiter: Int32
        var waitedLock: Int
        var heldLock: Int
    }

    /// The lock holders queued behind `root`, nearest the root first.
    private func chainLinks(into root: Int32) -> [ChainLink] {
        var links: [ChainLink] = []
        var frontier = locks.locksHeld(by: root)
        var visited: Set<Int32> = [root]
        while !frontier.isEmpty {
            var next: [Int] = []
            for waited in frontier {
                for waiter in locks.locks[waited].waiters where visited.insert(waiter.tid).inserted {
                    for held in locks.locksHeld(by: waiter.tid) {
                        links.append(ChainLink(waiter: waiter.tid, waitedLock: waited, heldLock: held))
                        next.append(held)
                    }
                }
            }
            frontier = next
        }
        return links
    }

    /// " Thread 2003 waits on `index_lock` while holding `journal_lock`, on which 4 threads
    /// wait." for each lock holder queued behind `root`, nearest the root first, the first
    /// few of a long chain.
    private func chainText(into root: Int32) -> String {
        let links = chainLinks(into: root).map { link in
            let lock = locks.locks[link.heldLock]
            return " Thread \(link.waiter) waits on `\(locks.locks[link.waitedLock].name)` while holding `\(lock.name)`, on which \(Wording.count(lock.queueDepth, "thread")) wait\(lock.queueDepth == 1 ? "s" : "")."
        }
        var text = links.prefix(Self.chainLinksShown).joined()
        if links.count > Self.chainLinksShown {
            text += " \(links.count - Self.chainLinksShown) more lock holders wait in the same chain (see Locks and waits)."
        }
        return text
    }

    /// What to do about a chain of locks rooted at `root`, nil when no lock holder waits
    /// behind it (a plain queue, which the holder's own wording covers): the link that makes
    /// it a chain (a thread waiting for one lock while it holds another) is fixed in the lock
    /// order, and the root's hold time in what it does under its lock (`doing`).
    private func chainRecommendation(root: Int32, heldText: String, doing: String) -> String? {
        guard let link = chainLinks(into: root).first else { return nil }
        let held = locks.locks[link.heldLock]
        let waited = locks.locks[link.waitedLock]
        return "Break the chain: thread \(link.waiter) holds `\(held.name)` while it waits for `\(waited.name)`, so the \(Wording.count(held.queueDepth, "thread")) queued on `\(held.name)` wait for thread \(root) too. Release `\(held.name)` before taking `\(waited.name)` (never wait for one lock while holding another), then shorten how long thread \(root) holds \(heldText) (it is \(doing)): do that work outside the lock or in steps that release it."
    }

    private func cpuText(_ tid: Int32) -> String {
        if let unknown = cpu.noAccountingExplanation { return unknown }
        guard let entry = cpu.entry(tid: tid) else { return "" }
        return "It used \(Wording.seconds(entry.time)) of CPU (user \(CPUTime.formatSeconds(entry.time.userSeconds)), system \(CPUTime.formatSeconds(entry.time.systemSeconds)))."
    }

    // MARK: Deadlocks and broken locks

    private func deadlock(_ cycle: LockAnalysis.Deadlock) -> Finding {
        var parts: [String] = []
        for (position, tid) in cycle.tids.enumerated() {
            let next = cycle.tids[(position + 1) % cycle.tids.count]
            let waited = locks.locks[cycle.lockIndices[position]]
            let location = process.thread(tid: tid).map { Wording.location(of: $0, in: process, frames: frames) } ?? "?"
            let held = locks.locksHeld(by: tid).map { "`" + locks.locks[$0].name + "`" }
            let holding = held.isEmpty ? "" : " holds " + held.joined(separator: ", ") + " and"
            parts.append("thread \(tid) in \(location)\(holding) waits for `\(waited.name)` held by thread \(next)")
        }
        let members = Set(cycle.tids)
        let behind = locks.threadsQueued(behind: cycle.tids[0]).filter { !members.contains($0) }
        var description = parts.joined(separator: "; ").capitalizedFirst + "."
        if !behind.isEmpty { description += " \(behind.count) more threads wait behind the cycle." }
        let lockNames = cycle.lockIndices.map { "`" + locks.locks[$0].name + "`" }
        return Finding(
            severity: .error, kind: .deadlock,
            title: cycle.tids.count == 1
                ? "Self-deadlock: thread \(cycle.tids[0]) waits for \(lockNames[0]), which it holds"
                : "Deadlock: \(Wording.threads(cycle.tids)) wait for each other (\(lockNames.joined(separator: ", ")))",
            description: description,
            recommendation: (cycle.tids.count == 1
                ? "A thread waits for a lock it holds itself: make the lock recursive where re-entry is intended, or release it before calling code that takes it again."
                : "Take these locks in one global order everywhere (for example always \(Set(lockNames).sorted().joined(separator: " before "))), or take the second lock with pthread_mutex_trylock or a timeout and back off.")
                + " The process cannot recover: restart it.",
            tids: cycle.tids + behind.sorted(), impact: cycle.tids.count + behind.count)
    }

    private func abandoned(_ lock: Lock, owner: Int32) -> Finding {
        let waiters = lock.waiters.map(\.tid)
        return Finding(
            severity: .error, kind: .abandonedLock,
            title: "`\(lock.name)` is held by thread \(owner), which no longer exists; \(waiters.count) threads wait forever",
            description: "The \(lock.kind.description) `\(lock.name)` at \(Wording.hex(lock.address)) records owner \(owner), which is not a thread of the process: it ended or was cancelled while holding the lock. \(Wording.threads(waiters).capitalizedFirst) wait on it.",
            recommendation: "Release the lock on every exit path of the code that takes it (cleanup handlers, RAII guards), or make it a robust mutex (PTHREAD_MUTEX_ROBUST) and handle EOWNERDEAD.",
            tids: waiters, impact: waiters.count)
    }

    private func ownerUnknown(_ lock: Lock) -> Finding {
        let waiters = lock.waiters.map(\.tid)
        return Finding(
            severity: .information, kind: .lockOwnerUnknown,
            title: "\(Wording.count(waiters.count, "thread")) wait\(waiters.count == 1 ? "s" : "") on `\(lock.name)`, whose owner is not recorded",
            description: "\(Wording.threads(waiters).capitalizedFirst) wait on the \(lock.kind.description) at \(Wording.hex(lock.address)), but it records no owner: it was being released when the core was written, or it is not a glibc mutex.",
            recommendation: "Take a second core a few seconds later: a lock that is still contended names its owner.",
            tids: waiters, impact: waiters.count)
    }

    private func ownerInAnotherProcess(_ lock: Lock, owner: Int32) -> Finding {
        let waiters = lock.waiters.map(\.tid)
        return Finding(
            severity: .warning, kind: .lockOwnerUnknown,
            title: "\(Wording.count(waiters.count, "thread")) wait on the process-shared `\(lock.name)`, held by TID \(owner) of another process",
            description: "The \(lock.kind.description) at \(Wording.hex(lock.address)) records owner \(owner), which is not a thread of this process: a process sharing the memory holds it. \(Wording.threads(waiters).capitalizedFirst) wait on it.",
            recommendation: "Find the process with thread \(owner) (ls /proc/*/task/\(owner)) and take a core of it too: what it does while holding the lock is the cause.",
            tids: waiters, impact: waiters.count)
    }

    private func writersWaitForReaders(_ lock: Lock) -> Finding {
        let writers = lock.waiters.filter { $0.mode == .exclusive }.map(\.tid)
        let all = lock.waiters.map(\.tid)
        return Finding(
            severity: writers.isEmpty ? .information : .warning, kind: .writersWaitForReaders,
            title: "\(all.count) threads wait on `\(lock.name)`, held by \(lock.readerCount ?? 0) readers",
            description: "The reader/writer lock `\(lock.name)` is held for reading by \(lock.readerCount ?? 0) threads (readers are not recorded by TID); \(Wording.threads(writers)) wait to write and \(all.count - writers.count) to read.",
            recommendation: "Keep read sections short; if writers starve, consider PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP.",
            tids: all, impact: all.count)
    }

    // MARK: Readers on an exclusive lock

    /// Read-only requests queued on an exclusive mutex whose holder is not itself busy on the
    /// CPU: a reader/writer lock, or reading a snapshot, would let them through. The waiters'
    /// innermost application functions decide what "read-only" means (`read_`, `get_`,
    /// `lookup_` ...), so this is an inference from names, and the finding says so.
    private func readersSerialized(_ lock: Lock, owner: Int32) -> Finding? {
        guard case .mutex = lock.kind, lock.queueDepth >= 2, states[owner]?.activity != .running else { return nil }
        let waiters = lock.waiters.compactMap { process.thread(tid: $0.tid) }
        let readerFunctions = waiters.compactMap { thread -> String? in
            guard let function = frames.innermostApplicationFrame(of: thread)?.function,
                  Self.isReadOnlyName(function) else { return nil }
            return function
        }
        guard readerFunctions.count == waiters.count else { return nil }
        let names = Array(Set(readerFunctions)).sorted().map { "`\($0)`" }.joined(separator: ", ")
        return Finding(
            severity: .warning, kind: .readersSerialized,
            title: "\(waiters.count) read-only requests are serialised on the exclusive lock `\(lock.name)`",
            description: "All \(waiters.count) threads waiting on `\(lock.name)` are in \(names), which by their names only read the data it protects, yet the lock is an exclusive \(lock.kind.description): they wait for thread \(owner) and then for each other one at a time.",
            recommendation: "Protect the data with a reader/writer lock (pthread_rwlock_rdlock in \(names), the write lock only where it changes), or let readers use an immutable snapshot; and never hold the write lock across a slow call.",
            tids: waiters.map(\.tid), impact: waiters.count)
    }

    static func isReadOnlyName(_ function: String) -> Bool {
        let name = function.split(separator: ":").last.map(String.init)?.lowercased() ?? function.lowercased()
        let stem = name.drop { $0 == "_" }
        return readOnlyPrefixes.contains { stem.hasPrefix($0) }
    }

    private static let readOnlyPrefixes = [
        "read", "get", "lookup", "find", "fetch", "load", "query", "list", "is_", "has_", "contains",
        "count", "peek", "view", "show", "describe", "select", "search", "handle_get",
    ]
}
