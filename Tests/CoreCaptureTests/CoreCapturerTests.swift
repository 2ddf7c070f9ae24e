import Foundation
import Testing
import CoreCapture
import CoreDump
import DumpModel
import FixtureSupport

/// Cores written by ``CoreCapturer`` of running scenario programs, read back by our reader,
/// eu-readelf, eu-stack and gdb; the program must go on running afterwards.
@Suite(.serialized) struct CoreCapturerTests {
    @Test func capturedWaitingProgramReadsLikeAKernelCore() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-live-wait")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let liveTIDs = LiveProcess.threadIDs(pid)
        let corePath = program.directory + "/live-wait.core"

        let result = try CoreCapturer.capture(pid: pid, to: corePath, trigger: "test: at once")
        print("live-wait (\(result.threadCount) threads): stopped for \(result.stoppedDuration), \(result.bytesWritten) bytes written")

        #expect(result.threadCount == 4)
        #expect(result.path == corePath)
        #expect(FileManager.default.fileExists(atPath: corePath))
        #expect(try FileManager.default.contentsOfDirectory(atPath: program.directory).filter { $0.contains(".partial") } == [])
        #expect(result.stoppedDuration < .seconds(2))
        // Still running, and no thread left in a (tracing) stop.
        #expect(kill(pid, 0) == 0)
        let states = LiveProcess.threadStates(pid)
        #expect(states.count == 4)
        #expect(!states.contains("t") && !states.contains("T"), "\(states)")

        let process = try CoreReader.read(path: corePath).process
        #expect(process.pid == pid)
        #expect(process.producer == .analyzeDump)
        #expect(process.threads.map(\.tid) == liveTIDs)
        #expect(process.mainThread?.tid == pid)
        #expect(process.threads.first?.tid == pid)
        #expect(process.threads.allSatisfy { $0.hasFloatingPointRegisters })
        #expect(process.status?.command == "live-wait")
        #expect(process.status?.arguments == program.executable)
        #expect(process.signal == nil)
        #expect(process.isComplete, "\(process.diagnostics)")
        let listeners = process.threads.filter { $0.frames.contains { $0.function == "wait_for_shutdown" } }
        #expect(listeners.count == 3)
        for thread in listeners {
            let names = thread.frames.compactMap(\.function)
            let index = try #require(names.firstIndex(of: "wait_for_shutdown"))
            #expect(names[index + 1] == "shutdown_listener")
        }
        #expect(process.mainThread?.frames.contains { $0.function == "main" } == true)
        #expect(process.mappedFiles.contains { $0.path == program.executable })

        let note = try #require(try captureNote(in: corePath))
        #expect(note.trigger == "test: at once")
        #expect(note.threads.map(\.tid) == liveTIDs)
        #expect(note.threads.allSatisfy { $0.name == "live-wait" })
        #expect(note.stoppedNanoseconds > 0)
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        #expect(note.captureTimeNanoseconds <= now && note.captureTimeNanoseconds > now - 60_000_000_000)
        var monotonic = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        let monotonicNow = UInt64(monotonic.tv_sec) * 1_000_000_000 + UInt64(monotonic.tv_nsec)
        let stoppedAt = try #require(note.monotonicNanoseconds)
        #expect(stoppedAt <= monotonicNow && stoppedAt > monotonicNow - 60_000_000_000)

        let notes = try Command.run("/usr/bin/env", ["eu-readelf", "-n", corePath]).standardOutput
        for kind in ["PRSTATUS", "PRPSINFO", "AUXV", "FILE", "FPREGSET"] {
            #expect(notes.contains(kind), "eu-readelf -n lists no \(kind)")
        }
        #expect(notes.split(separator: "\n").filter { $0.contains(/^\s*CORE\s+336\s+PRSTATUS$/) }.count == 4)
        #expect(notes.contains("ANALYZEDUMP"))

        let stack = try Command.capture("/usr/bin/env", ["eu-stack", "--core=\(corePath)", "--executable=\(program.executable)"])
        #expect(stack.status == 0, "\(stack.standardError)")
        #expect(stack.standardOutput.components(separatedBy: "wait_for_shutdown").count - 1 == 3)

        let gdb = try Command.capture("/usr/bin/env", ["gdb", "-nx", "-batch", "-ex", "info threads", "-ex", "thread apply all bt", program.executable, corePath])
        #expect(gdb.status == 0)
        #expect(gdbThreadRows(gdb.standardOutput) == 4)
        for tid in liveTIDs {
            #expect(gdb.standardOutput.contains("LWP \(tid)"), "gdb does not list thread \(tid)")
        }
        #expect(gdb.standardOutput.contains("wait_for_shutdown"))
        #expect(!gdb.standardError.lowercased().contains("error"), "\(gdb.standardError)")
        #expect(!gdb.standardError.contains("Cannot access memory"), "\(gdb.standardError)")
        // gdb's warnings are compared with those of the kernel's core of the same program in
        // KernelCoreComparisonTests: an old gdb warns of the kernel's own cores on some CPUs.
    }

    @Test func capturedBusyProgramRecordsEachThreadsCPUTime() throws {
        let program = try ScenarioProgram("warmup-lock", directoryName: "capture-warmup-lock")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let busy = try #require(LiveProcess.thread(named: "bulk-insert", pid: pid))
        Thread.sleep(forTimeInterval: 0.5)
        let before = try #require(LiveProcess.cpuMicroseconds(pid: pid, tid: busy))
        let corePath = program.directory + "/warmup-lock.core"
        let result = try CoreCapturer.capture(pid: pid, to: corePath, trigger: "test: cpu")
        let after = try #require(LiveProcess.cpuMicroseconds(pid: pid, tid: busy))
        print("warmup-lock (\(result.threadCount) threads): stopped for \(result.stoppedDuration); bulk-insert CPU \(before) µs before, \(after) µs after")

        #expect(result.threadCount == 10)
        #expect(!LiveProcess.threadStates(pid).contains { $0 == "t" || $0 == "T" })
        let process = try CoreReader.read(path: corePath).process
        #expect(process.hasCPUAccounting)
        let thread = try #require(process.thread(tid: busy))
        let recorded = thread.recordedCPUTime.totalMicroseconds
        #expect(recorded >= before && recorded <= after, "recorded \(recorded) µs, /proc said \(before) then \(after)")
        #expect(recorded > 0)
        #expect(thread.frames.contains { $0.function == "warm_up_model_cache" })
        // The leader's time is the process total, so it is at least every other thread's sum.
        let total = try #require(process.totalCPUTime).totalMicroseconds
        let others = process.threads.filter { !$0.isMainThread }.reduce(UInt64(0)) { $0 + $1.recordedCPUTime.totalMicroseconds }
        // Each /proc reading is scaled and truncated to ticks on its own: allow two ticks.
        #expect(total + 20_000 >= others, "total \(total) µs, other threads \(others) µs")
        #expect(Int64(total) - Int64(others) <= 20_000, "the main thread only joins: \(Int64(total) - Int64(others)) µs")

        let note = try #require(try captureNote(in: corePath))
        #expect(note.threads.first { $0.tid == busy }?.name == "bulk-insert")
        #expect(note.threads.filter { $0.name.hasPrefix("request-") }.count == 8)
        // Our reader gives the same names and the note's time and trigger.
        #expect(thread.name == "bulk-insert")
        #expect(process.threads.filter { $0.name?.hasPrefix("request-") == true }.count == 8)
        #expect(process.capture == note)
        #expect(process.capture?.trigger == "test: cpu")
    }

    /// gdb decodes notes of unknown owners by type: our note must never pass for a thread,
    /// even when its descriptor is exactly `sizeof(struct elf_prstatus)` long.
    @Test func captureNoteOfPRStatusSizeIsNoThreadForGDB() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-note-size")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        // 28 fixed bytes + 4 records of 8 + "live-wait" padded to 12 = 108, an empty perf map
        // block (4) and the monotonic time (8) = 120; the trigger makes 336.
        let corePath = program.directory + "/note-size.core"
        _ = try CoreCapturer.capture(pid: running.processIdentifier, to: corePath, trigger: String(repeating: "x", count: 216))
        let note = try #require(try CoreFileNotes(path: corePath).notes.first { $0.name == CaptureNote.noteName })
        #expect(note.descriptor.count == 336)
        let gdb = try Command.capture("/usr/bin/env", ["gdb", "-nx", "-batch", "-ex", "info threads", program.executable, corePath])
        #expect(gdbThreadRows(gdb.standardOutput) == 4, "\(gdb.standardOutput)")
        #expect(try CoreReader.read(path: corePath).process.threads.count == 4)
    }

    @Test func skippingFileBackedReadOnlyMemoryKeepsStacksReadable() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-skip-read-only")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let full = try CoreCapturer.capture(pid: running.processIdentifier, to: program.directory + "/full.core")
        let small = try CoreCapturer.capture(
            pid: running.processIdentifier, to: program.directory + "/small.core",
            options: CaptureOptions(skipFileBackedReadOnly: true))
        #expect(small.bytesWritten < full.bytesWritten / 2, "\(small.bytesWritten) of \(full.bytesWritten) bytes")
        let process = try CoreReader.read(path: small.path).process
        #expect(process.threads.filter { $0.frames.contains { $0.function == "wait_for_shutdown" } }.count == 3)
        #expect(process.modules.contains { $0.shortName == "libc.so.6" && $0.buildID?.count == 40 })
    }

    /// A 32-bit process (the deadlock-i386 fixture's static program, run for real) is refused
    /// with a clear error, no file, and every thread running again.
    @Test func a32BitProcessIsRefusedAndLeftRunning() throws {
        let fixture = Fixture("deadlock-i386")
        let directory = try Scratch.makeDirectory(named: "capture-i386")
        let program = directory + "/deadlock"
        try Scratch.copyExecutable(try fixture.executablePath, to: program)
        chmod(program, 0o755)
        let running = try CapturableProgram(program)
        defer { running.kill() }
        let pid = running.processIdentifier
        #expect(throws: CaptureError.unsupportedArchitecture("process \(pid) has 68-byte registers (a 32-bit process?)")) {
            try CoreCapturer.capture(pid: pid, to: directory + "/deadlock.core")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/deadlock.core"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".partial") } == [])
        let states = LiveProcess.threadStates(pid)
        #expect(states.count == 3 && !states.contains("t") && !states.contains("T"), "\(states)")
    }

    @Test func missingProcessIsReportedAndWritesNothing() throws {
        let directory = try Scratch.makeDirectory(named: "capture-missing")
        let exited = try Command.capture("/bin/sh", ["-c", "echo $$"])
        let pid = try #require(Int32(exited.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        let path = directory + "/gone.core"
        #expect(throws: CaptureError.noSuchProcess(pid: pid)) {
            try CoreCapturer.capture(pid: pid, to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(CaptureError.noSuchProcess(pid: pid).description == "process \(pid) does not exist: check the PID (ps -e lists the running processes)")
    }

    @Test func unwritableDestinationIsReportedAndLeavesTheProcessRunning() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-unwritable")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let path = program.directory + "/no-such-directory/x.core"
        do {
            _ = try CoreCapturer.capture(pid: running.processIdentifier, to: path)
            Issue.record("the capture did not fail")
        } catch {
            guard case .cannotWrite(let failedPath, _) = error else { Issue.record("\(error)"); return }
            #expect(failedPath == path)
            #expect(error.description.hasPrefix("cannot write the core \(path): no such file or directory"))
        }
        #expect(!LiveProcess.threadStates(running.processIdentifier).contains { $0 == "t" || $0 == "T" })
    }

    /// Opt-in: `ANALYZE_DUMP_CAPTURE_FULL_DIR` names a directory on a file system too small for
    /// a core (`mount -t tmpfs -o size=64k tmpfs DIR`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ANALYZE_DUMP_CAPTURE_FULL_DIR"] != nil))
    func fullDiskIsReportedAndLeavesNoPartialFile() throws {
        let directory = try #require(ProcessInfo.processInfo.environment["ANALYZE_DUMP_CAPTURE_FULL_DIR"])
        let program = try ScenarioProgram("live-wait", directoryName: "capture-full-disk")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let path = directory + "/full.core"
        do {
            _ = try CoreCapturer.capture(pid: running.processIdentifier, to: path)
            Issue.record("the capture did not fail")
        } catch {
            #expect(error.description == "cannot write the core \(path): no space left on device")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".partial") } == [])
        #expect(!LiveProcess.threadStates(running.processIdentifier).contains { $0 == "t" || $0 == "T" })
    }

    @Test func permissionErrorNamesTheWayOut() {
        let message = CaptureError.permissionDenied(pid: 42, ptraceScope: 1).description
        #expect(message.contains("CAP_SYS_PTRACE"))
        #expect(message.contains("/proc/sys/kernel/yama/ptrace_scope (it is 1)"))
    }

    /// The thread rows of gdb's `info threads` (`* 1    Thread 0x... (LWP n) ...`).
    private func gdbThreadRows(_ output: String) -> Int {
        output.split(separator: "\n").filter { $0.contains(/^[ *] +[0-9]+ +(Thread|LWP|process)/) }.count
    }

    private func captureNote(in path: String) throws -> CaptureNote? {
        let notes = try CoreFileNotes(path: path).notes
        return notes.first { $0.name == CaptureNote.noteName && $0.type == CaptureNote.noteType }
            .flatMap { CaptureNote(decoding: $0.descriptor) }
    }
}
