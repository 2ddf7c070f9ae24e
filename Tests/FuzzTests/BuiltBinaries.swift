import Foundation

/// The executables SwiftPM builds next to the test bundle: `analyze-dump` and the
/// `contained-run` launcher.
enum BuiltBinaries {
    static let directory: String = {
        let testExecutable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: testExecutable).deletingLastPathComponent().path
    }()

    static var analyzeDump: String { directory + "/analyze-dump" }
    static var launcher: String { directory + "/contained-run" }
}
