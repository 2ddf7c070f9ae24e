import DumpModel

/// The thread-name column of the text report's tables (CPU, thread states), right after the
/// TID: present only when the core records names (``Process/hasThreadNames``), so reports of
/// kernel and gcore cores keep their layout.
struct NameColumn {
    /// Wide enough for a quoted 15-byte name (`TASK_COMM_LEN` is 16 with the NUL).
    static let width = 17

    /// Whether the table has the column.
    let isShown: Bool

    init(_ process: Process) { isShown = process.hasThreadNames }

    /// A column shown or not, for tables over several processes.
    init(isShown: Bool) { self.isShown = isShown }

    /// `values` with `name` as the second column, when the column is shown.
    func insert(_ name: String, into values: [String]) -> [String] {
        guard isShown, !values.isEmpty else { return values }
        var values = values
        values.insert(name, at: 1)
        return values
    }

    /// `widths` with the column's width as the second, when the column is shown.
    func insert(into widths: [Int]) -> [Int] {
        guard isShown, !widths.isEmpty else { return widths }
        var widths = widths
        widths.insert(Self.width, at: 1)
        return widths
    }
}
