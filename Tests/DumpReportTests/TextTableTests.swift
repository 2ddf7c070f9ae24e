import Testing
@testable import DumpReport

/// ``TextTable``: the 100-column layout when every row fits; otherwise values wrapped within
/// their columns or the last column under the row, never cut.
@Suite struct TextTableTests {
    private func table(_ rows: [[String]], widths: [Int]) -> TextTable {
        var table = TextTable(widths: widths)
        for row in rows { table.append(row) }
        return table
    }

    @Test func aTableThatFitsKeepsThePreferredWidths() {
        let lines = table([["1533*", "waiting for mutex `sessions+0x78`", "read_session (session-lock.c:71)"]], widths: [8, 44]).lines(width: 100)
        #expect(lines == ["  1533*    waiting for mutex `sessions+0x78`            read_session (session-lock.c:71)"])
    }

    @Test func aLongLastValueWrapsInItsColumnAndTheMiddleColumnNarrows() {
        let rows = [
            ["671", "running", "warm_up_model_cache (warmup-lock.c:39)"],
            ["679", "waiting for mutex `model_lock`", "lookup_model (warmup-lock.c:59)"],
        ]
        #expect(table(rows, widths: [8, 44]).lines(width: 60) == [
            "  671 running                       warm_up_model_cache",
            "                                    (warmup-lock.c:39)",
            "  679 waiting for mutex             lookup_model",
            "      `model_lock`                  (warmup-lock.c:59)",
        ])
    }

    /// A word longer than the room beside the row puts the last column under it, where the
    /// whole width is left; a word longer than even that is shown whole on a longer line.
    @Test func anUnbreakableWordGoesUnderTheRowAndIsNeverCut() {
        let symbol = "wait<(anonymous)::wait_for_restock()::<lambda()>>"
        let rows = [["11076", "waiting for condition variable `g_restocked`", symbol + " (condition_variable:102)"]]
        let lines = table(rows, widths: [8, 44]).lines(width: 60)
        #expect(lines == [
            "  11076 waiting for condition variable `g_restocked`",
            "        " + symbol,
            "        (condition_variable:102)",
        ])
        let longer = String(repeating: "x", count: 70)
        let narrow = table([["1", "running", longer]], widths: [8, 44]).lines(width: 60)
        #expect(narrow.contains { $0.hasSuffix(longer) })
        #expect(narrow.filter { $0.count > 60 }.count == 1)
    }

    @Test func headersWrapLikeValues() {
        let rows = [["inside", "on stack", "CPU inside", "CPU on stack", "function"],
                    ["6", "6", "—", "—", "fetch_remote_profile_with_retries (session-lock.c:53)"]]
        let lines = table(rows, widths: [7, 9, 11, 13]).lines(width: 60)
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(lines.joined(separator: "\n").contains("fetch_remote_profile_with_retries"))
        #expect(lines.first?.hasPrefix("  inside on") == true)
    }
}
