import DumpAnalysis

extension StackGroup {
    /// `groups` holding only the threads `--tid` names, a group left with none dropped, so
    /// that a group's heading counts and names exactly the threads asked for; `groups` as
    /// they are for an empty selection. The one filter of the text, HTML and Markdown
    /// stacks (the JSON report lists the same threads).
    static func keeping(_ tids: Set<Int32>, of groups: [StackGroup]) -> [StackGroup] {
        guard !tids.isEmpty else { return groups }
        return groups.compactMap { group in
            let kept = group.tids.filter(tids.contains)
            return kept.isEmpty ? nil : StackGroup(tids: kept, frames: group.frames)
        }
    }
}
