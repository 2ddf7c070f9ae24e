import CoreTriage
import CrashStore
import Glibc
import Testing

@Suite struct CoreRecordBuilderTests {
    static let candidate = CoreCandidate(
        path: "/var/lib/systemd/coredump/core.srv.0.0123456789abcdef0123456789abcdef.77.1700000000000000.zst",
        identity: CoreIdentity(device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4),
        fileName: CoreFileName("core.srv.0.0123456789abcdef0123456789abcdef.77.1700000000000000.zst"),
        attributes: CoredumpAttributes(signal: 11))
    static let limits = ChildLimits(timeoutMilliseconds: 60_000, addressSpaceBytes: 0, maximumOutputBytes: 100)

    static func record(_ ending: ChildResult.Ending, output: String = "", error: String = "") -> CoreRecord {
        CoreRecordBuilder.record(
            for: candidate, result: ChildResult(ending: ending, output: Array(output.utf8), errorOutput: Array(error.utf8)),
            localHost: "here", analysedAtMicroseconds: 9, limits: limits)
    }

    @Test func failuresAreErrorRecordsGroupedByKind() {
        let unreadable = Self.record(.exited(2), error: "analyze-dump: warning: x\nanalyze-dump: error: not an ELF file\n")
        #expect(unreadable.outcome == .error)
        #expect(unreadable.signature == "unreadable")
        #expect(unreadable.error == "analyze-dump: error: not an ELF file")
        #expect(unreadable.host == "here")
        #expect(unreadable.executable == "srv")
        #expect(unreadable.signal == "SIGSEGV")
        #expect(unreadable.crashTimeMicroseconds == 1_700_000_000_000_000)
        #expect(Self.record(.timedOut).error == "the analysis ran longer than 60 s and was killed (raise --timeout)")
        #expect(Self.record(.signalled(SIGKILL)).signature == "analysis-killed")
        #expect(Self.record(.signalled(SIGKILL)).error == "the analysis was ended by SIGKILL (raise --memory-limit if it ran out of memory)")
        #expect(Self.record(.outputTooLarge).signature == "report-too-large")
        #expect(Self.record(.exited(127), error: "cannot map").error == "the analysis exited with status 127: cannot map")
        let invalid = Self.record(.exited(0), output: "{\"process\": ")
        #expect(invalid.signature == "invalid-report")
        #expect(invalid.error == "the analysis wrote no report: invalid JSON at byte 12: unexpected end")
    }

    @Test func aReportGivesTheCrash() {
        let report = #"{"process": {"command": "srv", "signal": {"name": "SIGABRT"}}, "crash": {"signature": "0011223344556677"}, "findings": [{"title": "abort in main"}], "modules": [{"name": "/usr/bin/srv", "build_id": "abcd"}]}"#
        let record = Self.record(.exited(1), output: report)
        #expect(record == CoreRecord(
            host: "here", path: Self.candidate.path, identity: Self.candidate.identity, executable: "/usr/bin/srv", buildID: "abcd",
            crashTimeMicroseconds: 1_700_000_000_000_000, analysedAtMicroseconds: 9, signal: "SIGABRT", outcome: .crash,
            signature: "0011223344556677", topFinding: "abort in main", reportJSON: report))
    }
}
