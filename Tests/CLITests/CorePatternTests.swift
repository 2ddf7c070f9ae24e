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
    /// What the handler left for one crash: its spool, the stored core's name, its JSON
    /// report (as read from the stored core, and as the handler wrote it beside the core), and
    /// the log messages.
    struct HandledCrash {
        var spool: String
        var core: String
        var report: [String: Any]
        var beside: [String: Any]?
        var messages: [String]
    }

    /// Points core_pattern at the built handler, runs `crash` (which returns the PID of the
    /// process it made crash), waits for the stored core of `command` and its report, and
    /// restores the pattern.
    static func handle(command: String, _ crash: () throws -> Int32) throws -> (pid: Int32, crash: HandledCrash) {
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
        let pid = try crash()

        // The handler stores the core, then analyses it and writes the report beside it.
        let spool = directory + "/s"
        let deadline = Date().addingTimeInterval(120)
        var stored: [String] = []
        while Date() < deadline {
            stored = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasPrefix("core.\(command).") }.sorted()
            if stored.contains(where: { $0.hasSuffix(".zst.json") }) { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        try previous.write(toFile: patternFile, atomically: false, encoding: .utf8)
        let core = try #require(stored.first { $0.hasSuffix(".zst") })
        #expect(stored == [core, core + ".json"])
        let report = try AnalyzeDumpBinary.jsonReport(of: spool + "/" + core).document
        let beside = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: spool + "/" + core + ".json"))) as? [String: Any]
        // The lines of this command's cores (another process's may come as well).
        var messages: [String] = []
        let logDeadline = Date().addingTimeInterval(10)
        while messages.isEmpty, Date() < logDeadline {
            messages += log.received().map(LogReceiver.message).filter { $0.hasPrefix("exe=\(command) ") }
            if messages.isEmpty { Thread.sleep(forTimeInterval: 0.1) }
        }
        return (pid, HandledCrash(spool: spool, core: core, report: report, beside: beside, messages: messages))
    }

    @Test func theKernelPipesACrashToTheHandler() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "core-pattern")
        // The same crash written by the kernel as a file, for the reference signature.
        var reference: String?
        if KernelCore.unavailableReason == nil {
            let kernelCore = try KernelCore.write(of: program.executable, in: program.directory, sending: SIGUSR2)
            reference = ((try AnalyzeDumpBinary.jsonReport(of: kernelCore).document["crash"]) as? [String: Any])?["signature"] as? String
        }
        let script = program.directory + "/crash-through-pattern.sh"
        try "#!/bin/sh\nulimit -c unlimited || exit 97\nexec \(program.executable)\n".write(toFile: script, atomically: true, encoding: .utf8)
        let (pid, handled) = try Self.handle(command: "crash-on-reques") {
            let running = try ReadyProgram("/bin/sh", arguments: [script])
            kill(running.processIdentifier, SIGUSR2)
            #expect(running.waitForTerminationSignal(seconds: 30) == SIGSEGV)
            return running.processIdentifier
        }
        #expect(handled.core.hasPrefix("core.crash-on-reques.0.") && handled.core.contains(".\(pid)."))

        let signature = try #require((handled.report["crash"] as? [String: Any])?["signature"] as? String)
        if let reference { #expect(signature == reference) }
        #expect((handled.beside?["crash"] as? [String: Any])?["signature"] as? String == signature)
        let names = (handled.report["threads"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted()
        #expect(names == ["crash-on-reques", "listener", "listener"])
        let handler = (handled.report["process"] as? [String: Any])?["handler"] as? [String: Any]
        #expect(handler?["command_line"] as? [String] == [program.executable])

        #expect(handled.messages.count == 1)
        #expect(handled.messages.first?.hasPrefix("exe=crash-on-reques pid=\(pid) signal=SIGSEGV signature=crash/\(signature) finding=") == true)
        #expect(handled.messages.first?.hasSuffix(" stored=\(handled.spool)/\(handled.core)") == true)
    }

    /// A process in a PID namespace of its own (as in a container): the core numbers its
    /// threads from 1, the handler finds them under other TIDs in /proc, and the names still
    /// land on the right threads.
    @Test func threadNamesOfAProcessInItsOwnPIDNamespace() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "core-pattern-namespace")
        let script = program.directory + "/crash-in-namespace.sh"
        try "#!/bin/sh\nulimit -c unlimited || exit 97\nexec \(program.executable)\n".write(toFile: script, atomically: true, encoding: .utf8)
        // unshare dies of the same signal as its child, and the handler stores its core too.
        let (pid, handled) = try Self.handle(command: "crash-on-reques") {
            let running = try ReadyProgram("/usr/bin/unshare", arguments: ["--pid", "--fork", "--mount-proc", "/bin/sh", script])
            defer { running.kill() }
            let crashing = try #require(Self.process(running: program.executable))
            kill(crashing, SIGUSR2)
            _ = running.waitForTerminationSignal(seconds: 30)
            return crashing
        }
        #expect(handled.core.contains(".\(pid)."))
        let threads = try #require(handled.report["threads"] as? [[String: Any]])
        #expect(threads.first?["tid"] as? Int == 1)
        #expect(threads.compactMap { $0["name"] as? String }.sorted() == ["crash-on-reques", "listener", "listener"])
        #expect(handled.messages.count == 1)
        #expect(handled.messages.first?.hasPrefix("exe=crash-on-reques pid=\(pid) signal=SIGSEGV signature=crash/") == true)
    }

    /// The PID (in this namespace) of the process running `executable`.
    static func process(running executable: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).first {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/exe")) == executable
        }
    }
}
