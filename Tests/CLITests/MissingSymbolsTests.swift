import Foundation
import Testing
import FixtureSupport

/// A wrong `--exe` (another fixture's executable) or none: one line on stderr with the fix,
/// one finding near the top in every format, and one diagnostic for the stacks that stopped
/// in the module, not one libdwfl line a thread.
@Suite struct MissingSymbolsTests {
    let fixture = Fixture("session-lock")
    let other = Fixture("warmup-lock")
    let recorded = "a9f84ca6156107f453785f07960917fefbaa4fb3"

    private func run(_ extra: [String]) throws -> Command.Result {
        try AnalyzeDumpBinary.run([fixture.compressedCorePath] + extra)
    }

    @Test func aWrongExecutableIsSaidOnceWithTheFix() throws {
        let exe = try other.executablePath
        let result = try run(["--exe", exe])
        #expect(result.status == 1)
        let fileBuildID = try #require(other.facts["build_id"])
        #expect(result.standardError == """
            analyze-dump: warning: \(exe) has build-id \(fileBuildID) but the core recorded \(recorded) for /tmp/analyze-dump-fixtures/session-lock/session-lock: it was not used, so its frames show as module+offset; pass the matching file with --exe, --sysroot or --debug-dir
            analyze-dump: warning: 1 module's file has another build-id than the core recorded; 8 stacks are incomplete (see Diagnostics)

            """)
        let lines = result.standardOutput.components(separatedBy: "\n")
        // Second, after the lock finding (an error), before the pool's (6 threads to its 8).
        #expect(lines.contains("  2. [warning] The file given for `session-lock` is not the one the core was written by"))
        #expect(lines.contains("     Recommendation: Pass the executable whose build-id is a9f84ca61561 with --exe (`file` or"))
        #expect(result.standardOutput.components(separatedBy: "Callback returned failure").count == 2)
        #expect(lines.contains("  warning: 7 threads (1544, 1543, 1542, 1541, 1540 and 2 more): unwinding stopped after 4 frames: no unwind information for the caller (libdwfl: Callback returned failure); a module without its file has none"))
    }

    @Test func aMissingExecutableIsAWarningFindingInEveryFormat() throws {
        // No --exe, and the path the core names does not exist on this machine.
        let text = try run([])
        #expect(text.status == 1)
        #expect(text.standardError.hasPrefix("analyze-dump: warning: libdw cannot find the executable at /tmp/analyze-dump-fixtures/session-lock/session-lock (build-id \(recorded)): pass --exe; its frames show as module+offset\n"))
        #expect(text.standardError.components(separatedBy: "\n").count == 3)
        #expect(text.standardOutput.contains("\n  2. [warning] No symbols for 1 module: `session-lock`\n"))

        let json = try run(["--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 3)
        let symbols = try #require(findings.dropFirst().first)
        #expect(symbols["kind"] as? String == "missing-symbols")
        #expect(symbols["severity"] as? String == "warning")
        #expect((symbols["tids"] as? [Int])?.count == 8)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.filter { ($0["message"] as? String)?.contains("Callback returned failure") == true }.count == 1)

        let html = try run(["--format", "html"]).standardOutput
        #expect(html.contains("No symbols for 1 module: <code>session-lock</code></h3>"))
    }
}
