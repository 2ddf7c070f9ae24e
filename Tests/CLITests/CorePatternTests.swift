import Foundation
import Glibc
import Testing
import FixtureSupport

/// `analyze-dump handle` installed as the kernel's `core_pattern`, on a crashing scenario
/// program. It changes a machine-wide setting, so it runs in a `swift test` pass of its own
/// (the Makefile's `test` target) and restores the previous pattern whatever happens; it needs
/// root.
@Suite(.serialized, .enabled(if: getuid() == 0, "setting core_pattern needs root"))
struct CorePatternTests {
    @Test func theKernelPipesACrashToTheHandler() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "core-pattern")
        // The same crash written by the kernel as a file, for the reference signature.
        var reference: String?
        if KernelCore.unavailableReason == nil {
            let kernelCore = try KernelCore.write(of: program.executable, in: program.directory, sending: SIGUSR2)
            reference = ((try AnalyzeDumpBinary.jsonReport(of: kernelCore).document["crash"]) as? [String: Any])?["signature"] as? String
        }

        // core_pattern holds at most 127 bytes: a short directory of its own under /tmp.
        let directory = "/tmp/adh\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/h", withDestinationPath: AnalyzeDumpBinary.path)
        let log = try LogReceiver(path: directory + "/l")
        let pattern = "|\(directory)/h handle --spool \(directory)/s --log-socket \(directory)/l -- %P %i %s %t %u %g %h %e"
        #expect(pattern.utf8.count <= 127)

        let patternFile = "/proc/sys/kernel/core_pattern"
        let previous = try String(contentsOfFile: patternFile, encoding: .utf8)
        try pattern.write(toFile: patternFile, atomically: false, encoding: .utf8)
        defer { try? previous.write(toFile: patternFile, atomically: false, encoding: .utf8) }

        let script = program.directory + "/crash-through-pattern.sh"
        try "#!/bin/sh\nulimit -c unlimited || exit 97\nexec \(program.executable)\n".write(toFile: script, atomically: true, encoding: .utf8)
        let running = try ReadyProgram("/bin/sh", arguments: [script])
        let pid = running.processIdentifier
        kill(pid, SIGUSR2)
        #expect(running.waitForTerminationSignal(seconds: 30) == SIGSEGV)

        // The handler stores the core, then analyses it and writes the report beside it.
        let spool = directory + "/s"
        let deadline = Date().addingTimeInterval(120)
        var stored: [String] = []
        while Date() < deadline {
            stored = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            if stored.contains(where: { $0.hasSuffix(".zst.json") }) { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        try previous.write(toFile: patternFile, atomically: false, encoding: .utf8)
        let core = try #require(stored.first { $0.hasSuffix(".zst") })
        #expect(core.hasPrefix("core.crash-on-reques.0.") && core.contains(".\(pid)."))
        #expect(stored == [core, core + ".json"])

        let direct = try AnalyzeDumpBinary.jsonReport(of: spool + "/" + core).document
        let signature = try #require((direct["crash"] as? [String: Any])?["signature"] as? String)
        if let reference { #expect(signature == reference) }
        let beside = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spool + "/" + core + ".json"))) as? [String: Any]
        #expect((beside?["crash"] as? [String: Any])?["signature"] as? String == signature)
        let names = (direct["threads"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted()
        #expect(names == ["crash-on-reques", "listener", "listener"])
        let handler = (direct["process"] as? [String: Any])?["handler"] as? [String: Any]
        #expect(handler?["command_line"] as? [String] == [program.executable])

        let deadlineForLog = Date().addingTimeInterval(10)
        var messages: [String] = []
        while messages.isEmpty, Date() < deadlineForLog {
            messages = log.received().map(LogReceiver.message)
            if messages.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("exe=crash-on-reques pid=\(pid) signal=SIGSEGV signature=crash/\(signature) finding=") == true)
        #expect(messages.first?.hasSuffix(" stored=\(spool)/\(core)") == true)
    }
}
