import Foundation
import FixtureSupport

/// Runs the built `analyze-dump` executable, which SwiftPM puts next to the test bundle.
enum AnalyzeDumpBinary {
    static let path: String = {
        let testExecutable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: testExecutable).deletingLastPathComponent().appendingPathComponent("analyze-dump").path
    }()

    /// Runs the binary with the tests' environment less `COLUMNS` (a report to a pipe is
    /// then 100 columns wide, whatever the shell that ran the tests had), plus `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Command.Result {
        var inherited = ProcessInfo.processInfo.environment
        inherited["COLUMNS"] = nil
        return try Command.capture(path, arguments, environment: inherited.merging(environment) { $1 })
    }

    /// The path of the core `analyze-dump capture --pid` writes of process `pid` into
    /// `directory`.
    /// - Throws: ``Command/Failure`` with the capture's standard error when it fails.
    static func capture(pid: Int32, into directory: String) throws -> String {
        let capture = try run(["capture", "--pid", String(pid), "-o", directory])
        guard capture.status == 0 else { throw Command.Failure(description: "capture failed: \(capture.standardError)") }
        return capture.standardOutput.trimmingCharacters(in: .newlines)
    }

    /// The JSON report of `core`, as written and parsed.
    /// - Throws: ``Command/Failure`` when it cannot be read; the core is deleted then.
    static func jsonReport(of core: String) throws -> (text: String, document: [String: Any]) {
        guard let result = try? run([core, "--format", "json"]),
              let document = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        else {
            try? FileManager.default.removeItem(atPath: core)
            throw Command.Failure(description: "the JSON report of \(core) cannot be read")
        }
        return (result.standardOutput, document)
    }
}
