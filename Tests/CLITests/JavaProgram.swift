import Foundation
import FixtureSupport

/// A Java scenario of `Fixtures/scenarios`, compiled with javac and run under Debian's
/// OpenJDK 17, for the tests that capture a live JVM and read the core with jhsdb.
enum JavaProgram {
    /// Debian's OpenJDK 17 (openjdk-17-jdk-headless), whose stacks the HotSpot rows were read on.
    static let javaHome = "/usr/lib/jvm/java-17-openjdk-amd64"

    /// Why a test of a JVM cannot run here, or nil.
    static let unavailableReason: String? = {
        for tool in ["java", "javac", "jhsdb"] where !FileManager.default.isExecutableFile(atPath: "\(javaHome)/bin/\(tool)") {
            return "\(javaHome)/bin/\(tool) is missing: install openjdk-17-jdk-headless (scripts/install-deps)"
        }
        return nil
    }()

    /// Compiles the scenario `source` (copied as `mainClass`.java, the name javac wants for a
    /// public class) into `directory` and starts its class `mainClass` with a 64 MB heap and
    /// `options`, by default Serial GC (G1 adds its workers, marker, refiner, service threads);
    /// returns once it printed `ready`.
    static func start(_ source: String, mainClass: String, in directory: String, options: [String] = ["-XX:+UseSerialGC"]) throws -> ReadyProgram {
        let copy = directory + "/" + mainClass + ".java"
        try FileManager.default.copyItem(atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/" + source).path, toPath: copy)
        try Command.run("\(javaHome)/bin/javac", ["-d", directory, copy])
        return try ReadyProgram("\(javaHome)/bin/java", arguments: ["-Xmx64m"] + options + ["-cp", directory, mainClass])
    }

    /// What `jhsdb jstack --core` says of `core`; with `locks`, `--locks` too (each thread's
    /// `Locked ownable synchronizers`).
    static func jhsdbJstack(core: String, locks: Bool = false) throws -> JStackOutput {
        let options = locks ? ["--locks"] : []
        return try JStackOutput(parsing: Command.run(
            "\(javaHome)/bin/jhsdb", ["jstack"] + options + ["--core", core, "--exe", "\(javaHome)/bin/java"]).standardOutput)
    }
}
