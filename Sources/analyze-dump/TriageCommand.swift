import ArgumentParser
import CoreTriage
import CrashStore
import Glibc

/// `analyze-dump triage DIR|FILES…`: analyses every core not yet in the triage database, each
/// in a child of this binary, and shows the groups they form.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Analyse many cores in parallel, store them in a database and group them by signature.",
        discussion: """
            Each argument is a core file (plain, zstd, or as systemd-coredump names it) or a \
            directory: its files named core, core.*, *.core or *.core.zst (systemd-coredump's \
            /var/lib/systemd/coredump, a spool of analyze-dump handle) are taken, without \
            descending into subdirectories or following symbolic links. Cores the database \
            already holds for their host are skipped; the others are analysed by --jobs \
            children of this binary, each under --timeout and --memory-limit; a core that \
            cannot be analysed is stored as an error. --since and --executable select the \
            groups shown. With --journal auto, when a core has systemd-coredump's name, one \
            journalctl call reads systemd-coredump's entries for the new cores (executable, \
            time, signal, unit, command line). docs/triage.md describes the outputs.

            Exit status: 0 every core was analysed or skipped; 1 some could not be analysed \
            (error records), some paths were not cores, or a child could not be started; \
            2 the database could not be opened or written; 64 usage error; 74 the --html \
            page could not be written; 128+N stopped by signal N (SIGINT, SIGTERM, SIGHUP), \
            its children killed.

            EXAMPLES:
              analyze-dump triage /var/lib/systemd/coredump
              analyze-dump triage --since 24h --format json /var/lib/analyze-dump/spool
              analyze-dump triage --db postgres://triage@db/crashes --html index.html cores/
            """)

    @Argument(help: ArgumentHelp("Core files, or directories of cores.", valueName: "dir|file"))
    var paths: [String]

    @Option(help: ArgumentHelp("The triage database: an SQLite file or a postgres:// URL (default: $XDG_DATA_HOME/analyze-dump/triage.sqlite).", valueName: "file|url"))
    var db: String?

    /// The most analyses at once, given or by default: each child holds a few descriptors
    /// (its pipes) in this process, which must stay under the descriptor limit.
    static let maximumJobs = 256

    @Option(help: "How many cores to analyse at once, 1 to \(maximumJobs) (default: the number of CPUs, at most \(maximumJobs)).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Only show groups of cores seen this recently (7d, 12h, 30m).", valueName: "duration"))
    var since: DurationArgument?

    @Option(name: .customLong("executable"), help: ArgumentHelp("Only show groups of cores of this program (file name or path).", valueName: "name"))
    var executableFilter: String?

    @Option(help: ArgumentHelp("The output on standard output.", valueName: "text|json|ndjson"))
    var format: TriageFormat = .text

    @Option(help: ArgumentHelp("Also write an HTML index of the groups to this file, with its examples' reports in FILE-reports/.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Read systemd-coredump's journal entries of the new cores: auto (when a core has systemd-coredump's name) or none.", valueName: "auto|none"))
    var journal: JournalMode = .auto

    @Option(name: .customLong("journal-directory"), help: ArgumentHelp("Read the journal files in this directory (journalctl --directory) instead of the system's journal.", valueName: "dir"))
    var journalDirectory: String?

    @Option(help: ArgumentHelp("Kill the analysis of one core after this long (default: 60s).", valueName: "duration"))
    var timeout: DurationArgument?

    @Option(name: .customLong("memory-limit"), help: ArgumentHelp("The address space one analysis may use, RLIMIT_AS (default: 4G).", valueName: "size"))
    var memoryLimit: ByteCountArgument?

    /// The number of CPUs online, within 1...``maximumJobs``.
    static var defaultJobs: Int { min(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))), maximumJobs) }

    /// ``timeout`` or its default, in milliseconds.
    private var timeoutMilliseconds: Int64 {
        let components = (timeout?.duration ?? .seconds(60)).components
        return components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    @OptionGroup var binaries: BinaryOptions

    func validate() throws {
        if let jobs, !(1...Self.maximumJobs).contains(jobs) { throw ValidationError("--jobs must be between 1 and \(Self.maximumJobs)") }
        if let timeout, timeout.duration <= .zero { throw ValidationError("--timeout must be more than 0") }
        if journalDirectory != nil, journal == .none { throw ValidationError("--journal-directory reads the journal, which --journal none turns off: drop one of them") }
        if let db { do { _ = try StoreLocation(argument: db) } catch { throw ValidationError(error.description) } }
    }

    func run() throws {
        let location = try db.map { text throws(StoreError) in try StoreLocation(argument: text) }
            ?? StoreLocation.defaultLocation(environment: Self.environment())
        let store: any CrashStore
        do {
            store = try location.open()
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.fatal
        }
        let (cores, skippedPaths) = CoreDiscovery.find(paths)
        for skipped in skippedPaths { StandardStream.error.writeLine("analyze-dump: warning: skipped \(skipped)") }

        let children = TriageChildren(binaries: binaries)
        let pool = ChildPool(jobs: jobs ?? Self.defaultJobs, limits: ChildLimits(
            timeoutMilliseconds: timeoutMilliseconds, addressSpaceBytes: memoryLimit?.bytes ?? 4 << 30, maximumOutputBytes: 256 << 20))
        let localHost = TriageRun.hostName()
        let triage = TriageRun(store: store, pool: pool, localHost: localHost) { children.analysis(of: $0.path) }
        let progress = TriageProgress()
        let counts: TriageRun.Counts
        ChildPool.catchStopSignals()
        do {
            counts = try triage.run(cores, annotate: journalEntries, progress: progress.show) { record in
                if format == .ndjson {
                    progress.finish()
                    StandardStream.output.write(CoreRecordLine.render(record))
                }
            }
            progress.finish()
            if let signal = counts.stoppedBy {
                CoreLoading.writeError("stopped by signal \(signal) after storing \(counts.analysed) cores; the next run analyses the others")
                throw ExitCode(128 + signal)
            }
            if counts.notStarted > 0 {
                StandardStream.error.writeLine("analyze-dump: warning: \(counts.notStarted) analyses could not be started: is \(children.executable) still there?")
            }
            let query = GroupQuery(
                sinceMicroseconds: since.map { TriageRun.now() - $0.duration.components.seconds * 1_000_000 },
                executable: executableFilter)
            let result = TriageResult(groups: try store.groups(query), counts: counts, database: location.displayName)
            try writeOutputs(result, store: store, pool: pool, localHosts: Set(cores.map(triage.host(of:)) + [localHost]), children: children)
        } catch let error as StoreError {
            progress.finish()
            CoreLoading.writeError(error.description)
            throw ExitStatus.fatal
        }
        if counts.errors > 0 || counts.notStarted > 0 || !skippedPaths.isEmpty { throw ExitStatus.incomplete }
    }

    private func writeOutputs(
        _ result: TriageResult, store: any CrashStore, pool: ChildPool, localHosts: Set<String>, children: TriageChildren
    ) throws {
        switch format {
        case .text:
            StandardStream.output.write(GroupTextReport.render(result, width: TerminalLayout.textOptions(threads: .all, toTerminal: true).width))
        case .json:
            var failure: StoreError?
            StandardStream.output.write(GroupJSONReport.render(result) { group in
                do throws(StoreError) { return try store.report(recordID: group.exampleRecordID) } catch { failure = error; return nil }
            })
            if let failure { throw failure }
        case .ndjson:
            break
        }
        guard let html else { return }
        let (links, failures) = ExampleReports.render(result.groups, indexPath: html, localHosts: localHosts, pool: pool) {
            children.htmlReport(of: $0, to: $1)
        }
        for failure in failures { StandardStream.error.writeLine("analyze-dump: warning: \(failure)") }
        do {
            try ReportFile.write(TriageIndexPage.render(result, links: links, toolVersion: AnalyzeDump.configuration.version), to: html)
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.outputFailed
        }
    }

    /// `candidates` with systemd-coredump's journal entries (one journalctl call), or as they
    /// are when --journal none, when none has systemd-coredump's name, or when journalctl
    /// fails (said once on standard error).
    private func journalEntries(_ candidates: [CoreCandidate]) -> [CoreCandidate] {
        guard journal == .auto, CoredumpJournal.isWanted(for: candidates) else { return candidates }
        do throws(CoredumpJournal.Failure) {
            guard let journalctl = CoredumpJournal.locate(searchPath: getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin") else {
                throw .notFound
            }
            let senders = CoredumpJournalSenders.local()
            let command = CoredumpJournal.command(
                journalctl: journalctl, sinceMicroseconds: CoredumpJournal.since(candidates), directory: journalDirectory,
                senderUIDs: senders.matchedUIDs(for: candidates))
            return CoredumpJournal.attach(try CoredumpJournal.read(command, senders: senders), to: candidates)
        } catch {
            StandardStream.error.writeLine("analyze-dump: warning: systemd-coredump's journal entries not read (\(error)); using the cores' attributes and names only")
            return candidates
        }
    }

    private static func environment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in ["XDG_DATA_HOME", "HOME"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }
}
