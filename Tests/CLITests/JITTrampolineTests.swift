import Foundation
import Testing
import FixtureSupport

/// A thread blocked under JIT-style code in anonymous memory that has no CFI and keeps no
/// frame pointer (Fixtures/scenarios/jit-trampolines.c: CPython 3.12's `-X perf` trampoline):
/// its stack is unwound past that code to the thread's start, as eu-stack and gdb cannot.
@Suite struct JITTrampolineTests {
    @Test func aStackAligningTrampolineIsUnwoundToTheThreadsStart() throws {
        let program = try ScenarioProgram("jit-trampolines", directoryName: "jit-trampolines")
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: program.directory)
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()
        let ready = try #require(running.readyOutput.firstMatch(of: /ready jit=([0-9]+) code=0x([0-9a-f]+)/), "\(running.readyOutput)")
        let tid = try #require(Int(ready.1))
        let code = try #require(UInt64(ready.2, radix: 16))

        let report = try AnalyzeDumpBinary.jsonReport(of: core).document
        let threads = try #require(report["threads"] as? [[String: Any]])
        let thread = try #require(threads.first { $0["tid"] as? Int == tid })
        #expect(thread["unwind"] as? String == "complete")
        let frames = try #require(thread["frames"] as? [[String: Any]])
        let functions = frames.map { $0["function"] as? String ?? "" }
        let blocked = try #require(functions.firstIndex(of: "blocked_in_jit"), "\(functions)")
        // The trampoline's frame returns just after its `call rcx`, 6 bytes into the page.
        #expect(frames[blocked + 1]["pc"] as? String == "0x" + String(code + 6, radix: 16))
        #expect(frames[blocked + 1]["module"] is NSNull)
        #expect(Array(functions[(blocked + 2)...]) == ["call_through", "enter_jit", "start_thread", "__clone3"])
    }
}
