import Foundation
import Testing
import FixtureSupport

/// A core compressed with lz4 or xz, as systemd-coredump may store it, gives the report of the
/// committed zstd core; one cut short is a fatal error (status 2) that says so.
@Suite struct CompressedCoreReportTests {
    let fixture = Fixture("warmup-lock")

    private func report(_ core: String) throws -> Command.Result {
        try AnalyzeDumpBinary.run([core, "--exe", try fixture.executablePath, "--format", "json"])
    }

    @Test(arguments: ["lz4", "xz"])
    func jsonReportIsTheZstdCoresReport(tool: String) throws {
        let path = try CompressedCore.make(of: fixture, with: tool)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reference = try report(fixture.compressedCorePath)
        let compressed = try report(path)
        #expect(reference.status == 0 && compressed.status == 0, "\(compressed.standardError)")
        // The document names no path of the core, so the whole of it must be equal.
        #expect(!reference.standardOutput.contains(fixture.compressedCorePath))
        #expect(compressed.standardOutput == reference.standardOutput)
    }

    @Test(arguments: [("lz4", "frame"), ("xz", "stream")])
    func truncatedCoreIsAFatalErrorThatSaysSo(tool: String, unit: String) throws {
        let path = try CompressedCore.truncatedCopy(of: try CompressedCore.make(of: fixture, with: tool))
        let result = try report(path)
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "analyze-dump: error: cannot decompress \(path): the \(tool) data ends in the middle of a \(unit), so the file is truncated: copy it again in full, or wait until the tool writing it has finished\n")
    }
}
