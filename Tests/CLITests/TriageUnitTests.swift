import FixtureSupport
import Foundation
import Testing

/// The systemd units in contrib/systemd, checked by `systemd-analyze verify` with their
/// `ExecStart` pointed at the built binary: every key known and every value valid.
@Suite struct TriageUnitTests {
    static let systemdAnalyze = "/usr/bin/systemd-analyze"
    static let unitDirectory = Fixture.fixturesRoot.deletingLastPathComponent().appendingPathComponent("contrib/systemd").path

    @Test func everyUnitVerifiesWithoutAWarning() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.systemdAnalyze), "systemd-analyze is not installed")
        let directory = try Scratch.makeDirectory(named: "triage-units")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let units = try FileManager.default.contentsOfDirectory(atPath: Self.unitDirectory).sorted()
        #expect(units == [
            "analyze-dump-triage-spool.service", "analyze-dump-triage-spool.timer",
            "analyze-dump-triage.path", "analyze-dump-triage.service", "analyze-dump-triage.timer",
        ])
        for unit in units {
            let text = try String(contentsOfFile: Self.unitDirectory + "/" + unit, encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/analyze-dump", with: AnalyzeDumpBinary.path)
                .write(toFile: directory + "/" + unit, atomically: true, encoding: .utf8)
        }
        let run = try Command.capture(Self.systemdAnalyze, ["verify"] + units.map { directory + "/" + $0 })
        #expect(run.status == 0 && run.standardError.isEmpty, "\(run.standardError)")
    }

    /// Hitting a path unit's trigger limit stops its watching until it is restarted
    /// (systemd.path(5)), and systemd-coredump changes the directory several times a core: the
    /// limit is off.
    @Test func thePathUnitHasNoTriggerLimit() throws {
        let text = try String(contentsOfFile: Self.unitDirectory + "/analyze-dump-triage.path", encoding: .utf8)
        let settings = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.hasPrefix("TriggerLimit") }
        #expect(settings == ["TriggerLimitIntervalSec=0"])
    }
}
