import Foundation
import Testing
import FixtureSupport

/// Colour only on a terminal without NO_COLOR; `--threads` picks the threads listed.
@Suite struct TextLayoutTests {
    let fixture = Fixture("lock-chain")

    /// Runs the CLI under `script`, which gives it a terminal for standard output.
    private func onTerminal(_ environment: String) throws -> String {
        let command = "\(environment) '\(AnalyzeDumpBinary.path)' '\(fixture.compressedCorePath)' --exe '\(try fixture.executablePath)' 2>/dev/null"
        return try Command.capture("/usr/bin/script", ["-qc", command, "/dev/null"]).standardOutput
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let coloured = try onTerminal("env -u NO_COLOR")
        #expect(coloured.contains("\u{1B}[1;31m[error]\u{1B}[0m Thread \(try fixture.tid("flusher_tid")) holds `index_lock`"))
        #expect(coloured.contains("\u{1B}[1mFindings (2)\u{1B}[0m"))
        #expect(!(try onTerminal("env NO_COLOR=1")).contains("\u{1B}[1"))
        let piped = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath])
        #expect(!piped.standardOutput.contains("\u{1B}"))
    }

    @Test func threadsBlockedListsWaitersAndOwnersOnly() throws {
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--threads", "blocked"])
        let lines = result.standardOutput.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Thread states: ") })
        let listed = lines[(start + 1)...].prefix { $0.hasPrefix("  ") && !$0.contains("more threads") }
            .compactMap { Int32($0.split(separator: " ").first ?? "") }
        let expected = (fixture.intListFact("request_tids") + [fixture.intFact("journal_writer_tid")!, fixture.intFact("flusher_tid")!]).map(Int32.init)
        #expect(Set(listed) == Set(expected))
        #expect(result.standardOutput.contains("  1 more threads not listed (--threads all)"))
        #expect(result.standardOutput.contains("Stacks (7 threads, 4 distinct): 3 with the threads listed above"))
    }
}
