import DumpModel

/// What makes cores given to `compare` not cores of one process: different PIDs, or a
/// different executable (its file name or its build ID). Threads are matched by TID, which
/// only means something within one process.
public struct ComparisonMismatch: Equatable, Sendable {
    /// What differs, as a phrase: `pids 41, 97`, `executables server, client`,
    /// `executable build IDs 1a2b…, 3c4d…`; several joined by "and".
    public var differences: [String]

    /// The differences as one phrase: `pids 41, 97 and executables server, client`.
    public var summary: String { differences.joined(separator: " and ") }

    /// The mismatch between `processes`, nil when they are one process (same PID, same
    /// executable name and build ID where the cores tell).
    public static func of(_ processes: [Process]) -> ComparisonMismatch? {
        var differences: [String] = []
        let pids = processes.map(\.pid)
        if Set(pids).count > 1 { differences.append("pids \(distinct(pids.map(String.init)))") }
        let executables = processes.map(executable(of:))
        let names = executables.compactMap { $0?.shortName }
        if names.count == processes.count, Set(names).count > 1 {
            differences.append("executables \(distinct(names))")
        }
        let buildIDs = executables.compactMap { $0?.buildID }
        if buildIDs.count == processes.count, Set(buildIDs).count > 1 {
            differences.append("executable build IDs \(distinct(buildIDs))")
        }
        return differences.isEmpty ? nil : ComparisonMismatch(differences: differences)
    }

    /// The values in first-seen order, each once, joined by commas.
    private static func distinct(_ values: [String]) -> String {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }.joined(separator: ", ")
    }

    /// The module holding the entry point (`AT_ENTRY`, type 9), nil when the core does not tell.
    private static func executable(of process: Process) -> Module? {
        guard let entry = process.auxiliaryVector.first(where: { $0.type == 9 })?.value else { return nil }
        return process.modules.first { $0.startAddress <= entry && entry < $0.endAddress }
    }
}
