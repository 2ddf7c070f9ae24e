import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// The system call each thread was in, decoded from its registers on every architecture.
@Suite struct SystemCallTests {
    private func process(_ fixture: Fixture) throws -> Process {
        try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath)
        ).process
    }

    @Test func x86_64LockWaitersAreInFutexOnTheLockAndTheHolderIsInNoCall() throws {
        let fixture = Fixture("warmup-lock")
        let process = try process(fixture)
        let lock = try fixture.address("model_lock_address")
        for tid in fixture.intListFact("waiter_tids") {
            let call = try #require(process.thread(tid: Int32(tid))?.systemCall)
            #expect(call.number == 202)
            #expect(call.name == "futex")
            #expect(call.argument(0) == lock)
        }
        #expect(process.thread(tid: try fixture.tid("holder_tid"))?.systemCall == nil)
    }

    @Test func x86_64SleepingHolderIsInClockNanosleep() throws {
        let fixture = Fixture("session-lock")
        let process = try process(fixture)
        let call = try #require(process.thread(tid: try fixture.tid("holder_tid"))?.systemCall)
        #expect(call.name == "clock_nanosleep")
    }

    @Test func i386WaitersAreInFutexThroughTheVDSO() throws {
        let fixture = Fixture("deadlock-i386")
        let process = try process(fixture)
        let call = try #require(process.thread(tid: try fixture.tid("transfer_a_to_b_tid"))?.systemCall)
        #expect(call.number == 240)
        #expect(call.name == "futex")
        #expect(call.argument(0) == (try fixture.address("transfer_a_to_b_blocked_on")))
    }

    @Test func aarch64CallIsReadFromTheSupervisorCallInTheExecutable() throws {
        let fixture = Fixture("null-deref-aarch64")
        let process = try process(fixture)
        for tid in fixture.intListFact("idle_tids") {
            let call = try #require(process.thread(tid: Int32(tid))?.systemCall)
            #expect(call.number == 98)
            #expect(call.name == "futex")
        }
        #expect(process.thread(tid: try fixture.tid("crash_tid"))?.systemCall == nil)
    }

    @Test func everyCoreRecordsItsSegments() throws {
        let process = try process(Fixture("warmup-lock"))
        #expect(!process.memorySegments.isEmpty)
        #expect(zip(process.memorySegments, process.memorySegments.dropFirst()).allSatisfy { $0.endAddress <= $1.startAddress })
        let stack = try #require(process.threads.first?.registers.stackPointer)
        #expect(process.memorySegments.contains { $0.contains(stack) && $0.isWritable && $0.dumpedSize == $0.endAddress - $0.startAddress })
    }
}
