import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Each fixture's `facts.txt` lists, per role (the lock holder, the waiters, the crashing
/// thread ...), the functions and source positions eu-stack and addr2line found, frame by
/// frame. The reader must find the same, on every thread of the role.
@Suite struct FixtureStackFactsTests {
    /// The aarch64 cores' facts come from eu-stack's frame-pointer walk, which has a bogus
    /// frame the CFI unwind does not (and goes on from a signal trampoline at the link
    /// register); `ScenarioTests` and `CrashHandlerTests` check those cores on their own.
    static let fixtures = Fixture.all.map(\.name).filter { !$0.hasSuffix("-aarch64") }

    @Test(arguments: fixtures)
    func everyRoleHasTheFunctionsAndLinesOfItsFacts(_ name: String) throws {
        let fixture = Fixture(name)
        let facts = fixture.facts
        let process = try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath)).process
        let roles = facts.keys.filter { $0.hasSuffix("_stack") }.map { String($0.dropLast("_stack".count)) }
        #expect(!roles.isEmpty)
        for role in roles {
            let tids = fixture.intListFact("\(role)_tid") + fixture.intListFact("\(role)_tids")
            #expect(!tids.isEmpty, "role \(role) of \(name) names no thread")
            for tid in tids {
                let thread = try #require(process.thread(tid: Int32(tid)), "thread \(tid)")
                var index = 0
                while let function = facts["\(role)_frame_\(index)_function"] {
                    #expect(thread.frames[index].function == function, "\(name) \(role) \(tid) frame \(index)")
                    if let source = facts["\(role)_frame_\(index)_source"], !source.isEmpty {
                        let ours = thread.frames[index].source.map { EuStackOutput.sourceText(file: $0.file, line: $0.line, column: $0.column) }
                        #expect(ours == source, "\(name) \(role) \(tid) frame \(index)")
                    }
                    index += 1
                }
            }
        }
    }

    @Test(arguments: Fixture.all.map(\.name))
    func threadsAreInNoteOrderWithTheRecordedCPUTimes(_ name: String) throws {
        let fixture = Fixture(name)
        let process = try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath)).process
        #expect(process.threads.map { Int($0.tid) } == fixture.intListFact("tids_in_note_order"))
        #expect(process.threads.count == fixture.intFact("thread_count"))
        #expect(Int(process.pid) == fixture.intFact("pid"))
        #expect(process.mainThread.map { Int($0.tid) } == fixture.intFact("main_tid"))
        for thread in process.threads {
            let user = try #require(fixture.facts["utime_\(thread.tid)"])
            let system = try #require(fixture.facts["stime_\(thread.tid)"])
            #expect(thread.recordedCPUTime == CPUTime(userMicroseconds: microseconds(user), systemMicroseconds: microseconds(system)))
        }
    }

    /// `2.040580` as 2_040_580, without going through floating point.
    private func microseconds(_ seconds: String) -> UInt64 {
        let parts = seconds.split(separator: ".")
        let fraction = String((parts.count > 1 ? String(parts[1]) : "").prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
        return UInt64(parts[0])! * 1_000_000 + UInt64(fraction)!
    }
}
