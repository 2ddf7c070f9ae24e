import DumpModel

extension Process {
    /// The process with a note saying that `--tid` lists only some threads, for the JSON,
    /// HTML and Markdown reports, which show that note among their diagnostics while their
    /// stacks and thread lists hold those threads only; the findings, locks, CPU and flame
    /// graph stay the whole process's. The text report says it in its own headings.
    /// - Parameter tids: the TIDs of `--tid`, already checked; empty for every thread.
    func notingSelection(_ tids: Set<Int32>) -> Process {
        guard !tids.isEmpty else { return self }
        var noted = self
        let listed = threads.filter { tids.contains($0.tid) }.map { "\($0.tid)" }.joined(separator: ", ")
        noted.diagnostics.insert(.note(
            "--tid \(listed): \(tids.count) of the process's \(threads.count) threads are listed; the findings, locks, CPU times and flame graph cover all \(threads.count)"), at: 0)
        return noted
    }
}
