import Foundation
import Testing
import FixtureSupport

/// `analyze-dump capture`: a core of a live process, read back and compared.
@Suite struct CaptureCommandTests {
    @Test func capturesALiveProcessTwiceAndCompareMatchesItsThreads() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-cli")
        let directory = program.directory
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = String(running.processIdentifier)

        let first = try AnalyzeDumpBinary.run(["capture", "--pid", pid, "-o", directory])
        #expect(first.status == 0, "\(first.standardError)")
        let path = first.standardOutput.trimmingCharacters(in: .newlines)
        #expect(path.hasPrefix(directory + "/live-wait_\(pid)_now_") && path.hasSuffix("Z.core"))
        #expect(first.standardError.hasPrefix("analyze-dump: captured 4 threads of pid \(pid); the process was stopped for "))
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))

        let report = try AnalyzeDumpBinary.run([path])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.hasPrefix("analyze-dump: process \(pid) (live-wait), x86_64, 4 threads\n"))

        Thread.sleep(forTimeInterval: 1.1)
        let second = try AnalyzeDumpBinary.run(["capture", "--pid", pid, "-o", directory])
        let secondPath = second.standardOutput.trimmingCharacters(in: .newlines)
        let comparison = try AnalyzeDumpBinary.run(["compare", path, secondPath])
        #expect(comparison.status == 0, "\(comparison.standardError)")
        #expect(comparison.standardOutput.contains("Threads appeared: none\nThreads ended: none"))
    }

    @Test func aMissingProcessIsAOneLineError() throws {
        let result = try AnalyzeDumpBinary.run(["capture", "--pid", "999999999", "-o", Scratch.directory.path])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("analyze-dump: error: "))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
