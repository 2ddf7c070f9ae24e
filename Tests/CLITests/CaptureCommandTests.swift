import Foundation
import Testing
import FixtureSupport

/// `analyze-dump capture`: a core of a live process, read back and compared.
@Suite struct CaptureCommandTests {
    @Test func capturesALiveProcessTwiceAndCompareMatchesItsThreads() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-cli")
        let directory = program.directory
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = String(running.processIdentifier)

        let first = try AnalyzeDumpBinary.run(["capture", "--pid", pid, "-o", directory])
        #expect(first.status == 0, "\(first.standardError)")
        let path = first.standardOutput.trimmingCharacters(in: .newlines)
        #expect(path.hasPrefix(directory + "/live-wait_\(pid)_now_") && path.hasSuffix("Z.core"))
        #expect(first.standardError.hasPrefix("analyze-dump: captured 4 threads of pid \(pid) (now); the process was stopped for "))
        #expect(FileManager.default.fileExists(atPath: path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".partial") }
        #expect(leftovers == [])

        let report = try AnalyzeDumpBinary.run([path])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.hasPrefix("analyze-dump: process \(pid) (live-wait), x86_64, 4 threads\n"))

        Thread.sleep(forTimeInterval: 1.1)
        let second = try AnalyzeDumpBinary.run(["capture", "--pid", pid, "-o", directory])
        let secondPath = second.standardOutput.trimmingCharacters(in: .newlines)
        let comparison = try AnalyzeDumpBinary.run(["compare", path, secondPath])
        #expect(comparison.status == 0, "\(comparison.standardError)")
        #expect(comparison.standardOutput.contains("Threads appeared: none\nThreads ended: none"))
    }

    /// `--pid` of no process says so before anything is created or watched (with a trigger
    /// it said the process "exited before the trigger fired"): exit status 2, no core written.
    /// No PID reaches 999999999 (the kernel's limit is 2^22).
    @Test func aMissingProcessIsAOneLineError() throws {
        let directory = Scratch.directory.appendingPathComponent("capture-missing-process/cores").path
        for trigger in [[], ["--cpu", "50"]] {
            let result = try AnalyzeDumpBinary.run(["capture", "--pid", "999999999", "-o", directory] + trigger)
            #expect(result.status == 2)
            #expect(result.standardError == "analyze-dump: error: process 999999999 does not exist: check the PID (ps -e lists the running processes)\n")
            #expect(result.standardOutput == "")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    /// `-o` names a directory that does not exist: it is made with its missing parents, each
    /// 0700 (a core holds the process's memory). A series without a trigger waits out
    /// `--interval` between its cores and says so (it said "waiting for at once").
    @Test func outputDirectoryIsCreatedPrivateAndASeriesWithoutTriggerWaitsTheInterval() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-new-directory")
        let parent = program.directory + "/new"
        try? FileManager.default.removeItem(atPath: parent)
        let directory = parent + "/cores"
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier

        let result = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory, "--count", "2", "--interval", "1s"])
        #expect(result.status == 0, "\(result.standardError)")
        let cores = result.standardOutput.split(separator: "\n")
        #expect(cores.count == 2, "\(result.standardOutput)")
        #expect(cores.allSatisfy { $0.hasPrefix(directory + "/live-wait_\(pid)_now_") && FileManager.default.fileExists(atPath: String($0)) })
        for path in [parent, directory] {
            var status = stat()
            #expect(stat(path, &status) == 0 && status.st_mode & 0o7777 == 0o700, "\(path): \(String(status.st_mode, radix: 8))")
        }
        let captured = "analyze-dump: captured 4 threads of pid \(pid) (now); the process was stopped for N ms"
        let lines = result.standardError.split(separator: "\n").map { String($0).replacing(/stopped for [0-9]+ ms/, with: "stopped for N ms") }
        #expect(lines == [captured, "analyze-dump: waiting for --interval (1s) before the next core of process \(pid)", captured])
    }

    /// A process that ends between the cores of a series without a trigger: the error says
    /// so (it said the process "exited before the trigger fired") as soon as it ends, and the
    /// status is 1, as the first core was written.
    @Test func aProcessEndingBetweenCoresWithoutTriggerIsSaidSo() throws {
        let directory = try Scratch.makeDirectory(named: "capture-ends-between-cores")
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["2"]
        try sleeper.run()
        defer { sleeper.terminate() }
        let pid = sleeper.processIdentifier

        let started = Date()
        let result = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory, "--count", "2", "--interval", "20s"])
        // Seen when it ends (within a sampling period), not when the interval is over.
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardOutput.split(separator: "\n").count == 1)
        #expect(result.standardError.hasSuffix(
            "\nanalyze-dump: waiting for --interval (20s) before the next core of process \(pid)\nanalyze-dump: error: process \(pid) exited before the next core was taken (1 of 2 cores written)\n"),
            "\(result.standardError)")
    }

    /// An `-o` path through a file is refused before anything is captured, naming the file.
    @Test func anOutputPathThroughAFileIsRefused() throws {
        let file = try Scratch.file(named: "capture-output-file", bytes: [])
        let result = try AnalyzeDumpBinary.run(["capture", "--pid", String(getpid()), "-o", file + "/cores"])
        #expect(result.status == 2)
        #expect(result.standardError == "analyze-dump: error: cannot create the directory \(file) for the cores: it exists and is not a directory; give another with -o\n")
        #expect(result.standardOutput == "")
    }

    /// `--help` shows the durations' defaults as they are typed, not as Swift values.
    @Test func helpShowsDurationDefaultsAsTyped() throws {
        let help = try AnalyzeDumpBinary.run(["capture", "--help"])
        #expect(help.status == 0)
        let text = help.standardOutput.replacing(/\s+/, with: " ")
        #expect(text.contains("(5s, 500ms, 1m). (default: 5s)"), "\(help.standardOutput)")
        #expect(text.contains("The least time between the cores of a series. (default: 10s)"), "\(help.standardOutput)")
        #expect(!text.contains("Duration"))
        #expect(!text.contains("at once"))
    }

    /// `--signal SEGV` on a service that crashes when told to (by SIGUSR2, which the watch
    /// must pass on): the core holds the crash as a kernel core would, and the process then
    /// dies of the signal as if nothing had watched.
    @Test func signalTriggerRecordsTheCrashAndLetsTheProcessDie() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "capture-signal")
        let (running, directory, watched) = try Self.captureRequestedCrash(of: program, options: ["--analyze"])
        defer { running.kill() }
        let pid = running.processIdentifier
        let result = try #require(watched)
        #expect(running.waitForTerminationSignal(seconds: 30) == SIGSEGV)

        #expect(result.status == 0, "\(result.standardError)")
        let core = result.standardOutput.trimmingCharacters(in: .newlines)
        #expect(core.hasPrefix(directory + "/crash-on-request_\(pid)_sigsegv_"))
        #expect(result.standardError.contains("(signal SIGSEGV (received by thread \(pid)))"))
        let notes = try Command.run("/usr/bin/env", ["eu-readelf", "-n", core]).standardOutput
        #expect(notes.contains("info.si_signo: 11, info.si_code: 0, info.si_errno: 0, cursig: 11"))
        #expect(notes.contains("si_signo: 11, si_errno: 0, si_code: 1\n    fault address: 0x10"))
        let gdb = try GDB.run(["bt 1"], executable: program.executable, core: core)
        #expect((gdb.standardOutput + gdb.standardError).contains("Program terminated with signal SIGSEGV, Segmentation fault."), "\(gdb.standardOutput)")
        #expect(gdb.standardOutput.contains("in process_order (order=0x0) at "), "\(gdb.standardOutput)")
        // gdb's warnings: signalCoreHasTheKernelsXSaveNotesAndNoOtherGDBWarning.

        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: core + ".json"))) as? [String: Any])
        let crash = try #require(report["crash"] as? [String: Any])
        #expect((crash["tid"] as? Int) == Int(pid))
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect((findings.first?["title"] as? String)?.hasPrefix("NULL pointer dereference in process_order") == true)
    }

    /// The same crash cored by the kernel on this machine is the reference for a `--signal`
    /// core: eu-readelf lists the same `LINUX` notes (XSAVE area and layout) in both, and gdb
    /// warns of ours only what it warns of the kernel's (gdb before 14 warns of the kernel's
    /// own cores on AMD Zen 3 and later, whose XSAVE layout it guesses wrong).
    @Test(.disabled(if: KernelCore.unavailableReason != nil, Comment(rawValue: KernelCore.unavailableReason ?? "")))
    func signalCoreHasTheKernelsXSaveNotesAndNoOtherGDBWarning() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "capture-signal-kernel")
        let kernelCore = try KernelCore.write(of: program.executable, in: program.directory, sending: SIGUSR2)
        let (running, _, watched) = try Self.captureRequestedCrash(of: program)
        defer { running.kill() }
        let result = try #require(watched)
        #expect(result.status == 0, "\(result.standardError)")
        let core = result.standardOutput.trimmingCharacters(in: .newlines)

        let linuxNotes = { (path: String) throws -> [String] in
            try Command.run("/usr/bin/env", ["eu-readelf", "-n", path]).standardOutput.split(separator: "\n")
                .filter { $0.contains(/^ +LINUX +[0-9]+ +[^ ]/) }.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let kernelNotes = try linuxNotes(kernelCore)
        #expect(kernelNotes.filter { $0.hasSuffix("X86_XSTATE") }.count == 3, "\(kernelNotes)")
        #expect(try linuxNotes(core) == kernelNotes)

        let kernelGDB = try GDB.run(["bt 1"], executable: program.executable, core: kernelCore)
        let capturedGDB = try GDB.run(["bt 1"], executable: program.executable, core: core)
        for output in [kernelGDB, capturedGDB] {
            #expect((output.standardOutput + output.standardError).contains("Program terminated with signal SIGSEGV, Segmentation fault."))
        }
        let unexplained = GDB.warnings(in: capturedGDB).subtracting(GDB.warnings(in: kernelGDB))
        #expect(unexplained.isEmpty, "gdb warns of the capture only: \(unexplained.sorted())")
    }

    /// A process whose main thread called `pthread_exit`: its leader is a zombie that never
    /// stops for a tracer, and `/proc/PID/maps` is empty. Both capture paths read it through
    /// the live worker instead of hanging or calling the process gone.
    @Test func aProcessWhoseLeaderExitedIsCaptured() throws {
        let program = try ScenarioProgram("leader-exits", directoryName: "capture-leader-exits")
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let worker = try #require(LiveProcess.threadIDs(pid).first { $0 != pid })

        let now = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", program.directory, "--timeout", "20s"])
        #expect(now.status == 0, "\(now.standardError)")
        #expect(now.standardError.contains("captured 1 thread of pid \(pid) (now)"))
        let stacks = try AnalyzeDumpBinary.run(["stacks", now.standardOutput.trimmingCharacters(in: .newlines)])
        #expect(stacks.standardOutput.hasPrefix("Thread \(worker) \"worker\""), "\(stacks.standardOutput)")

        // SIGUSR2 makes the worker send itself SIGUSR1.
        let result = try #require(try Self.watch(
            pid: pid, threads: [worker], sending: SIGUSR2,
            ["capture", "--pid", String(pid), "-o", program.directory, "--signal", "USR1", "--timeout", "30s"]))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("captured 1 thread of pid \(pid) (signal SIGUSR1 (received by thread \(worker)))"))
        #expect(LiveProcess.threadIDs(pid).contains(worker))
    }

    /// Starts crash-on-request and runs `capture --signal SEGV -o DIRECTORY --timeout 60s` and
    /// `options` on it, telling it to crash (SIGUSR2) once every thread is watched.
    /// - Returns: the program, to see how it ended and to kill; the cores directory; what the
    ///   command printed, nil when it did not end within a minute.
    private static func captureRequestedCrash(
        of program: ScenarioProgram, options: [String] = []
    ) throws -> (running: ReadyProgram, directory: String, result: Command.Result?) {
        let directory = try coreDirectory(of: program)
        let running = try ReadyProgram(program.executable)
        let pid = running.processIdentifier
        do {
            let result = try watch(
                pid: pid, threads: LiveProcess.threadIDs(pid), sending: SIGUSR2,
                ["capture", "--pid", String(pid), "-o", directory, "--signal", "SEGV", "--timeout", "60s"] + options)
            return (running, directory, result)
        } catch {
            running.kill()
            throw error
        }
    }

    /// Runs a `capture --signal` command in the background, waits until every thread in
    /// `threads` is traced (the watch is in place), sends `signal` to the process and returns
    /// what the command printed; nil when it did not end within a minute.
    private static func watch(pid: Int32, threads: [Int32], sending signal: Int32, _ arguments: [String]) throws -> Command.Result? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Command.Result?
        DispatchQueue.global().async {
            result = try? AnalyzeDumpBinary.run(arguments)
            done.signal()
        }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !threads.allSatisfy({ isTraced(pid: pid, tid: $0) }) { usleep(10_000) }
        #expect(threads.allSatisfy { isTraced(pid: pid, tid: $0) })
        kill(pid, signal)
        guard done.wait(timeout: .now() + 60) == .success else { return nil }
        return result
    }

    private static func isTraced(pid: Int32, tid: Int32) -> Bool {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(tid)/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").contains { $0.hasPrefix("TracerPid:") && !$0.hasSuffix("\t0") }
    }

    /// An empty `cores` directory in the program's scratch directory.
    static func coreDirectory(of program: ScenarioProgram) throws -> String {
        let directory = program.directory + "/cores"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// `--name` finds the process by its program's name; `--pid` with a thread's TID captures
    /// the thread's process; `--timeout` ends a wait for a trigger that does not come.
    @Test func processByNameOrByAThreadAndTheWaitTimesOut() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-by-name")
        let executable = program.directory + "/named-capture-target"
        try Scratch.copyExecutable(program.executable, to: executable)
        let running = try ReadyProgram(executable)
        defer { running.kill() }
        let pid = running.processIdentifier

        let byName = try AnalyzeDumpBinary.run(["capture", "--name", "named-capture-target", "-o", program.directory, "--timeout", "20s"])
        #expect(byName.status == 0, "\(byName.standardError)")
        #expect(byName.standardOutput.hasPrefix(program.directory + "/named-capture-target_\(pid)_now_"))

        let thread = try #require(LiveProcess.threadIDs(pid).first { $0 != pid })
        let byThread = try AnalyzeDumpBinary.run(["capture", "--pid", String(thread), "-o", program.directory])
        #expect(byThread.status == 0, "\(byThread.standardError)")
        #expect(byThread.standardError.hasPrefix("analyze-dump: \(thread) is a thread of process \(pid): capturing the process\n"))
        #expect(byThread.standardOutput.hasPrefix(program.directory + "/named-capture-target_\(pid)_now_"))

        let started = Date()
        let idle = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", program.directory, "--cpu", "90", "--for", "1s", "--timeout", "2s"])
        #expect(idle.status == 2)
        // Two seconds and the last reading's delay, to a tenth.
        #expect(idle.standardError.contains("\nanalyze-dump: error: the trigger (CPU at or above 90% of one CPU for 1 s) did not fire in process \(pid) within 2"), "\(idle.standardError)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// The polled triggers other than `--cpu` on a live, idle process with 4 threads, and the
    /// size cap: each fires and says what it read, and the capped core still unwinds.
    @Test func memoryThreadCountAndIdleTriggersFireAndTheSizeCapKeepsStacks() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "capture-polled-triggers")
        let directory = try Self.coreDirectory(of: program)
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = String(running.processIdentifier)
        let common = ["capture", "--pid", pid, "-o", directory, "--timeout", "30s"]

        // The program's resident set is about 1.3 MiB, 1.2 MiB of it libc's pages, which the
        // page cache may hold fewer of: 256 KiB is below it on any machine.
        let memory = try AnalyzeDumpBinary.run(common + ["--memory", "256K"])
        #expect(memory.status == 0, "\(memory.standardError)")
        #expect(memory.standardOutput.hasPrefix(directory + "/live-wait_\(pid)_mem256K_"))
        #expect(memory.standardError.contains("(resident memory above 256 KiB (read "))

        let threads = try AnalyzeDumpBinary.run(common + ["--thread-count", "3"])
        #expect(threads.status == 0, "\(threads.standardError)")
        #expect(threads.standardError.contains("(more than 3 threads (read 4 threads))"))

        let idle = try AnalyzeDumpBinary.run(common + ["--cpu-below", "5", "--for", "1s", "--max-size", "1M"])
        #expect(idle.status == 0, "\(idle.standardError)")
        let capped = idle.standardOutput.trimmingCharacters(in: .newlines)
        #expect(capped.hasPrefix(directory + "/live-wait_\(pid)_cpubelow5_"))
        #expect(idle.standardError.contains("(CPU at or below 5% of one CPU for 1 s (read "))
        var status = stat()
        #expect(stat(capped, &status) == 0 && status.st_blocks * 512 <= 2 << 20, "\(status.st_blocks * 512) bytes allocated")
        let stacks = try AnalyzeDumpBinary.run(["stacks", capped])
        #expect(stacks.standardOutput.components(separatedBy: "wait_for_shutdown").count - 1 == 3, "\(stacks.standardOutput)")
    }

    @Test func triggersAreValidatedBeforeAnythingIsWatched() throws {
        for arguments in [
            ["capture", "-o", "/tmp"],
            ["capture", "--pid", "1", "-o", ""],
            ["capture", "--pid", "1", "--name", "x"],
            ["capture", "--pid", "1", "--cpu", "70", "--memory", "100"],
            ["capture", "--pid", "1", "--cpu", "70", "--for", "soon"],
            ["capture", "--pid", "1", "--memory", "-5"],
            ["capture", "--pid", "1", "--count", "0"],
            ["capture", "--pid", "1", "--signal", "KILL"],
            ["capture", "--pid", "1", "--signal", "USR1", "--cpu", "50"],
        ] {
            let result = try AnalyzeDumpBinary.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
        }
    }
}
