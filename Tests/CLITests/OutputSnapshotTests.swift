import Testing
import FixtureSupport

/// Every output mode of the CLI, end to end on a fixture, compared with golden files.
@Suite struct OutputSnapshotTests {
    let fixture = Fixture("warmup-lock")

    /// The output with the per-run location of the decompressed binary replaced.
    private func run(_ arguments: [String]) throws -> String {
        let executable = try fixture.executablePath
        let result = try AnalyzeDumpBinary.run(arguments + ["--exe", executable])
        #expect(result.status == 0)
        return result.standardOutput.replacingOccurrences(of: executable, with: "<exe>")
    }

    @Test func summary() throws {
        let output = try run([fixture.compressedCorePath])
        #expect(Snapshot.mismatch(output, named: "summary-warmup-lock") == nil, "\(Snapshot.mismatch(output, named: "summary-warmup-lock") ?? "")")
    }

    @Test func stacks() throws {
        let output = try run(["stacks", fixture.compressedCorePath])
        #expect(Snapshot.mismatch(output, named: "stacks-warmup-lock") == nil, "\(Snapshot.mismatch(output, named: "stacks-warmup-lock") ?? "")")
    }

    @Test func groupedStacksFoldTheEightWaiters() throws {
        let output = try run(["stacks", "--group", fixture.compressedCorePath])
        let waiters = fixture.intListFact("waiter_tids")
        #expect(output.components(separatedBy: "\n").contains { $0.hasPrefix("8 threads: ") && Set($0.dropFirst(11).components(separatedBy: ", ").compactMap { Int($0) }) == Set(waiters) })
        #expect(Snapshot.mismatch(output, named: "stacks-group-warmup-lock") == nil, "\(Snapshot.mismatch(output, named: "stacks-group-warmup-lock") ?? "")")
    }

    /// The single-core report in JSON and HTML, and the text summary of a deadlock and of a
    /// stack overflow (its recursion folded), with the fixture's location replaced.
    @Test(arguments: [
        ("warmup-lock", "json", "json-warmup-lock"), ("warmup-lock", "html", "html-warmup-lock"),
        ("deadlock", "text", "summary-deadlock"), ("stack-overflow", "text", "summary-stack-overflow"),
    ])
    func reportFormats(name: String, format: String, snapshot: String) throws {
        let subject = Fixture(name)
        let executable = try subject.executablePath
        // No source lines: whether the DWARF paths exist depends on the machine.
        let result = try AnalyzeDumpBinary.run([subject.compressedCorePath, "--exe", executable, "--format", format, "--no-sources"])
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput.replacingOccurrences(of: executable, with: "<exe>")
            .replacingOccurrences(of: subject.compressedCorePath, with: "<core>")
        #expect(Snapshot.mismatch(output, named: snapshot) == nil, "\(Snapshot.mismatch(output, named: snapshot) ?? "")")
    }

    /// A core written by `analyze-dump capture`: thread names in the tables, headings and
    /// groups; the capture's time, trigger and stopped time in the dump information.
    @Test func summaryAndStacksOfACapturedCore() throws {
        let captured = Fixture("captured-warmup")
        let executable = try captured.executablePath
        for (arguments, name) in [([captured.compressedCorePath], "summary-captured-warmup"), (["stacks", captured.compressedCorePath], "stacks-captured-warmup")] {
            let result = try AnalyzeDumpBinary.run(arguments + ["--exe", executable])
            #expect(result.status == 0, "\(result.standardError)")
            let output = result.standardOutput.replacingOccurrences(of: executable, with: "<exe>")
            #expect(Snapshot.mismatch(output, named: name) == nil, "\(Snapshot.mismatch(output, named: name) ?? "")")
        }
        let summary = try AnalyzeDumpBinary.run([captured.compressedCorePath, "--exe", executable]).standardOutput
        let facts = captured.facts
        #expect(summary.contains("    owner: thread \(try captured.tid("holder_tid")) \"bulk-insert\", running, in warm_up_model_cache"))
        // The fixture's note says "at once", the immediate trigger's old name: shown as "now".
        #expect(facts["capture_trigger"] == "at once")
        #expect(summary.contains("  x86_64 core written by analyze-dump capture at \(facts["capture_time_utc"]!), trigger \"now\", process stopped "))
        let stacks = try AnalyzeDumpBinary.run(["stacks", captured.compressedCorePath, "--exe", executable]).standardOutput
        #expect(stacks.contains("Thread \(try captured.tid("holder_tid")) \"bulk-insert\": user "))
    }

    /// `compare` on two copies of the fixture's core written 5 s apart, in its three formats:
    /// "both cores", the queue depth said once.
    @Test func compareTwoCopies() throws {
        let directory = try Scratch.makeDirectory(named: "snapshot-compare")
        let (first, second) = try CoreCopies.make(of: fixture.compressedCorePath, in: directory)
        for (format, name) in [("text", "compare-warmup-lock"), ("json", "compare-json-warmup-lock"), ("html", "compare-html-warmup-lock")] {
            let output = try run(["compare", "--format", format, first, second]).replacingOccurrences(of: directory, with: "<dir>")
            #expect(Snapshot.mismatch(output, named: name) == nil, "\(Snapshot.mismatch(output, named: name) ?? "")")
        }
    }

    @Test(arguments: [["--help"], ["stacks", "--help"], ["summary", "--help"], ["handle", "--help"], ["triage", "--help"], ["capture", "--help"], ["compare", "--help"]])
    func help(arguments: [String]) throws {
        let result = try AnalyzeDumpBinary.run(arguments)
        #expect(result.status == 0)
        let name = "help-" + (arguments.count > 1 ? arguments[0] : "root")
        #expect(Snapshot.mismatch(result.standardOutput, named: name) == nil, "\(Snapshot.mismatch(result.standardOutput, named: name) ?? "")")
    }
}
