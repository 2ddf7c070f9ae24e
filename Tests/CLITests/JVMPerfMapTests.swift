import Foundation
import Testing
import FixtureSupport

/// A JVM (Debian's OpenJDK 17) spinning in a C2-compiled `warmUpCache`, captured with
/// `capture --jvm-perf-map`: jcmd makes the JVM write its perf map, the core carries it, and
/// the main thread's innermost frame is the method `jstack` names on the live process.
@Suite struct JVMPerfMapTests {
    @Test(.disabled(if: JavaProgram.unavailableReason != nil, Comment(rawValue: JavaProgram.unavailableReason ?? "")))
    func compiledMethodIsNamedFromTheMapTheJVMWrote() throws {
        let javaHome = JavaProgram.javaHome
        let directory = try Scratch.makeDirectory(named: "jvm-perf-map")
        // G1, the default: see the jstack comment below.
        let running = try JavaProgram.start(
            "jvm-warmup.java", mainClass: "JvmWarmup", in: directory,
            options: ["-XX:CompileCommand=quiet", "-XX:CompileCommand=dontinline,JvmWarmup::warmUpCache"])
        defer { running.kill() }
        let pid = running.processIdentifier
        defer { try? FileManager.default.removeItem(atPath: "/tmp/perf-\(pid).map") }

        // jstack on the live process: the main thread's top Java frame. G1 (the default) has
        // C2 poll for safepoints inside counted loops; with Serial GC the loop has no poll and
        // jstack, which samples at safepoints, would see main.
        let jstack = try Command.run("\(javaHome)/bin/jstack", [String(pid)]).standardOutput
        let mainSection = try #require(jstack.components(separatedBy: "\n\n").first { $0.hasPrefix("\"main\"") })
        let topFrame = try #require(mainSection.split(separator: "\n").first { $0.contains("\tat ") })
        let method = String(topFrame.split(separator: "at ", maxSplits: 1)[1].prefix { $0 != "(" })
        #expect(method == "JvmWarmup.warmUpCache")

        let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "--jvm-perf-map", "--skip-readonly-files", "-o", directory])
        #expect(capture.status == 0, "\(capture.standardError)")
        let core = capture.standardOutput.trimmingCharacters(in: .newlines)
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()
        try FileManager.default.removeItem(atPath: "/tmp/perf-\(pid).map")

        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        let main = try #require(threads.first { $0["name"] as? String == "java" && $0["tid"] as? Int != Int(pid) })
        let innermost = try #require((main["frames"] as? [[String: Any]])?.first)
        #expect(innermost["function"] as? String == method + "(long)")
        #expect(innermost["runtime"] as? String == "jit")
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]]).compactMap { $0["message"] as? String }
        #expect(diagnostics.contains { $0.contains("frames in JIT code named from the perf map in the core") })
    }

    @Test func aProcessThatIsNoJVMIsLeftAlone() throws {
        let directory = try Scratch.makeDirectory(named: "jvm-perf-map-not-jvm")
        let running = try ReadyProgram("/bin/sh", arguments: ["-c", "echo ready; exec sleep 60"])
        defer { running.kill() }
        let pid = running.processIdentifier
        let result = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "--jvm-perf-map", "-o", directory])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("process \(pid) is not a HotSpot JVM (it maps no libjvm.so): leave out --jvm-perf-map"))
        // jcmd was not run: its SIGQUIT would have ended the sleeper.
        #expect(running.waitForTerminationSignal(seconds: 0.5) == nil)
    }
}
