import DumpModel

extension Process {
    /// The process as the JSON, HTML and Markdown reports show it under `--tid`: only those
    /// threads (in the core's order), with a note saying so; the analysis, computed before
    /// over every thread, keeps the process-wide findings, locks, CPU and flame graph. The
    /// text report lists the selection itself (``DumpReport/TextReportOptions/tids``), with
    /// the whole process beside it.
    /// - Parameter tids: the TIDs of `--tid`, already checked; empty for every thread.
    func selecting(_ tids: Set<Int32>) -> Process {
        guard !tids.isEmpty else { return self }
        var selected = self
        let total = threads.count
        selected.threads = threads.filter { tids.contains($0.tid) }
        let listed = selected.threads.map { "\($0.tid)" }.joined(separator: ", ")
        selected.diagnostics.insert(.note(
            "--tid \(listed): \(selected.threads.count) of the process's \(total) threads are listed; the findings, locks, CPU times and flame graph cover all \(total)"), at: 0)
        return selected
    }
}
