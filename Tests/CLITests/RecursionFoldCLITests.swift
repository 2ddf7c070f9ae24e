import Foundation
import Testing
import FixtureSupport

/// stack-overflow end to end: its 7,261-frame stack, counted past the frame limit, reads as a
/// few lines in the text report and a closed, folded table in the HTML page.
@Suite struct RecursionFoldCLITests {
    static let foldLine = "  … descend recursed ×7,258 (frames #1–#7,256 folded)"

    @Test func theTextReportFoldsTheRecursionAndGivesTheExactDepth() throws {
        let fixture = Fixture("stack-overflow")
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.components(separatedBy: "\n")
        #expect(lines.count < 100)  // 1,096 lines when the stack was printed frame by frame
        let tid = try fixture.tid("crash_tid")
        #expect(lines.contains("  1. [error] Stack overflow in thread \(tid): `descend` recursed 7,258 times"))
        let heading = try #require(lines.firstIndex(of: "1 thread: \(tid)"))
        let stack = lines[(heading + 1)...].prefix { !$0.isEmpty }.map { String($0.prefix(32)) }
        #expect(stack == [
            "  #0  0x000000000040166d descend",
            String(Self.foldLine.prefix(32)),
            "  #7257 0x00000000004016e3 desce",
            "  #7258 0x0000000000401755 tree_",
            "  #7259 0x0000000000417dbc start",
            "  #7260 0x00000000004678ac __clo",
        ])
        #expect(lines.contains(Self.foldLine))
    }

    /// `--tid` keeps only the crashing thread's group, folded as in the whole report.
    @Test func aTIDSelectionKeepsTheFold() throws {
        let fixture = Fixture("stack-overflow")
        let tid = try fixture.tid("crash_tid")
        for arguments in [[fixture.compressedCorePath], ["stacks", fixture.compressedCorePath]] {
            let result = try AnalyzeDumpBinary.run(arguments + ["--exe", try fixture.executablePath, "--tid", String(tid)])
            #expect(result.status == 0, "\(result.standardError)")
            let lines = result.standardOutput.components(separatedBy: "\n")
            #expect(lines.count < 100, "\(arguments): \(lines.count) lines")
            #expect(lines.contains(Self.foldLine))
            #expect(lines.contains { $0.hasPrefix("  #7258 0x0000000000401755 tree_walker+0x36 ") })
        }
    }

    @Test func stacksFoldsEachThread() throws {
        let fixture = Fixture("stack-overflow")
        let result = try AnalyzeDumpBinary.run(["stacks", fixture.compressedCorePath, "--exe", try fixture.executablePath])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.components(separatedBy: "\n")
        #expect(lines.count == 17)  // 2 headings, 6 + 6 frame lines, a blank line after each stack
        #expect(lines[1].hasPrefix("  #0  0x000000000040166d descend+0x8 at "))
        #expect(lines[2] == Self.foldLine)
    }

    /// The crashing thread's group stays closed: 7,261 frames would push the page down; its
    /// summary says so, and its table has the fold row between the first and last rounds.
    @Test func theHTMLTableOfTheOverflowingThreadIsFoldedAndClosed() throws {
        let fixture = Fixture("stack-overflow")
        let html = Scratch.directory.appendingPathComponent("recursion-fold.html").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--html", html, "-o", "/dev/null"])
        #expect(result.status == 0, "\(result.standardError)")
        let seen = try BrowserPage.result(of: """
            const group = [...document.querySelectorAll("details.stack")].find(d => d.querySelector(".tids").textContent === "TID \(try fixture.tid("crash_tid"))");
            const rows = [...group.querySelectorAll("table.frames tbody tr")];
            document.body.dataset.testResult = JSON.stringify({
              open: group.open,
              depth: group.querySelector("summary .depth").textContent,
              rows: rows.map(row => row.classList.contains("fold") ? row.textContent.trim() : row.cells[0].textContent + " " + row.cells[2].textContent),
              openGroups: document.querySelectorAll("details.stack[open]").length,
            });
            """, onPage: html, name: "recursion-fold")
        let decoded = try JSONSerialization.jsonObject(with: Data(try #require(seen).utf8)) as? [String: Any]
        #expect(decoded?["open"] as? Bool == false)
        #expect(decoded?["depth"] as? String == "7,261 frames, descend recursed ×7,258")
        #expect(decoded?["rows"] as? [String] == [
            "0 descend+0x8",
            "… descend recursed ×7,258 (frames #1–#7,256 folded)",
            "7257 descend+0x7d", "7258 tree_walker+0x36", "7259 start_thread+0x30b", "7260 __clone3+0x2b",
        ])
        #expect(decoded?["openGroups"] as? Int == 0)
    }
}
