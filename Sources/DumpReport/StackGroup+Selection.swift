import DumpAnalysis

extension StackGroup {
    /// `groups` holding only the threads `--tid` names, a group left with none dropped, so
    /// that a group's heading counts and names exactly the threads asked for; `groups` as
    /// they are for an empty selection. The one filter of the text, HTML and Markdown
    /// stacks (the JSON report lists the same threads).
    static func keeping(_ tids: Set<Int32>, of groups: [StackGroup]) -> [StackGroup] {
        guard !tids.isEmpty else { return groups }
        // A copy keeps the group's omitted frames, recursion and fold: only its TIDs change.
        return groups.compactMap { group in
            var selected = group
            selected.tids = group.tids.filter(tids.contains)
            return selected.tids.isEmpty ? nil : selected
        }
    }
}
