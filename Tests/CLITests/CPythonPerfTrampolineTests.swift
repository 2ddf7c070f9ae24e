import Foundation
import Testing
import FixtureSupport

/// python-warmup.py under CPython 3.12's `-X perf`, where each Python call goes through a
/// trampoline in anonymous memory that has no CFI and that the perf map names: every thread
/// is unwound to its start past the trampolines, and a trampoline's frame, which names the
/// Python function the frame after it names again, is not kept. Runs where a CPython 3.12
/// built by pyenv is installed (no Debian release ships one); in CPythonWaitTests's serialized
/// suite, as every CPython scenario with CPU hogs is.
extension CPythonWaitTests {
    static let python312 = (ProcessInfo.processInfo.environment["HOME"] ?? "") + "/.pyenv/versions/3.12.1/bin/python3.12"

    @Test(.disabled(if: !FileManager.default.isExecutableFile(atPath: python312), "no CPython 3.12 from pyenv on this machine"))
    func perfTrampolinesAreUnwoundAndNotRepeated() throws {
        let directory = try Scratch.makeDirectory(named: "python-perf-trampolines")
        let script = directory + "/python-warmup.py"
        try FileManager.default.copyItem(
            atPath: Fixture.fixturesRoot.appendingPathComponent("scenarios/python-warmup.py").path, toPath: script)
        let running = try ReadyProgram(Self.python312, arguments: ["-X", "perf", script])
        defer { running.kill() }
        defer { try? FileManager.default.removeItem(atPath: "/tmp/perf-\(running.processIdentifier).map") }
        let core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()
        let warmup = try #require(try String(contentsOfFile: directory + "/tids.txt", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("warmup ") }.flatMap { Int($0.dropFirst(7)) })

        let report = try AnalyzeDumpBinary.jsonReport(of: core).document
        let threads = try #require(report["threads"] as? [[String: Any]])
        #expect(threads.count == 7)
        for thread in threads {
            let frames = thread["frames"] as? [[String: Any]] ?? []
            #expect(thread["unwind"] as? String == "complete", "thread \(thread["tid"] ?? "?")")
            #expect(!frames.contains { $0["runtime"] as? String == "jit" }, "thread \(thread["tid"] ?? "?")")
            #expect(["__clone3", "_start"].contains(frames.last?["function"] as? String ?? ""), "thread \(thread["tid"] ?? "?")")
        }
        let thread = try #require(threads.first { $0["tid"] as? Int == warmup })
        let python = (thread["frames"] as? [[String: Any]] ?? []).filter { $0["runtime"] as? String == "python" }
        #expect(python.map { $0["function"] as? String ?? "" } == ["warm_cache", "Thread.run", "Thread._bootstrap_inner", "Thread._bootstrap"])
    }
}
