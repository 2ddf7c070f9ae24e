import Glibc

/// systemd-coredump's journal entries for the cores of one triage run, read by a single
/// `journalctl -o json` child (bounded: entries, bytes, time), kept when systemd-coredump
/// logged them (``CoredumpJournalSenders``), and matched to the cores by `COREDUMP_FILENAME`,
/// the absolute path systemd-coredump stored the core at.
public enum CoredumpJournal {
    /// systemd-coredump's `MESSAGE_ID` (`SD_MESSAGE_COREDUMP`).
    public static let messageID = "fc2e22bc6ee647b6b90729ab34a250b1"
    /// The most entries read: the newest ones when there are more.
    public static let maximumEntries = 20_000
    /// The limits journalctl runs under: entries of the fields read are under 20 KiB each.
    public static let limits = ChildLimits(timeoutMilliseconds: 30_000, addressSpaceBytes: 0, maximumOutputBytes: 64 << 20)
    /// How long before the oldest core the entries are read from: the entry is logged after
    /// the core is stored, and a copied core's times may be later than its entry's.
    static let marginMicroseconds: Int64 = 3_600_000_000

    /// Why the journal could not be read; the run goes on with the cores' attributes.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// No `journalctl` in any directory of `PATH`.
        case notFound
        /// journalctl ended without its output: how, and the last line it wrote to standard error.
        case failed(String)

        public var description: String {
            switch self {
            case .notFound: "journalctl is not on PATH"
            case .failed(let reason): "journalctl \(reason)"
            }
        }
    }

    /// Whether a run over `candidates` reads the journal under `--journal auto`: when one of
    /// them has systemd-coredump's name.
    public static func isWanted(for candidates: [CoreCandidate]) -> Bool {
        candidates.contains { $0.fileName != nil }
    }

    /// The first executable `journalctl` in the directories of `searchPath` (`PATH`'s value).
    public static func locate(searchPath: String) -> String? {
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = String(directory) + "/journalctl"
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// The journalctl command that lists the entries of cores that crashed from
    /// `sinceMicroseconds` on (less a margin), from `directory` (`--directory`) or the system's
    /// journal, logged under one of `senderUIDs` (``CoredumpJournalSenders/matchedUIDs(for:)``;
    /// journalctl ORs the matches of one field and ANDs them with `MESSAGE_ID`'s), or any when nil.
    public static func command(journalctl: String, sinceMicroseconds: Int64?, directory: String?, senderUIDs: [UInt32]?) -> ChildCommand {
        var arguments = [
            journalctl, "--output=json", "--no-pager", "--quiet", "--lines=\(maximumEntries)",
            "--output-fields=" + (CoredumpJournalEntry.fieldNames + ["_UID", "_COMM"]).joined(separator: ","),
        ]
        if let sinceMicroseconds {
            let since = sinceMicroseconds.subtractingReportingOverflow(marginMicroseconds)
            arguments.append("--since=@\(since.overflow ? 0 : max(0, since.partialValue / 1_000_000))")
        }
        if let directory { arguments.append("--directory=" + directory) }
        arguments.append("MESSAGE_ID=" + messageID)
        arguments += (senderUIDs ?? []).map { "_UID=\($0)" }
        return ChildCommand(executable: journalctl, arguments: arguments)
    }

    /// The time the entries are read from for `candidates`: the oldest of their crash times
    /// and modification times.
    public static func since(_ candidates: [CoreCandidate]) -> Int64? {
        candidates.map { candidate in
            min(candidate.crashTimeMicroseconds ?? Int64.max, candidate.identity.modificationTimeNanoseconds / 1000)
        }.min()
    }

    /// The entries in journalctl's output, by `COREDUMP_FILENAME`: one JSON object a line; a
    /// line that is not one, an entry without a usable file name, or one `senders` does not
    /// trust, is skipped (``parse(_:senders:)`` counts them). For a file named twice, the last
    /// trusted entry is kept.
    public static func parse(_ output: [UInt8], senders: CoredumpJournalSenders) -> (entries: [String: CoredumpJournalEntry], skipped: Int) {
        var entries: [String: CoredumpJournalEntry] = [:]
        var skipped = 0
        for line in output.split(separator: UInt8(ascii: "\n")).prefix(maximumEntries) {
            guard let value = try? JSONValue.parse(Array(line), maximumDepth: 4), let entry = CoredumpJournalEntry(value),
                  senders.trusts(value, fileName: entry.fileName) else {
                skipped += 1
                continue
            }
            entries[entry.fileName] = entry
        }
        return (entries, skipped)
    }

    /// Runs `command` (one child, under ``limits``) and reads the entries `senders` trusts.
    /// - Throws: ``Failure/failed(_:)`` when journalctl could not start, failed, ran past its
    ///   time or wrote too much.
    public static func read(_ command: ChildCommand, senders: CoredumpJournalSenders) throws(Failure) -> [String: CoredumpJournalEntry] {
        var outcome: ChildResult?
        ChildPool(jobs: 1, limits: limits).run([command]) { _, result in outcome = result }
        guard let outcome else { throw .failed("was stopped") }
        let said = CoreRecordBuilder.lastLine(of: outcome.errorOutput).map { ": \($0)" } ?? ""
        switch outcome.ending {
        case .exited(0): return parse(outcome.output, senders: senders).entries
        case .exited(let status): throw .failed("exited with status \(status)\(said)")
        case .signalled(let signal): throw .failed("was ended by signal \(signal)\(said)")
        case .timedOut: throw .failed("ran longer than \(limits.timeoutMilliseconds / 1000) s and was killed")
        case .outputTooLarge: throw .failed("wrote more than \(limits.maximumOutputBytes >> 20) MiB and was killed")
        case .couldNotStart(let error): throw .failed("could not be started: \(String(cString: strerror(error)))")
        }
    }

    /// `candidates` with the entry of each core the journal has: matched by the core's path
    /// with symbolic links and `.`/`..` resolved (`realpath`), else as given.
    public static func attach(_ entries: [String: CoredumpJournalEntry], to candidates: [CoreCandidate]) -> [CoreCandidate] {
        guard !entries.isEmpty else { return candidates }
        return candidates.map { candidate in
            var candidate = candidate
            candidate.journal = entries[resolved(candidate.path)] ?? entries[candidate.path]
            return candidate
        }
    }

    private static func resolved(_ path: String) -> String {
        guard let pointer = realpath(path, nil) else { return path }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
