import Foundation

/// A scenario program of `Fixtures/scenarios/` compiled at test time, dynamically linked,
/// into a fresh scratch directory (`cc -g -O0 -pthread`), for tests that run it live.
public struct ScenarioProgram {
    /// The scratch directory it was built in.
    public let directory: String
    /// The built program.
    public let executable: String

    /// Compiles `Fixtures/scenarios/<name>.c` into the scratch directory `directoryName`.
    public init(_ name: String, directoryName: String) throws {
        directory = try Scratch.makeDirectory(named: directoryName)
        executable = directory + "/" + name
        let source = Fixture.fixturesRoot.appendingPathComponent("scenarios/\(name).c").path
        try Command.run("/usr/bin/env", ["cc", "-g", "-O0", "-pthread", "-o", executable, source])
    }
}
