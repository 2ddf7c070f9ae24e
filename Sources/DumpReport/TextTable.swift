/// A table of the text report (CPU by thread, thread states, hot methods) laid out to the
/// report's width, never cut: a value is always shown whole, on more lines when needed.
///
/// When every row fits the width at the columns' preferred widths, the table is exactly
/// ``TextFormatting/columns(_:widths:)``'s (the layout of a 100-column report). Otherwise
/// every column but the last takes the width of its longest value, and those with the most
/// room shrink, down to their longest word, to leave the last column room; each value is
/// then wrapped at spaces within its column, and a row takes as many lines as its tallest
/// value. The last column may instead go under the row's other values, from the second
/// column on (at most eight characters in), on lines of the whole width. Of these layouts
/// the table takes the one with the fewest lines longer than the width, then the fewest
/// lines.
///
/// A word longer than its column (a path or a symbol without spaces) is never cut: it pushes
/// the rest of its line to the right, and that line is longer than the width.
package struct TextTable {
    /// The room the last column needs beside the others; below it the last column goes under
    /// the row.
    package static let minimumLastWidth = 24

    /// The indent before every line.
    package let indent: String
    /// The preferred widths of every column but the last.
    package let widths: [Int]
    /// The rows, a header first when the table has one; a row may have fewer values.
    package private(set) var rows: [[String]] = []

    package init(indent: String = "  ", widths: [Int]) {
        self.indent = indent
        self.widths = widths
    }

    /// Adds a row.
    package mutating func append(_ row: [String]) { rows.append(row) }

    /// The table's lines for a report `width` characters wide.
    package func lines(width: Int) -> [String] {
        let preferred = rows.map { indent + TextFormatting.columns($0, widths: widths) }
        guard preferred.contains(where: { $0.count > width }) else { return preferred }
        let layout = narrowWidths(width: width)
        return rows.flatMap { lines(of: $0, widths: layout.widths, lastUnder: layout.lastUnder, width: width) }
    }

    /// The widths of every column but the last for a table that does not fit at the
    /// preferred ones, and whether the last column goes under the row: of the layouts that
    /// leave the last column from ``minimumLastWidth`` to its longest value's width, and of
    /// the layout with the last column under the row, the one with the fewest lines longer
    /// than the width, then the fewest lines.
    private func narrowWidths(width: Int) -> (widths: [Int], lastUnder: Bool) {
        var natural = [Int](repeating: 0, count: widths.count)
        var minimum = [Int](repeating: 0, count: widths.count)
        var lastLongest = 0
        // Rows that differ only in their first value (a TID) lay out alike: each is weighed
        // once, by its first row.
        var distinct: [ArraySlice<String>: (row: [String], count: Int)] = [:]
        for row in rows {
            distinct[row.dropFirst(), default: (row, 0)].count += 1
            for (column, value) in row.enumerated() {
                if column < widths.count {
                    natural[column] = max(natural[column], value.count)
                    minimum[column] = max(minimum[column], TextFormatting.words(of: value).map(\.count).max() ?? 0)
                } else {
                    lastLongest = max(lastLongest, value.count)
                }
            }
        }
        let sample = distinct.values
        // How many lines a value takes in a column of a width, and how many of them are
        // longer than it (a word that does not fit), each value wrapped once per width.
        var metrics: [Int: [String: (lines: Int, overlong: Int)]] = [:]
        func metric(_ value: String, width: Int) -> (lines: Int, overlong: Int) {
            if value.count <= width { return (1, 0) }
            if let known = metrics[width]?[value] { return known }
            let lines = TextFormatting.cellLines(value, width: width)
            let result = (lines.count, lines.filter { $0.count > width }.count)
            metrics[width, default: [:]][value] = result
            return result
        }
        func cost(_ widths: [Int], lastUnder: Bool) -> (overlong: Int, lines: Int) {
            let lastWidth = lastUnder ? width - underIndent(widths).count : room(widths, width: width)
            var cost = (overlong: 0, lines: 0)
            for (row, count) in sample {
                var height = 1, overlong = 0, last = (lines: 0, overlong: 0)
                for (column, value) in row.enumerated() {
                    if column < widths.count {
                        let cell = metric(value, width: widths[column])
                        height = max(height, cell.lines)
                        overlong += cell.overlong
                    } else {
                        last = metric(value, width: lastWidth)
                    }
                }
                height = lastUnder ? height + (last.lines) : max(height, last.lines)
                cost.lines += height * count
                cost.overlong += (overlong + last.overlong) * count
            }
            return cost
        }
        var best: (widths: [Int], lastUnder: Bool)?
        var bestCost = (overlong: Int.max, lines: Int.max)
        let least = min(lastLongest, Self.minimumLastWidth)
        let step = max(1, (lastLongest - least) / 16)
        for toLeave in Set(stride(from: least, through: lastLongest, by: step)).union([lastLongest]).sorted() {
            let candidate = shrunk(natural, minimum: minimum, toLeave: toLeave, width: width)
            guard room(candidate, width: width) >= least else { continue }
            let candidateCost = cost(candidate, lastUnder: false)
            if (candidateCost.overlong, candidateCost.lines) < (bestCost.overlong, bestCost.lines) {
                best = (candidate, false)
                bestCost = candidateCost
            }
        }
        let under = shrunk(natural, minimum: minimum, toLeave: 0, width: width)
        let underCost = cost(under, lastUnder: true)
        if let best, (bestCost.overlong, bestCost.lines) <= (underCost.overlong, underCost.lines) { return best }
        return (under, true)
    }

    /// `widths` narrowed one character at a time, the column with the most room above its
    /// minimum first, until `toLeave` characters are left for the last column or none can
    /// narrow further.
    private func shrunk(_ widths: [Int], minimum: [Int], toLeave: Int, width: Int) -> [Int] {
        var widths = widths
        while room(widths, width: width) < toLeave {
            let slack = zip(widths, minimum).map { $0 - $1 }
            guard let widest = slack.indices.max(by: { slack[$0] < slack[$1] }), slack[widest] > 0 else { break }
            widths[widest] -= 1
        }
        return widths
    }

    /// The characters left for the last column beside columns of `widths`.
    private func room(_ widths: [Int], width: Int) -> Int {
        width - indent.count - widths.reduce(0) { $0 + $1 + 1 }
    }

    /// The indent of a last column under its row: under the second column, at most eight
    /// characters in.
    private func underIndent(_ widths: [Int]) -> String {
        indent + String(repeating: " ", count: min(8, (widths.first ?? 0) + 1))
    }

    /// One row's lines: each value wrapped within its column, the last beside the others or
    /// under them.
    private func lines(of row: [String], widths: [Int], lastUnder: Bool, width: Int) -> [String] {
        let underIndent = underIndent(widths)
        let lastWidth = lastUnder ? width - underIndent.count : room(widths, width: width)
        var cells = row.enumerated().map { column, value in
            TextFormatting.cellLines(value, width: column < widths.count ? widths[column] : lastWidth)
        }
        var under: [String] = []
        if lastUnder, row.count > widths.count {
            under = cells.removeLast().filter { !$0.isEmpty }.map { underIndent + $0 }
        }
        let height = cells.map(\.count).max() ?? 0
        let beside = (0..<height).map { line in
            indent + TextFormatting.columns(cells.map { line < $0.count ? $0[line] : "" }, widths: widths)
        }
        return beside + under
    }
}
