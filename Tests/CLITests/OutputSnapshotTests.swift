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

    @Test(arguments: [["--help"], ["stacks", "--help"], ["summary", "--help"]])
    func help(arguments: [String]) throws {
        let result = try AnalyzeDumpBinary.run(arguments)
        #expect(result.status == 0)
        let name = "help-" + (arguments.count > 1 ? arguments[0] : "root")
        #expect(Snapshot.mismatch(result.standardOutput, named: name) == nil, "\(Snapshot.mismatch(result.standardOutput, named: name) ?? "")")
    }
}
