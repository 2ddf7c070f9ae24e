import CrashStore
import Glibc

/// One `analyze-dump triage` run over the cores found: those the database has for their host
/// are skipped, the others analysed by children of a ``ChildPool`` and stored as each ends.
/// A core whose analysis fails is stored as an error record; only the database failing stops
/// the run.
public struct TriageRun {
    /// What a run did.
    public struct Counts: Equatable, Sendable {
        /// Cores analysed and stored by this run (error records included).
        public var analysed = 0
        /// Of those, the cores whose analysis failed.
        public var errors = 0
        /// Cores the database had already (or that another writer stored first).
        public var skipped = 0
        /// Cores whose child could not be started: not stored, so a later run tries again.
        public var notStarted = 0
        /// The signal that stopped the run before every core was analysed (``ChildPool/catchStopSignals()``).
        public var stoppedBy: Int32?

        public init() {}
    }

    private let store: any CrashStore
    private let pool: ChildPool
    private let localHost: String
    private let command: (CoreCandidate) -> ChildCommand

    /// - Parameters:
    ///   - store: the database.
    ///   - pool: the children's parallelism and limits.
    ///   - localHost: this host's name (``TriageRun/hostName()``).
    ///   - command: the child that analyses a core and writes its JSON report to standard output.
    public init(store: any CrashStore, pool: ChildPool, localHost: String, command: @escaping (CoreCandidate) -> ChildCommand) {
        self.store = store
        self.pool = pool
        self.localHost = localHost
        self.command = command
    }

    /// The host a core is stored under: systemd-coredump's attribute, else this host. Never
    /// the journal entry's: the host is part of the key a later run skips the core by, so it
    /// must not depend on whether that run could read the journal.
    public func host(of candidate: CoreCandidate) -> String { candidate.attributes.hostname ?? localHost }

    /// Analyses and stores the cores the database does not have.
    /// - Parameters:
    ///   - annotate: called once with the cores the database does not have, before any is
    ///     analysed, to add what is known of them (their journal entries); it returns them in
    ///     the same order.
    ///   - progress: called with (cores finished, cores to analyse) before the first and after each.
    ///   - stored: called with each record this run stored, in the order the children ended.
    /// - Throws: ``StoreError`` when the database fails; the records stored until then stay.
    public func run(
        _ candidates: [CoreCandidate], annotate: ([CoreCandidate]) -> [CoreCandidate] = { $0 },
        progress: (Int, Int) -> Void = { _, _ in }, stored: (CoreRecord) -> Void = { _ in }
    ) throws(StoreError) -> Counts {
        var counts = Counts()
        var unknown: [CoreCandidate] = []
        for candidate in candidates {
            if try store.contains(candidate.identity, host: host(of: candidate)) {
                counts.skipped += 1
            } else {
                unknown.append(candidate)
            }
        }
        let pending = annotate(unknown)
        progress(0, pending.count)
        var finished = 0
        var failure: StoreError?
        pool.run(pending.map(command)) { index, result in
            finished += 1
            defer { progress(finished, pending.count) }
            guard failure == nil else { return }
            if case .couldNotStart = result.ending {
                counts.notStarted += 1
                return
            }
            let record = CoreRecordBuilder.record(
                for: pending[index], result: result, localHost: localHost, analysedAtMicroseconds: Self.now(), limits: pool.limits)
            do throws(StoreError) {
                if try store.insert(record) {
                    counts.analysed += 1
                    if record.outcome == .error { counts.errors += 1 }
                    stored(record)
                } else {
                    counts.skipped += 1
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        counts.stoppedBy = ChildPool.stopSignal
        return counts
    }

    /// The time now, microseconds since the epoch.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000
    }

    /// This host's name (`gethostname`), or `localhost` when it has none.
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
