import CrashStore
import Glibc

/// The HTML reports `triage --html FILE` links its groups to: each group's example core,
/// rendered by a child into `FILE-reports/record-ID.html`, when the core is on this host and
/// still a regular file there, and the group is not an error group (such a core has no report).
public enum ExampleReports {
    /// Renders the reports and returns their addresses relative to the index page, by record id.
    /// - Parameters:
    ///   - indexPath: FILE: the reports go into `FILE-reports/`, created when missing.
    ///   - host: of each group's example: ``TriageRun/host(of:)``'s value for a local core.
    ///   - command: the child that writes the HTML report of the core at the first path to
    ///     the second.
    /// - Returns: the links, and for each report that could not be written, a message.
    public static func render(
        _ groups: [CrashGroup], indexPath: String, localHosts: Set<String>, pool: ChildPool,
        command: (_ core: String, _ output: String) -> ChildCommand
    ) -> (links: [Int64: String], failures: [String]) {
        let directory = indexPath + "-reports"
        let directoryName = directory.split(separator: "/").last.map(String.init) ?? directory
        let examples = groups.filter { group in
            var status = stat()
            return group.outcome != .error && localHosts.contains(group.exampleHost)
                && lstat(group.examplePath, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
        guard !examples.isEmpty else { return ([:], []) }
        if mkdir(directory, 0o755) != 0, errno != EEXIST {
            return ([:], ["cannot create \(directory): \(String(cString: strerror(errno)))"])
        }
        // An existing FILE-reports must be this user's directory, not a link another user
        // planted beside FILE to have the reports written elsewhere.
        var status = stat()
        guard lstat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR, status.st_uid == geteuid() else {
            return ([:], ["\(directory) is not a directory of this user: remove it or write the index elsewhere"])
        }
        var links: [Int64: String] = [:]
        var failures: [String] = []
        let names = examples.map { "record-\($0.exampleRecordID).html" }
        pool.run(zip(examples, names).map { command($0.examplePath, directory + "/" + $1) }) { index, result in
            if case .exited(let status) = result.ending, status == 0 || status == 1 {
                links[examples[index].exampleRecordID] = directoryName + "/" + names[index]
            } else {
                let said = CoreRecordBuilder.lastLine(of: result.errorOutput).map { ": \($0)" } ?? ""
                failures.append("no HTML report of \(examples[index].examplePath)\(said)")
            }
        }
        return (links, failures)
    }
}
