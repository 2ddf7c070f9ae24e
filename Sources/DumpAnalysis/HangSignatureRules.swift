import DumpModel

/// Which frames define a hang, per kind of finding: the table behind ``ProblemSignature`` for
/// a core that did not crash (docs/signatures.md describes it and how to add a row).
///
/// A kind with a row signals a problem when its finding is at least a warning; a kind without
/// one (`heap-dominates`, `managed-runtime`, `missing-symbols`, and the comparison's kinds,
/// which no single core raises) never makes a signature. Each row names the application
/// functions that identify the problem, never a TID, a count or an address, so that the same
/// hang in another run, on another host, with more or fewer threads queued gives the same
/// frames. A row whose frames come out empty (no symbols) falls back to the executable's name.
enum HangSignatureRules {
    /// What a row reads to name its frames: the analyses of the core the finding came from.
    struct Evidence {
        let process: Process
        let frames: ApplicationFrames
        let locks: LockAnalysis
        let pools: [ThreadPool]
        let goroutines: GoroutineAnalysis

        /// ``SignatureFrameName/dominantFunction(of:in:frames:)`` over `tids`, as a list of at
        /// most one name.
        func dominantFunction(of tids: [Int32]) -> [String] {
            SignatureFrameName.dominantFunction(of: tids, in: process, frames: frames).map { [$0] } ?? []
        }

        /// The function `tid`'s thread is in, as a list of at most one name.
        func function(of tid: Int32?) -> [String] {
            guard let thread = tid.flatMap(process.thread(tid:)),
                  let function = SignatureFrameName.innermostApplicationFunction(of: thread, frames: frames) else { return [] }
            return [function]
        }
    }

    /// One row: the frames that define a finding of its kind, and the words of its title.
    struct Rule: Sendable {
        /// The defining frames of `finding`, read from the evidence.
        let frames: @Sendable (Evidence, Finding) -> [String]
        /// A plain-text title from the frames or, without frames, from the executable's name.
        let title: @Sendable ([String]) -> String
    }

    /// The table. Keep it in the order of ``Finding/Kind`` and docs/signatures.md in step.
    static let table: [Finding.Kind: Rule] = [
        // The functions of the cycle's threads, each waiting for the next, starting at the
        // smallest rotation: the same cycle whichever thread has the lowest TID.
        .deadlock: Rule(
            frames: { evidence, finding in
                let cycle = evidence.locks.deadlocks.first { $0.tids.first == finding.tids.first }?.tids ?? []
                return smallestRotation(cycle.flatMap { evidence.function(of: $0) })
            },
            title: { "deadlock between " + $0.joined(separator: ", ") }),
        // The holder's function, then the function most of the threads queued on its locks are in.
        .lockHeldWhileRunning: Rule(
            frames: holderAndWaiters,
            title: { "lock held while running " + $0.joined(separator: "; waiters in ") }),
        .lockHeldWhileWaiting: Rule(
            frames: holderAndWaiters,
            title: { "lock held while waiting in " + $0.joined(separator: "; waiters in ") }),
        // The owner has gone: the waiters' function.
        .abandonedLock: Rule(
            frames: { evidence, finding in evidence.dominantFunction(of: finding.tids) },
            title: { "lock abandoned by an ended thread; waiters in " + $0.joined() }),
        .lockOwnerUnknown: Rule(
            frames: { evidence, finding in evidence.dominantFunction(of: finding.tids) },
            title: { "lock with an unknown owner; waiters in " + $0.joined() }),
        // The runtime function the wait was recognised by (take_gil, ObjectMonitor::enter),
        // then the application function most waiters are in.
        .runtimeLockWait: Rule(
            frames: { evidence, finding in
                (finding.runtimeLockWait.map { [$0.wait.function] } ?? []) + evidence.dominantFunction(of: finding.tids)
            },
            title: { "runtime lock wait in " + $0.joined(separator: "; waiters in ") }),
        // Go records no holder: the program function most waiting goroutines called Lock from.
        // The top finding of this kind is the wait with the most goroutines (findings are
        // ordered by impact), the first of equal ones.
        .goroutineMutexWait: Rule(
            frames: { evidence, _ in
                let top = evidence.goroutines.mutexWaits.enumerated().max {
                    $0.element.waiterIDs.count != $1.element.waiterIDs.count
                        ? $0.element.waiterIDs.count < $1.element.waiterIDs.count : $0.offset > $1.offset
                }
                return top?.element.functions.first.map { [$0] } ?? []
            },
            title: { "goroutines queued on a mutex in " + $0.joined() }),
        .readersSerialized: Rule(
            frames: { evidence, finding in evidence.dominantFunction(of: finding.tids) },
            title: { "readers serialised on an exclusive lock in " + $0.joined() }),
        .writersWaitForReaders: Rule(
            frames: { evidence, finding in evidence.dominantFunction(of: finding.tids) },
            title: { "writers wait for readers in " + $0.joined() }),
        // The pool's start function, then the function most of its blocked threads are in.
        .saturatedPool: Rule(
            frames: { evidence, finding in
                guard let pool = evidence.pools.first(where: { $0.isSaturated && $0.blocked + $0.busy == finding.tids }) else { return [] }
                return [SignatureFrameName.withoutCloneSuffixes(pool.entryFunction)] + evidence.dominantFunction(of: pool.blocked)
            },
            title: { "saturated pool " + $0.joined(separator: "; blocked in ") }),
        // The runaway function: where most of the busy threads are.
        .runawayCPU: Rule(
            frames: { evidence, finding in evidence.dominantFunction(of: finding.tids) },
            title: { "runaway CPU in " + $0.joined() }),
        // A counter names no code: the executable's name stands in.
        .queueDepth: Rule(
            frames: { _, _ in [] },
            title: { "work queued in " + $0.joined() }),
    ]

    /// The holder's function and the waiters' (of the locks it holds directly).
    private static func holderAndWaiters(_ evidence: Evidence, _ finding: Finding) -> [String] {
        guard let holder = finding.tids.first else { return [] }
        let waiters = evidence.locks.locksHeld(by: holder).flatMap { evidence.locks.locks[$0].waiters.map(\.tid) }
        return evidence.function(of: holder) + evidence.dominantFunction(of: waiters)
    }

    /// The longest cycle rotated; a longer one (only a hostile core has one) is sorted, which
    /// is as independent of where it starts and takes no quadratic time.
    static let rotatedCycleLimit = 64

    /// `names` rotated to start where it is smallest, comparing whole rotations, so that a
    /// cycle's frames do not depend on which of its threads was listed first.
    static func smallestRotation(_ names: [String]) -> [String] {
        guard names.count > 1 else { return names }
        guard names.count <= rotatedCycleLimit else { return names.sorted() }
        let rotations = names.indices.map { Array(names[$0...] + names[..<$0]) }
        return rotations.min { $0.lexicographicallyPrecedes($1) } ?? names
    }
}
