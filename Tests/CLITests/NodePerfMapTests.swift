import Foundation
import Testing
import FixtureSupport

/// Node (Debian's nodejs) run with `--perf-basic-prof`, spinning in a JIT-compiled
/// `warmUpCache`, captured live twice: once with its perf map in /tmp (the core carries a copy)
/// and once after the map was moved away (the core carries none). The runaway main thread's
/// innermost frame is named from the map in the core, from `--perf-map`, or from this host's
/// /tmp/perf-PID.map, and a map of another process at that path is refused.
@Suite struct NodePerfMapTests {
    static let node = "/usr/bin/node"

    /// Why the test cannot run here, or nil.
    static let unavailableReason: String? =
        FileManager.default.isExecutableFile(atPath: node) ? nil : "\(node) is missing: install nodejs (scripts/install-deps)"

    /// The main thread's frames in the JSON report of `arguments`, and the diagnostics' messages.
    private func mainThread(_ arguments: [String], pid: Int32) throws -> (frames: [[String: Any]], notes: [String]) {
        let result = try AnalyzeDumpBinary.run(arguments + ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result.standardError)")
        let threads = try #require(report["threads"] as? [[String: Any]])
        let main = try #require(threads.first { $0["tid"] as? Int == Int(pid) })
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        return (try #require(main["frames"] as? [[String: Any]]), diagnostics.compactMap { $0["message"] as? String })
    }

    @Test(.disabled(if: unavailableReason != nil, Comment(rawValue: unavailableReason ?? "")))
    func jitFramesAreNamedFromThePerfMap() throws {
        let directory = try Scratch.makeDirectory(named: "node-perf-map")
        let script = directory + "/node-warmup.js"
        try FileManager.default.copyItem(atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/node-warmup.js").path, toPath: script)
        // node writes an isolate-*-v8.log into its working directory.
        let running = try ReadyProgram("/bin/sh", arguments: ["-c", "cd '\(directory)' && exec \(Self.node) --perf-basic-prof '\(script)'"])
        defer { running.kill() }
        let pid = running.processIdentifier
        let hostMap = "/tmp/perf-\(pid).map"
        let savedMap = directory + "/perf-\(pid).map"
        defer { try? FileManager.default.removeItem(atPath: hostMap) }

        func capture() throws -> String {
            let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "--skip-readonly-files", "-o", directory])
            #expect(capture.status == 0, "\(capture.standardError)")
            return capture.standardOutput.trimmingCharacters(in: .newlines)
        }
        let withMap = try capture()
        defer { try? FileManager.default.removeItem(atPath: withMap) }
        try FileManager.default.moveItem(atPath: hostMap, toPath: savedMap)
        let withoutMap = try capture()
        defer { try? FileManager.default.removeItem(atPath: withoutMap) }
        running.kill()

        // The core's own copy, with no map left in /tmp.
        let fromCore = try mainThread([withMap], pid: pid)
        let innermost = try #require(fromCore.frames.first)
        #expect(innermost["function"] as? String == "warmUpCache")
        #expect(innermost["file"] as? String == script)
        #expect(innermost["line"] as? Int == 7)
        #expect(innermost["runtime"] as? String == "jit")
        #expect(innermost["trust"] as? String == "context")
        #expect(innermost["module"] is NSNull)
        #expect(fromCore.notes.contains { $0.hasPrefix("1 of 1 frames in JIT code named from the perf map in the core (") })
        // Unwinding went on through the JIT frame (frame pointers) into node's own code.
        #expect(fromCore.frames.dropFirst().contains { $0["function"] as? String == "node::Start(int, char**)" })

        // A core without a map leaves the frame unnamed ...
        let bare = try mainThread([withoutMap], pid: pid)
        #expect(bare.frames.first?["function"] is NSNull)
        #expect(bare.frames.first?["runtime"] as? String == "native")
        #expect(!bare.notes.contains { $0.contains("perf map") })
        // ... which --perf-map names,
        let given = try mainThread([withoutMap, "--perf-map", savedMap], pid: pid)
        #expect(given.frames.first?["function"] as? String == "warmUpCache")
        #expect(given.notes.contains { $0.hasPrefix("1 of 1 frames in JIT code named from the perf map \(savedMap) (") })
        // ... as this host's /tmp/perf-PID.map does when it is the process's own,
        try FileManager.default.copyItem(atPath: savedMap, toPath: hostMap)
        let host = try mainThread([withoutMap], pid: pid)
        #expect(host.frames.first?["function"] as? String == "warmUpCache")
        #expect(host.notes.contains { $0.hasPrefix("1 of 1 frames in JIT code named from the perf map \(hostMap) (") })
        // ... but not when another process with that PID wrote it.
        try FileManager.default.removeItem(atPath: hostMap)
        try "10000 40 JS:*elsewhere /other.js:1:1\n20000 40 JS:*elsewhere2 /other.js:2:1\n".write(toFile: hostMap, atomically: true, encoding: .utf8)
        let foreign = try mainThread([withoutMap], pid: pid)
        #expect(foreign.frames.first?["function"] is NSNull)
        #expect(foreign.notes.contains(
            "the perf map \(hostMap) was not used: 0 of its 2 entries outside modules lie in the core's memory, so another process with the same PID wrote it; give the process's own map with --perf-map"))
        // A --perf-map that is not a regular file is a usage error.
        let device = try AnalyzeDumpBinary.run([withoutMap, "--perf-map", "/dev/zero"])
        #expect(device.status == 2)
        #expect(device.standardError.contains("cannot read the perf map /dev/zero: it is a character device, not a regular file; give the path of a perf-PID.map file, or leave out --perf-map"))
    }
}
