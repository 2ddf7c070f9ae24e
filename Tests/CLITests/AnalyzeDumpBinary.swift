import Foundation
import FixtureSupport

/// Runs the built `analyze-dump` executable, which SwiftPM puts next to the test bundle.
enum AnalyzeDumpBinary {
    static let path: String = {
        let testExecutable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: testExecutable).deletingLastPathComponent().appendingPathComponent("analyze-dump").path
    }()

    static func run(_ arguments: [String]) throws -> Command.Result {
        try Command.capture(path, arguments)
    }
}
