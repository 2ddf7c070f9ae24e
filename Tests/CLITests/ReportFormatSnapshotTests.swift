import Foundation
import Testing
import FixtureSupport

/// `--format markdown` and `--format oneline` of the summary command, end to end on fixtures,
/// compared with golden files; the oneline fields checked against the JSON report.
@Suite struct ReportFormatSnapshotTests {
    /// The output of `summary --format FORMAT` on a fixture with the per-run paths of the core
    /// and the decompressed binary replaced.
    /// - Parameter status: the exit status expected (1 for a stack cut at `--max-frames`).
    private func run(_ fixture: Fixture, format: String, status: Int32 = 0) throws -> String {
        let executable = try fixture.executablePath
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--format", format, "--exe", executable])
        #expect(result.status == status, "\(result.standardError)")
        return result.standardOutput
            .replacingOccurrences(of: executable, with: "<exe>")
            .replacingOccurrences(of: fixture.compressedCorePath, with: "<core>")
    }

    @Test(arguments: ["deadlock", "null-deref", "warmup-lock"])
    func markdown(fixture name: String) throws {
        let output = try run(Fixture(name), format: "markdown")
        let snapshot = "markdown-" + name
        #expect(Snapshot.mismatch(output, named: snapshot) == nil, "\(Snapshot.mismatch(output, named: snapshot) ?? "")")
    }

    @Test(arguments: ["deadlock", "null-deref", "warmup-lock", "healthy"])
    func oneline(fixture name: String) throws {
        let fixture = Fixture(name)
        let output = try run(fixture, format: "oneline")
        let snapshot = "oneline-" + name
        #expect(Snapshot.mismatch(output, named: snapshot) == nil, "\(Snapshot.mismatch(output, named: snapshot) ?? "")")

        // One line of five fields that agree with the JSON report's signature and first finding.
        #expect(output.hasSuffix("\n") && output.dropLast().split(separator: "\n").count == 1)
        let fields = output.dropLast().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 5)
        #expect(fields[0] == "<core>")
        let json = try run(fixture, format: "json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let signature = report["signature"] as? [String: Any]
        #expect(fields[1] == (signature?["kind"] as? String ?? "healthy"))
        #expect(fields[2] == (signature?["value"] as? String ?? "-"))
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(fields[3] == (findings.first?["kind"] as? String ?? "-"))
    }

    /// A stack overflow's 7,261-frame stack shows folded, as `stacks --group` prints it: the
    /// first `descend`, the fold line, the last one and the three frames after the recursion.
    @Test func markdownFoldsARecursion() throws {
        let fixture = Fixture("stack-overflow")
        let lines = try run(fixture, format: "markdown").components(separatedBy: "\n")
        let fold = try #require(lines.firstIndex(of: "  … descend recursed ×7,258 (frames #1–#7,256 folded)"))
        #expect(lines[fold - 1].hasPrefix("  #0  0x000000000040166d descend+0x8 at "))
        #expect(lines[(fold + 1)...(fold + 4)].map { $0.prefix(7) } == ["  #7257", "  #7258", "  #7259", "  #7260"])
        #expect(!lines.contains { $0.hasSuffix(" more frames") })
        let grouped = try AnalyzeDumpBinary.run(["stacks", "--group", fixture.compressedCorePath, "--exe", try fixture.executablePath])
        #expect(grouped.standardOutput.contains("\n" + lines[(fold - 1)...(fold + 4)].joined(separator: "\n") + "\n"))
    }

    /// `-o FILE` writes the same line as standard output.
    @Test func onelineToAFile() throws {
        let fixture = Fixture("deadlock")
        let directory = try Scratch.makeDirectory(named: "oneline-output")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/line.tsv"
        let executable = try fixture.executablePath
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--format", "oneline", "-o", file, "--exe", executable])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(written == (try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--format", "oneline", "--exe", executable]).standardOutput))
    }
}
