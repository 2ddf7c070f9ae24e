import Foundation
import Testing
import FixtureSupport

/// `COLUMNS` sets the text report's width also when standard output is a pipe: prose and
/// tables are laid out to it, never cut.
@Suite struct TerminalWidthTests {
    private func report(_ name: String, columns: String?) throws -> [String] {
        let fixture = Fixture(name)
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath],
                                               environment: columns.map { ["COLUMNS": $0] } ?? [:])
        return result.standardOutput.components(separatedBy: "\n")
    }

    /// The report's sections before the stacks (frames are eu-stack's lines, one a frame).
    private func evidence(_ lines: [String]) -> ArraySlice<String> {
        lines.prefix { !$0.hasPrefix("Stacks (") }
    }

    private func section(_ heading: String, of lines: [String]) throws -> [String] {
        let start = try #require(lines.firstIndex { $0.hasPrefix(heading) })
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    @Test func columnsSetsTheWidthOfAPipe() throws {
        for name in ["warmup-lock", "cpp-std-locks", "queue-backlog"] {
            let lines = try report(name, columns: "60")
            let overlong = evidence(lines).filter { $0.count > 60 }
            #expect(overlong.isEmpty, "\(name): \(overlong)")
        }
        // Without COLUMNS a pipe gets 100 columns: the same table is on one line a thread.
        let wide = try report("warmup-lock", columns: nil)
        #expect(try section("Thread states", of: wide).contains("  679      waiting for mutex `model_lock`               lookup_model (warmup-lock.c:59)"))
    }

    @Test func aLongCPlusPlusNameAt60Columns() throws {
        let lines = try report("cpp-std-locks", columns: "60")
        let states = try section("Thread states", of: lines)
        #expect(Array(states.prefix(9)) == [
            "Thread states: 11 threads: 7 waiting on locks, 2 waiting on",
            "  conditions, 2 sleeping",
            "  11062* waiting for thread 11064 to end",
            "         main (cpp-std-locks.cpp:85)",
            "  11076  waiting for condition variable `g_restocked`",
            "         wait<(anonymous",
            "         namespace)::wait_for_restock()::<lambda()> >",
            "         (condition_variable:102)",
            "  11075  waiting to write reader/writer lock `g_prices`",
        ])
        let hot = try section("Hot methods", of: lines)
        // Beside four number columns no name fits: each goes under its row.
        #expect(Array(hot.prefix(5)) == [
            "Hot methods (application functions over all threads)",
            "  inside on stack CPU inside CPU on stack",
            "         function",
            "  3      3        —          —",
            "         place_order (cpp-std-locks.cpp:38)",
        ])
    }

    /// On a terminal (`script`) 70 columns wide: its width, unless COLUMNS says otherwise.
    @Test func aTerminalsWidthUnlessColumnsIsSet() throws {
        let fixture = Fixture("warmup-lock")
        func widest(_ environment: String) throws -> Int {
            let command = "stty cols 70; \(environment) NO_COLOR=1 '\(AnalyzeDumpBinary.path)' '\(fixture.compressedCorePath)' --exe '\(try fixture.executablePath)' 2>/dev/null"
            let output = try Command.capture("/usr/bin/script", ["-qc", command, "/dev/null"]).standardOutput
            let lines = output.replacingOccurrences(of: "\r", with: "").components(separatedBy: "\n")
            return evidence(lines).map(\.count).max() ?? 0
        }
        #expect(try widest("env -u COLUMNS") == 70)
        #expect(try widest("env COLUMNS=120") > 100)
    }

    @Test func anOutOfRangeColumnsIsHeldAtTheLimits() throws {
        let narrow = try report("warmup-lock", columns: "10")
        #expect(evidence(narrow).contains("Thread states: 10 threads: 1 running, 8"))
        let garbage = try report("warmup-lock", columns: "wide")
        #expect(garbage == (try report("warmup-lock", columns: nil)))
    }
}
