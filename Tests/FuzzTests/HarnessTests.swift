@testable import CoreMutator
import FixtureSupport
import Foundation
import Testing

/// The harness sees what it must: a hang, a signal, an exit status, stderr, standard input
/// that never delivers, and the program's own peak RSS; the verdict names each way a run
/// falls short.
@Suite struct HarnessTests {
    func run(_ script: String, timeout: Double = 10) throws -> ContainedRun {
        let scratch = try Scratch.makeDirectory(named: "fuzz-harness-\(abs(script.hashValue))")
        return try ContainedRun.run(
            launcher: BuiltBinaries.launcher, "/bin/sh", ["-c", script], timeout: timeout,
            addressSpaceLimit: AddressSanitizer.isLoaded ? 0 : 8 << 30, scratch: scratch + "/run")
    }

    @Test func aHangIsKilledAtTheTimeLimit() throws {
        let result = try run("sleep 30", timeout: 0.5)
        #expect(result.termination == .timedOut)
        #expect(result.seconds < 10)
    }

    @Test func standardInputIsAPipeThatNeverDelivers() throws {
        #expect(try run("read line", timeout: 0.5).termination == .timedOut)
    }

    @Test func aSignalDeathIsSeen() throws {
        #expect(try run("kill -SEGV $$").termination == .signalled(11))
    }

    @Test func theExitStatusAndStderrAreKept() throws {
        let result = try run("echo 'analyze-dump: error: no' >&2; exit 2")
        #expect(result.termination == .exited(2))
        #expect(result.standardError == Array("analyze-dump: error: no\n".utf8))
    }

    /// The launcher's child reports its own peak, not the test process's.
    @Test func peakRSSIsTheProgramsOwn() throws {
        let small = try run("true")
        #expect(small.peakResidentBytes < 32 << 20)
        let large = try run("x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo ${#x}")
        #expect(large.peakResidentBytes > 100 << 20)
    }

    @Test func verdictNamesEveryShortfall() throws {
        let scratch = try Scratch.makeDirectory(named: "fuzz-verdict")
        let reports = ReportPaths(text: scratch + "/t", json: scratch + "/j", html: scratch + "/h")
        func problems(_ termination: ContainedRun.Termination, _ stderr: String, rss: Int = 1 << 20) -> [String] {
            RunVerdict.problems(
                of: ContainedRun(termination: termination, peakResidentBytes: rss, seconds: 1, standardError: Array(stderr.utf8)),
                reports: reports, timeout: 30, residentLimit: 1 << 30)
        }
        #expect(problems(.exited(2), "analyze-dump: error: not a core\n") == [])
        #expect(problems(.exited(2), "analyze-dump: error: a\nb\n") == [
            "status 2 without exactly one `analyze-dump: error:` line on stderr: \"analyze-dump: error: a\\nb\\n\""])
        #expect(problems(.timedOut, "") == ["hang: still running after 30 s (killed)"])
        #expect(problems(.signalled(4), "") == ["killed by signal 4 (Illegal instruction)"])
        #expect(problems(.exited(2), "analyze-dump: error: \u{1b}[2J\n", rss: 2 << 30) == [
            "peak RSS 2048 MiB over the 1024 MiB limit", "stderr holds control character 0x1b"])
        #expect(problems(.exited(1), "") == ["no text report written", "no JSON report written", "no HTML report written"])
        try "a\nanalyze-dump: error: forged\n".write(toFile: reports.text, atomically: true, encoding: .utf8)
        try "{\"a\":".write(toFile: reports.json, atomically: true, encoding: .utf8)
        try "<p><script>alert(1)</script>".write(toFile: reports.html, atomically: true, encoding: .utf8)
        #expect(problems(.exited(0), "") == [
            "text report holds a forged `analyze-dump: error:` line", "JSON report does not parse",
            "HTML report holds a <script> from the core"])
    }
}
