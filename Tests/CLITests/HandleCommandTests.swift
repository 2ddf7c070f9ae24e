import Foundation
import Testing
import FixtureSupport

/// `analyze-dump handle`, fed cores on standard input as the kernel's `core_pattern` pipe
/// would: the stored file, its note, its report, the log line, the limits.
@Suite struct HandleCommandTests {
    /// The parts of a JSON report that say what the process was doing, re-serialized with
    /// sorted keys so that two reports compare exactly.
    static func facts(_ document: [String: Any]) throws -> [String: Data] {
        var facts: [String: Data] = [:]
        for key in ["threads", "findings", "crash", "locks", "modules"] {
            facts[key] = try JSONSerialization.data(withJSONObject: document[key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
        }
        return facts
    }

    @Test func storesAFixtureCoreWithItsNoteReportAndLogLine() throws {
        let run = try HandlerRun("handle-store")
        let core = try Fixture("null-deref").plainCorePath
        let direct = try AnalyzeDumpBinary.jsonReport(of: core).document
        let signature = try #require((direct["crash"] as? [String: Any])?["signature"] as? String)
        let title = try #require((direct["findings"] as? [[String: Any]])?.first?["title"] as? String)

        let result = try run.run(core: core)
        #expect(result.status == 0, "\(result.standardError)")
        let name = HandlerRun.coreName()
        #expect(try run.storedFiles() == [name, name + ".json"])
        let stored = run.spool + "/" + name
        #expect(HandlerRun.permissions(stored) == 0o600)
        #expect(HandlerRun.permissions(stored + ".json") == 0o600)
        #expect(HandlerRun.permissions(run.spool) == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.spool + "/.tmp") == [])

        // The stored core is the input with one more note segment: every original byte
        // follows the new head at its offset plus whole pages.
        let original = try Data(contentsOf: URL(fileURLWithPath: core))
        let plain = try HandlerRun.decompressed(stored)
        let delta = plain.count - original.count
        #expect(delta > 0 && delta % 4096 == 0)
        let tableEnd = 64 + 56 * (Int(original[56]) | Int(original[57]) << 8)
        #expect(plain[(tableEnd + delta)...] == original[tableEnd...])
        #expect(plain[56] == original[56] + 1)
        #expect(plain.range(of: Data("ANALYZEDUMP\0".utf8)) != nil)
        #expect(plain.range(of: Data("hostname=testhost\0".utf8)) != nil)
        // elfutils reads the stored core as it reads the original.
        let plainPath = run.directory + "/stored.core"
        try plain.write(to: URL(fileURLWithPath: plainPath))
        let euStack = { (path: String) in try Command.capture("/usr/bin/env", ["eu-stack", "--core", path]).standardOutput }
        let originalStacks = try euStack(core)
        #expect(originalStacks.contains("TID "))
        #expect(try euStack(plainPath) == originalStacks)
        try FileManager.default.removeItem(atPath: plainPath)

        // The report of the stored core equals the report of the original, plus the handler.
        let fromSpool = try AnalyzeDumpBinary.jsonReport(of: stored).document
        #expect(try Self.facts(fromSpool) == Self.facts(direct))
        let handler = try #require((fromSpool["process"] as? [String: Any])?["handler"] as? [String: Any])
        #expect(handler["hostname"] as? String == "testhost")
        #expect(handler["time"] as? String == "2023-11-14T22:13:20.000Z")
        #expect((direct["process"] as? [String: Any])?["handler"] is NSNull)

        // The report beside it is the same report.
        let beside = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stored + ".json"))) as? [String: Any]
        #expect(try Self.facts(try #require(beside)) == Self.facts(direct))

        let escapedTitle = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        // The log line is text: it quotes the function in backticks, which JSON's title leaves out.
        let messages = run.messages()
        #expect(messages.first?.contains("finding=\"NULL pointer dereference in `") == true, "\(messages)")
        #expect(messages.map { $0.replacingOccurrences(of: "`", with: "") } == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV signature=crash/\(signature) finding=\(escapedTitle) stored=\(stored)",
        ])
    }

    /// A hung process's line carries its hang signature (the report's top-level `signature`).
    @Test func aHangIsLoggedWithItsHangSignature() throws {
        let run = try HandlerRun("handle-hang")
        let core = try Fixture("deadlock").plainCorePath
        let direct = try AnalyzeDumpBinary.jsonReport(of: core).document
        let signature = try #require(direct["signature"] as? [String: Any])
        #expect(signature["kind"] as? String == "hang")
        let value = try #require(signature["value"] as? String)
        #expect(try run.run(core: core, signal: 3).status == 0)
        let message = try #require(run.messages().first)
        #expect(message.hasPrefix("exe=crasher pid=\(HandlerRun.absentPID) signal=SIGQUIT signature=hang/\(value) finding="))
        #expect(message.hasSuffix(" stored=\(run.spool)/\(HandlerRun.coreName())"))
    }

    @Test func aCoreLargerThanMaxSizeIsNotStoredButLogged() throws {
        let run = try HandlerRun("handle-max-size")
        let result = try run.run(core: try Fixture("null-deref").plainCorePath, options: ["--max-size", "100K"])
        #expect(result.status == 1)
        #expect(try run.storedFiles() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.spool + "/.tmp") == [])
        #expect(run.messages() == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV stored=none reason=\"larger than --max-size 100.0 KiB\"",
        ])
    }

    @Test func aCoreThatWouldEatIntoKeepFreeIsNotStored() throws {
        let run = try HandlerRun("handle-keep-free")
        let result = try run.run(core: try Fixture("healthy").plainCorePath, options: ["--keep-free", "1000T"])
        #expect(result.status == 1)
        #expect(try run.storedFiles() == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: run.spool + "/.tmp") == [])
        #expect(run.messages() == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV stored=none reason=\"larger than the 0 bytes --keep-free leaves\"",
        ])
    }

    @Test func theCoreAfterTheRateLimitIsNotStored() throws {
        let run = try HandlerRun("handle-rate")
        let core = try Fixture("healthy").plainCorePath
        for time in [1_700_000_001, 1_700_000_002, 1_700_000_003] as [Int64] {
            _ = try run.run(core: core, options: ["--rate-limit", "2/1m"], time: time)
        }
        #expect(try run.storedFiles().filter { $0.hasSuffix(".zst") } == [
            HandlerRun.coreName(time: 1_700_000_001), HandlerRun.coreName(time: 1_700_000_002),
        ])
        let messages = run.messages()
        #expect(messages.count == 3)
        #expect(messages.last == "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV stored=none reason=\"rate limit 2/60s for all executables\"")
        // Another executable is held by the per-executable limit only.
        _ = try run.run(core: core, options: ["--executable-rate-limit", "2/1m"], time: 1_700_000_004, command: "other")
        #expect(try run.storedFiles().contains(HandlerRun.coreName(command: "other", time: 1_700_000_004)))
    }

    @Test func maxUseDeletesTheOldestCoresButNeverTheNewOne() throws {
        let run = try HandlerRun("handle-max-use")
        let core = try Fixture("healthy").plainCorePath
        for time in [1_700_000_001, 1_700_000_002] as [Int64] {
            _ = try run.run(core: core, time: time)
            // Modification times order the cores: make the first one older.
            Thread.sleep(forTimeInterval: 1.1)
        }
        _ = try run.run(core: core, options: ["--max-use", "1K"], time: 1_700_000_003)
        #expect(try run.storedFiles() == [HandlerRun.coreName(time: 1_700_000_003), HandlerRun.coreName(time: 1_700_000_003) + ".json"])
        #expect(run.messages().last?.hasSuffix(" stored=\(run.spool)/\(HandlerRun.coreName(time: 1_700_000_003)) evicted=2") == true)
    }

    @Test func aSymlinkedOrSharedSpoolIsRefused() throws {
        let run = try HandlerRun("handle-unsafe-spool")
        let target = try Scratch.makeDirectory(named: "handle-unsafe-spool-target")
        chmod(target, 0o700)
        try FileManager.default.createSymbolicLink(atPath: run.spool, withDestinationPath: target)
        let core = try Fixture("healthy").plainCorePath
        let result = try run.run(core: core)
        #expect(result.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == [])
        #expect(run.messages() == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV stored=none error=\"the spool \(run.spool) is not safe to write: it is a symbolic link or not a directory; make it a directory owned by root with mode 0700\"",
        ])
        try FileManager.default.removeItem(atPath: run.spool)
        try FileManager.default.createDirectory(atPath: run.spool, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        #expect(try run.run(core: core).status == 1)
        #expect(run.messages().first?.contains("it is owned by uid 0 with mode 755") == true)
    }

    @Test func truncatedAndForeignInputIsStoredWithoutAHang() throws {
        let run = try HandlerRun("handle-bad-input")
        let plain = try Data(contentsOf: URL(fileURLWithPath: try Fixture("null-deref").plainCorePath))
        let truncated = try Scratch.file(named: "handle-truncated.core", bytes: Array(plain.prefix(3000)))
        let foreignText = String(repeating: "not a core at all\n", count: 8)
        let foreign = try Scratch.file(named: "handle-foreign.core", bytes: Array(foreignText.utf8))
        let started = Date()
        #expect(try run.run(core: truncated, time: 1_700_000_001).status == 0)
        #expect(try run.run(core: foreign, time: 1_700_000_002).status == 0)
        #expect(Date().timeIntervalSince(started) < 60)
        let messages = run.messages()
        #expect(messages.count == 2)
        #expect(messages.first?.hasSuffix("stored=\(run.spool)/\(HandlerRun.coreName(time: 1_700_000_001))") == true)
        #expect(messages.last?.contains("stored=\(run.spool)/\(HandlerRun.coreName(time: 1_700_000_002)) note=\"not inserted: not an ELF file\"") == true)
        #expect(try HandlerRun.decompressed(run.spool + "/" + HandlerRun.coreName(time: 1_700_000_002)) == Data(foreignText.utf8))
    }

    /// A live process's `/proc` while its core is fed to the handler with its PID, as the
    /// kernel does for a dying one. (The core is `analyze-dump capture`'s, whose own note also
    /// names the threads: CorePatternTests shows names that come from the handler alone.)
    @Test func recordsTheLiveProcessesMetadata() throws {
        let program = try ScenarioProgram("crash-on-request", directoryName: "handle-live")
        let running = try ReadyProgram("/usr/bin/env", arguments: ["HANDLE_ALLOWED=shown value", "HANDLE_SECRET=hidden-value", program.executable, "--extra", "two words"])
        defer { running.kill() }
        let pid = running.processIdentifier
        let core = try AnalyzeDumpBinary.capture(pid: pid, into: program.directory)
        let perfMap = "/tmp/perf-\(pid).map"
        try "7f0000001000 40 handler_test_jit_function\n".write(toFile: perfMap, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: perfMap) }
        let run = try HandlerRun("handle-live-spool")
        let result = try run.run(core: core, options: ["--environment", "HANDLE_ALLOWED", "--environment", "HANDLE_ABSENT"], pid: pid, command: "crash-on-reques")
        #expect(result.status == 0, "\(result.standardError)")
        let stored = run.spool + "/" + HandlerRun.coreName(command: "crash-on-reques", pid: pid)
        let plain = try HandlerRun.decompressed(stored)
        #expect(plain.range(of: Data("perf_map=7f0000001000 40 handler_test_jit_function\n\0".utf8)) != nil)
        // The value of a variable not allowed is in the core's memory (the stack), never in
        // the head the handler wrote.
        let original = try Data(contentsOf: URL(fileURLWithPath: core))
        let head = plain.prefix(plain.count - original.count + 64 + 56 * (Int(original[56]) | Int(original[57]) << 8))
        #expect(head.range(of: Data("HANDLE_ALLOWED=shown value".utf8)) != nil)
        #expect(head.range(of: Data("hidden-value".utf8)) == nil)
        #expect(head.range(of: Data("HANDLE_SECRET".utf8)) == nil)

        let document = try AnalyzeDumpBinary.jsonReport(of: stored).document
        let handler = try #require((document["process"] as? [String: Any])?["handler"] as? [String: Any])
        #expect(handler["command_line"] as? [String] == [program.executable, "--extra", "two words"])
        #expect(handler["executable"] as? String == program.executable)
        let environment = handler["environment"] as? [[String: String]]
        #expect(environment == [["key": "HANDLE_ALLOWED", "value": "shown value"]])
        let cgroup = try String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)
        #expect(handler["cgroup"] as? String == cgroup.split(separator: "\n").first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) })
        let names = (document["threads"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted()
        #expect(names == ["crash-on-reques", "listener", "listener"])
        let validation = try ReportSchema.validate([stored + ".json"])
        #expect(validation.status == 0, "\(validation.standardOutput)")

        let text = try AnalyzeDumpBinary.run([stored]).standardOutput
        #expect(text.contains("  full command line: \(program.executable) --extra 'two words'\n"))
        #expect(text.contains("  environment: HANDLE_ALLOWED='shown value'\n"))
        let html = try AnalyzeDumpBinary.run([stored, "--format", "html"]).standardOutput
        #expect(html.contains("<dt>Full command line</dt><dd class=\"mono\">\(program.executable) --extra &#39;two words&#39;</dd>") || html.contains("<dt>Full command line</dt><dd class=\"mono\">\(program.executable) --extra 'two words'</dd>"))
    }

    /// The perf map the handler copies into its note names a JIT frame once the process and
    /// its `/tmp/perf-PID.map` are gone (Fixtures/scenarios/jit-trampolines.c).
    @Test func thePerfMapInTheNoteNamesAJITFrame() throws {
        let program = try ScenarioProgram("jit-trampolines", directoryName: "handle-jit")
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let ready = try #require(running.readyOutput.firstMatch(of: /ready jit=([0-9]+) code=0x([0-9a-f]+)/), "\(running.readyOutput)")
        let tid = try #require(Int(ready.1))
        let code = try #require(UInt64(ready.2, radix: 16))
        // The core is taken before the map exists, so the capture's own note has no copy of it.
        let core = try AnalyzeDumpBinary.capture(pid: pid, into: program.directory)
        let perfMap = "/tmp/perf-\(pid).map"
        try "\(String(code, radix: 16)) 40 jit_trampoline_from_handler_note\n".write(toFile: perfMap, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: perfMap) }
        let run = try HandlerRun("handle-jit-spool")
        #expect(try run.run(core: core, pid: pid, command: "jit-trampolines").status == 0)
        running.kill()
        try FileManager.default.removeItem(atPath: perfMap)

        let stored = run.spool + "/" + HandlerRun.coreName(command: "jit-trampolines", pid: pid)
        let threads = try #require(AnalyzeDumpBinary.jsonReport(of: stored).document["threads"] as? [[String: Any]])
        let frames = try #require(threads.first { $0["tid"] as? Int == tid }?["frames"] as? [[String: Any]])
        let trampoline = try #require(frames.first { $0["pc"] as? String == "0x" + String(code + 6, radix: 16) }, "\(frames)")
        #expect(trampoline["function"] as? String == "jit_trampoline_from_handler_note")
        #expect(trampoline["runtime"] as? String == "jit")
        // Without the note the same frame has no name.
        let plain = try #require(AnalyzeDumpBinary.jsonReport(of: core).document["threads"] as? [[String: Any]])
        let bare = plain.first { $0["tid"] as? Int == tid }?["frames"] as? [[String: Any]]
        #expect(bare?.first { $0["pc"] as? String == "0x" + String(code + 6, radix: 16) }?["function"] is NSNull)
    }

    /// A writer that never ends its stream: reading stops at `--read-time` and what was read
    /// (nothing) is stored.
    @Test func aStalledPipeEndsAtTheReadDeadline() throws {
        let run = try HandlerRun("handle-stalled")
        let arguments = ["handle", "--spool", run.spool, "--log-socket", run.log.path, "--read-time", "1s", "--",
                         String(HandlerRun.absentPID), "1", "6", "1700000000", "0", "0", "testhost", "stalled"]
        let handler = Process()
        handler.executableURL = URL(fileURLWithPath: AnalyzeDumpBinary.path)
        handler.arguments = arguments
        let input = Pipe()
        handler.standardInput = input
        handler.standardOutput = FileHandle.nullDevice
        handler.standardError = FileHandle.nullDevice
        let started = Date()
        try handler.run()
        // The write end stays open (and silent) until the handler has ended.
        while handler.isRunning, Date().timeIntervalSince(started) < 30 { Thread.sleep(forTimeInterval: 0.05) }
        let elapsed = Date().timeIntervalSince(started)
        try input.fileHandleForWriting.close()
        handler.waitUntilExit()
        #expect(elapsed >= 1 && elapsed < 10)
        #expect(handler.terminationStatus == 0)
        let name = HandlerRun.coreName(command: "stalled")
        #expect(try run.storedFiles() == [name])
        let message = try #require(run.messages().first)
        let path = run.spool + "/" + name
        #expect(message == "exe=stalled pid=\(HandlerRun.absentPID) signal=SIGABRT signature=none stored=\(path) note=\"not inserted: the stream is shorter than an ELF header\" truncated=\"read deadline\" error=\"\(path) is not an ELF core file (no ELF, zstd, lz4 or xz magic number)\"")
    }

    /// An analysis that runs out of its address space ends with the prepared line; the core
    /// stays, without a report.
    @Test func anAnalysisOverItsMemoryLimitIsLoggedAndTheCoreKept() throws {
        let run = try HandlerRun("handle-memory-limit")
        let result = try run.run(core: try Fixture("null-deref").plainCorePath, options: ["--analysis-memory", "16M"])
        #expect(result.status == 70, "\(result.standardError)")
        let name = HandlerRun.coreName()
        #expect(try run.storedFiles() == [name])
        #expect(run.messages() == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV signature=none stored=\(run.spool)/\(name) error=\"analysis exceeded its time or memory limit\"",
        ])
    }

    /// Handlers of simultaneous crashes wait for each other's lock: each counts the others'
    /// admissions, so the limit holds however they interleave.
    @Test func simultaneousHandlersKeepToTheRateLimit() throws {
        let run = try HandlerRun("handle-rate-concurrent")
        let core = try Fixture("healthy").plainCorePath
        let statuses = Self.concurrently(12) { index in
            (try? run.run(core: core, options: ["--rate-limit", "4/1m"], time: 1_700_000_100 + Int64(index)))?.status ?? -1
        }
        // A refused core exits 1. (Its log lines are not counted here: a test socket queues at
        // most net.unix.max_dgram_qlen (10) datagrams, and the rest go to /dev/kmsg.)
        #expect(statuses.sorted() == Array(repeating: 0, count: 4) + Array(repeating: 1, count: 8), "\(statuses)")
        #expect(try run.storedFiles().filter { $0.hasSuffix(".zst") }.count == 4)
    }

    /// `--max-use` never deletes a core another handler has just stored and not yet
    /// analysed, and deletes reports left without their core.
    @Test func simultaneousHandlersUnderMaxUseKeepEachOthersNewCores() throws {
        let run = try HandlerRun("handle-max-use-concurrent")
        let core = try Fixture("healthy").plainCorePath
        _ = try run.run(core: core, time: 1_700_000_200)
        let orphan = run.spool + "/" + HandlerRun.coreName(time: 1_699_999_999) + ".json"
        #expect(FileManager.default.createFile(atPath: orphan, contents: Data("{}".utf8), attributes: [.posixPermissions: 0o600]))
        _ = Self.concurrently(6) { index in
            (try? run.run(core: core, options: ["--max-use", "1K"], time: 1_700_000_300 + Int64(index)))?.status ?? -1
        }
        let messages = run.messages()
        #expect(messages.count == 7)
        #expect(messages.allSatisfy { !$0.contains(" error=") }, "every analysis found its core: \(messages)")
        let files = try run.storedFiles()
        #expect(!files.contains(HandlerRun.coreName(time: 1_699_999_999) + ".json"), "the orphan report is deleted")
        #expect(files.filter { $0.hasSuffix(".json") }.allSatisfy { files.contains(String($0.dropLast(".json".count))) }, "\(files)")
    }

    /// The kernel starts a pipe handler with standard output and error closed.
    @Test func aHandlerWithoutStandardOutputAndErrorStoresAndLogs() throws {
        let run = try HandlerRun("handle-closed-descriptors")
        let arguments = ["handle", "--spool", run.spool, "--log-socket", run.log.path, "--", String(HandlerRun.absentPID), "1", "11", "1700000000", "0", "0", "testhost", "crasher"]
        let result = try Command.capture("/bin/sh", ["-c", #"exec "$0" "$@" < "$CORE" >&- 2>&-"#.replacingOccurrences(of: "$CORE", with: try Fixture("null-deref").plainCorePath), AnalyzeDumpBinary.path] + arguments)
        #expect(result.status == 0)
        #expect(try run.storedFiles() == [HandlerRun.coreName(), HandlerRun.coreName() + ".json"])
        let messages = run.messages()
        #expect(messages.count == 1)
        #expect(messages.first?.contains("signature=crash/") == true, "\(messages)")
    }

    /// Runs `body` on `count` threads at once; returns what each returned, by index.
    private static func concurrently(_ count: Int, _ body: @escaping (Int) -> Int32) -> [Int32] {
        let results = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        defer { results.deallocate() }
        let group = DispatchGroup()
        nonisolated(unsafe) let output = results
        nonisolated(unsafe) let work = body
        for index in 0..<count {
            group.enter()
            Thread.detachNewThread {
                output[index] = work(index)
                group.leave()
            }
        }
        group.wait()
        return Array(results)
    }

    /// The timer is set to the microsecond: 1 ms ends an analysis that needs tens of them.
    @Test func anAnalysisOverItsTimeIsLoggedAndTheCoreKept() throws {
        let run = try HandlerRun("handle-time-limit")
        let result = try run.run(core: try Fixture("null-deref").plainCorePath, options: ["--analysis-time", "1ms"])
        #expect(result.status == 70, "\(result.standardError)")
        let name = HandlerRun.coreName()
        #expect(try run.storedFiles() == [name], "the core is kept, no report is written")
        #expect(run.messages() == [
            "exe=crasher pid=\(HandlerRun.absentPID) signal=SIGSEGV signature=none stored=\(run.spool)/\(name) error=\"analysis exceeded its time or memory limit\"",
        ])
    }

    /// The spool is what `analyze-dump triage` reads: two handled copies of one crash and a
    /// hang make two groups, with the signatures the handler logged.
    @Test func triageGroupsTheHandlersSpool() throws {
        let run = try HandlerRun("handle-triage")
        let crash = try Fixture("null-deref").plainCorePath
        let hang = try Fixture("deadlock").plainCorePath
        _ = try run.run(core: crash, time: 1_700_000_001)
        _ = try run.run(core: crash, time: 1_700_000_002)
        _ = try run.run(core: hang, signal: 3, time: 1_700_000_003, command: "deadlock")
        let logged = run.messages().map { $0.split(separator: " ").first { $0.hasPrefix("signature=") }.map(String.init) ?? "" }
        let result = try AnalyzeDumpBinary.run(["triage", run.spool, "--db", run.directory + "/triage.db", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let groups = try #require(document["groups"] as? [[String: Any]])
        let found = groups.map { "\($0["count"] as? Int ?? 0) signature=\($0["kind"] as? String ?? "")/\($0["signature"] as? String ?? "")" }
        #expect(found == ["2 \(logged[0])", "1 \(logged[2])"])
        #expect(logged[0] == logged[1])
    }
}
