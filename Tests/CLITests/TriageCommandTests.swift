import CoreDump
import FixtureSupport
import Foundation
import Testing

/// `analyze-dump triage` over copies of the fixture cores, named as systemd-coredump names its
/// files, in a scratch directory.
@Suite struct TriageCommandTests {
    static let bootID = "0123456789abcdef0123456789abcdef"

    /// A directory of cores: three copies of null-deref, two of assert-fail, one healthy, one
    /// truncated and one garbage file (all real copies, each its own inode), plus what a spool
    /// holds beside cores and must be left alone.
    static func coreDirectory(_ name: String, crashTime: Int64 = 1_764_858_986_000_000) throws -> String {
        let directory = try Scratch.makeDirectory(named: name)
        func copy(_ fixture: String, _ command: String, pid: Int) throws -> String {
            let path = "\(directory)/core.\(command).1000.\(bootID).\(pid).\(crashTime + Int64(pid)).zst"
            try FileManager.default.copyItem(atPath: Fixture(fixture).compressedCorePath, toPath: path)
            return path
        }
        for pid in 101...103 { _ = try copy("null-deref", "null-deref", pid: pid) }
        for pid in 201...202 { _ = try copy("assert-fail", "assert-fail", pid: pid) }
        _ = try copy("healthy", "healthy", pid: 301)
        let compressed = try Data(contentsOf: URL(fileURLWithPath: Fixture("healthy").compressedCorePath))
        try compressed.prefix(4000).write(to: URL(fileURLWithPath: "\(directory)/core.trunc.1000.\(bootID).401.\(crashTime + 401).zst"))
        try Data("not a core\n".utf8).write(to: URL(fileURLWithPath: "\(directory)/core.garbage.1000.\(bootID).402.\(crashTime + 402)"))
        // A spool's report, rate state, temporary directory and a link out of the directory.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(directory)/core.null-deref.1000.\(bootID).101.\(crashTime + 101).zst.json"))
        try Data().write(to: URL(fileURLWithPath: "\(directory)/.rate"))
        try FileManager.default.createDirectory(atPath: directory + "/.tmp", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: directory + "/.tmp/core.partial.zst")
        try FileManager.default.createSymbolicLink(atPath: directory + "/core.link", withDestinationPath: Fixture("deadlock").compressedCorePath)
        return directory
    }

    /// A python3 program that executes its arguments with no signal blocked and SIGINT and
    /// SIGQUIT at their default actions.
    static let unblockingSignals = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGQUIT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func groups(_ document: [String: Any]) -> [[String: Any]] { document["groups"] as? [[String: Any]] ?? [] }

    /// The crash signature the one-core report gives.
    static func crashSignature(of fixture: String) throws -> String {
        let report = try AnalyzeDumpBinary.jsonReport(of: Fixture(fixture).compressedCorePath).document
        return try #require((report["crash"] as? [String: Any])?["signature"] as? String)
    }

    @Test func groupsCopiesOfOneCrashAndKeepsDifferentOnesApart() throws {
        let directory = try Self.coreDirectory("triage-groups")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = directory + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: database) }
        let first = try AnalyzeDumpBinary.run(["triage", directory, "--db", database, "--format", "json", "--jobs", "2"])
        #expect(first.status == 1, "error records make the status 1: \(first.standardError)")
        #expect(first.standardError.contains("skipped \(directory)/core.link: not a regular file"))
        let document = try Self.json(first.standardOutput)
        #expect(document["run"] as? [String: Int] == ["analysed": 8, "errors": 2, "skipped": 0, "not_started": 0])
        let groups = Self.groups(document)
        let counts = Dictionary(uniqueKeysWithValues: groups.map { ("\($0["kind"]!)/\($0["signature"]!)", $0["count"] as? Int ?? 0) })
        let nullDeref = try Self.crashSignature(of: "null-deref")
        let assertFail = try Self.crashSignature(of: "assert-fail")
        #expect(nullDeref != assertFail)
        #expect(counts == ["crash/\(nullDeref)": 3, "crash/\(assertFail)": 2, "error/unreadable": 2, "healthy/": 1])
        #expect(groups.first?["signature"] as? String == nullDeref, "the largest group first")
        let errorGroup = try #require(groups.first { $0["kind"] as? String == "error" })
        let example = try #require(errorGroup["example"] as? [String: Any])
        let errorText = try #require(example["error"] as? String)
        #expect(errorText.hasPrefix("analyze-dump: error: "), "\(errorText)")
        let crash = try #require(groups.first)
        #expect(crash["executables"] as? [String] == ["/tmp/analyze-dump-fixtures/null-deref/null-deref"])
        #expect(crash["build_ids"] as? [String] == [try #require(Fixture("null-deref").facts["build_id"])])
        #expect(crash["first_seen"] as? String == "2025-12-04T14:36:26Z")
        let report = try #require((crash["example"] as? [String: Any])?["report"] as? [String: Any])
        #expect((report["crash"] as? [String: Any])?["signature"] as? String == nullDeref)

        let second = try AnalyzeDumpBinary.run(["triage", directory, "--db", database, "--format", "json"])
        #expect(second.status == 1, "the link is still skipped")
        let again = try Self.json(second.standardOutput)
        #expect(again["run"] as? [String: Int] == ["analysed": 0, "errors": 0, "skipped": 8, "not_started": 0])
        #expect(Self.groups(again).map { $0["count"] as? Int } == groups.map { $0["count"] as? Int })
    }

    @Test func filtersGroupsBySinceAndExecutable() throws {
        let old = try Self.coreDirectory("triage-old", crashTime: 1_600_000_000_000_000)
        let recent = try Self.coreDirectory("triage-recent", crashTime: Int64(Date().timeIntervalSince1970) * 1_000_000 - 3_600_000_000)
        defer { for path in [old, recent, old + ".sqlite"] { try? FileManager.default.removeItem(atPath: path) } }
        let database = old + ".sqlite"
        let all = try Self.json(AnalyzeDumpBinary.run(["triage", old, recent, "--db", database, "--format", "json"]).standardOutput)
        #expect(Self.groups(all).first?["count"] as? Int == 6)
        let lastDay = try Self.json(AnalyzeDumpBinary.run(["triage", old, "--db", database, "--format", "json", "--since", "1d"]).standardOutput)
        #expect(Self.groups(lastDay).map { $0["count"] as? Int } == [3, 2, 2, 1])
        #expect(Self.groups(lastDay).first?["first_seen"] as? String != "2020-09-13T12:26:40Z")
        let assertFail = try Self.json(AnalyzeDumpBinary.run(["triage", old, "--db", database, "--format", "json", "--executable", "assert-fail"]).standardOutput)
        #expect(Self.groups(assertFail).count == 1)
        #expect(Self.groups(assertFail).first?["count"] as? Int == 4)
        #expect(Self.groups(assertFail).first?["first_seen"] as? String == "2020-09-13T12:26:40Z")
    }

    /// A relative argument is stored as an absolute path: a later run (the timer unit, another
    /// directory) finds the same file.
    @Test func relativeArgumentsAreStoredAsAbsolutePaths() throws {
        let directory = try Scratch.makeDirectory(named: "triage-relative")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/cores", withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: directory + "/cores/a.core.zst")
        let run = try Command.capture(AnalyzeDumpBinary.path, ["triage", "cores", "--db", "triage.sqlite", "--format", "ndjson"], directory: directory)
        #expect(run.status == 0, "\(run.standardError)")
        let record = try Self.json(run.standardOutput.trimmingCharacters(in: .newlines))
        #expect(record["path"] as? String == directory + "/cores/a.core.zst")
    }

    @Test func writesOneNDJSONLinePerCoreAnalysed() throws {
        let directory = try Self.coreDirectory("triage-ndjson")
        defer { for path in [directory, directory + ".sqlite"] { try? FileManager.default.removeItem(atPath: path) } }
        let run = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "ndjson"])
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        let records = try lines.map(Self.json)
        let keys: Set<String> = ["host", "path", "size", "executable", "build_id", "crash_time", "analysed_at", "signal", "unit", "command_line", "kind", "signature", "top_finding", "error"]
        #expect(records.allSatisfy { Set($0.keys) == keys })
        let nullDeref = try #require(records.first { ($0["path"] as? String)?.hasSuffix(".102.1764858986000102.zst") == true })
        #expect(nullDeref["kind"] as? String == "crash")
        #expect(nullDeref["signal"] as? String == "SIGSEGV")
        #expect(nullDeref["crash_time"] as? String == "2025-12-04T14:36:26Z")
        #expect(nullDeref["signature"] as? String == (try Self.crashSignature(of: "null-deref")))
        let garbage = try #require(records.first { ($0["path"] as? String)?.contains("core.garbage.") == true })
        #expect(garbage["kind"] as? String == "error")
        #expect(garbage["signature"] as? String == "unreadable")
        #expect(garbage["executable"] as? String == "garbage", "the name's command when no report says")
        let again = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "ndjson"])
        #expect(again.standardOutput.isEmpty, "nothing analysed the second time")
    }

    @Test func timedOutAndMemoryLimitedAnalysesAreErrorRecords() throws {
        let directory = try Scratch.makeDirectory(named: "triage-limits")
        defer { for path in [directory, directory + ".sqlite", directory + "-2.sqlite"] { try? FileManager.default.removeItem(atPath: path) } }
        try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: directory + "/a.core.zst")
        try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: directory + "/b.core.zst")
        let timedOut = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "ndjson", "--timeout", "1ms"])
        #expect(timedOut.status == 1)
        let records = try timedOut.standardOutput.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(records.map { $0["signature"] as? String } == ["timeout", "timeout"])
        #expect(records.first?["error"] as? String == "the analysis ran longer than 1 ms and was killed (raise --timeout)")
        let limited = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + "-2.sqlite", "--format", "ndjson", "--memory-limit", "8M"])
        #expect(limited.status == 1)
        let limitedRecords = try limited.standardOutput.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(limitedRecords.count == 2)
        // Under 8 MiB the child dies while the loader maps its libraries: by SIGSEGV or with
        // the loader's status 127, depending on which library's mapping fails first.
        #expect(limitedRecords.allSatisfy { $0["kind"] as? String == "error" })
        #expect(limitedRecords.allSatisfy { ["analysis-failed", "analysis-killed"].contains($0["signature"] as? String ?? "") })
        #expect(limitedRecords.allSatisfy { record in
            let error = record["error"] as? String ?? ""
            return error.hasPrefix("the analysis exited with status 127: ") || error == "the analysis was ended by SIGSEGV (raise --memory-limit if it ran out of memory)"
        })
    }

    @Test func htmlIndexLinksToExampleReportsThatExist() throws {
        let directory = try Self.coreDirectory("triage-html")
        let pages = try Scratch.makeDirectory(named: "triage-html-pages")
        defer { for path in [directory, directory + ".sqlite", pages] { try? FileManager.default.removeItem(atPath: path) } }
        let index = pages + "/index.html"
        let run = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--html", index, "--format", "json"])
        #expect(run.status == 1)
        let html = try String(contentsOfFile: index, encoding: .utf8)
        let links = html.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
        #expect(links.count == 3, "the two crash groups and the healthy one; the error group has no report: \(links)")
        for link in links {
            #expect(link.hasPrefix("index.html-reports/record-"))
            let report = try String(contentsOfFile: pages + "/" + link, encoding: .utf8)
            #expect(report.hasPrefix("<!DOCTYPE html>"))
        }
        let groups = Self.groups(try Self.json(run.standardOutput))
        let crashID = try #require((groups.first?["example"] as? [String: Any])?["id"] as? Int)
        #expect(links.contains("index.html-reports/record-\(crashID).html"))

        // A link planted where the reports go is not written through.
        let elsewhere = try Scratch.makeDirectory(named: "triage-html-elsewhere")
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: pages + "/planted.html-reports", withDestinationPath: elsewhere)
        let planted = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--html", pages + "/planted.html"])
        #expect(planted.standardError.contains("analyze-dump: warning: \(pages)/planted.html-reports is not a directory of this user"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        #expect(!(try String(contentsOfFile: pages + "/planted.html", encoding: .utf8)).contains("href="))
    }

    @Test func readsTimeHostAndExecutableFromSystemdCoredumpAttributes() throws {
        let directory = try Scratch.makeDirectory(named: "triage-xattr")
        defer { for path in [directory, directory + ".sqlite"] { try? FileManager.default.removeItem(atPath: path) } }
        let core = "\(directory)/core.null-deref.0.\(Self.bootID).4242.1700000000123456.zst"
        try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: core)
        for (name, value) in [("hostname", "web-17"), ("timestamp", "1700000001000000"), ("exe", "/opt/shop/bin/null-deref"), ("signal", "11")] {
            try Command.run("/usr/bin/setfattr", ["-n", "user.coredump.\(name)", "-v", value, core])
        }
        let run = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "ndjson"])
        let record = try Self.json(run.standardOutput)
        #expect(record["host"] as? String == "web-17")
        #expect(record["crash_time"] as? String == "2023-11-14T22:13:21Z")
        #expect(record["executable"] as? String == "/opt/shop/bin/null-deref")
        #expect(record["signal"] as? String == "SIGSEGV")
        let again = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "json"])
        let document = try Self.json(again.standardOutput)
        #expect(document["run"] as? [String: Int] == ["analysed": 0, "errors": 0, "skipped": 1, "not_started": 0])
        #expect(Self.groups(document).first?["hosts"] as? [String] == ["web-17"])
    }

    @Test func aStopSignalKillsTheChildrenAndKeepsWhatWasStored() throws {
        let directory = try Scratch.makeDirectory(named: "triage-stop")
        defer { for path in [directory, directory + ".sqlite"] { try? FileManager.default.removeItem(atPath: path) } }
        for index in 0..<100 {
            try FileManager.default.copyItem(atPath: Fixture("null-deref").compressedCorePath, toPath: "\(directory)/core.\(index)")
        }
        // The test runner's threads block SIGINT, and a blocked mask survives exec: the run
        // starts through python3 with an empty mask.
        let triage = Process()
        triage.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        triage.arguments = ["-c", Self.unblockingSignals, AnalyzeDumpBinary.path, "triage", directory, "--db", directory + ".sqlite", "--jobs", "1", "--format", "ndjson"]
        let output = Pipe()
        let errors = Pipe()
        triage.standardOutput = output
        triage.standardError = errors
        try triage.run()
        // Wait for the first stored core, then stop the run as ^C would.
        var lines = Data()
        while !lines.contains(UInt8(ascii: "\n")) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            lines += data
        }
        kill(triage.processIdentifier, SIGINT)
        lines += output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        triage.waitUntilExit()
        #expect(triage.terminationReason == .exit && triage.terminationStatus == 128 + SIGINT)
        let stored = String(decoding: lines, as: UTF8.self).split(separator: "\n").count
        #expect(stored >= 1 && stored < 100)
        #expect(message.contains("analyze-dump: error: stopped by signal 2 after storing \(stored) cores; the next run analyses the others"), "\(message)")
        let survivors = try Command.capture("/usr/bin/pgrep", ["-f", directory + "/core"]).standardOutput
        #expect(survivors.isEmpty, "no child is left running")
        let rest = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "json"])
        let run = try #require(try Self.json(rest.standardOutput)["run"] as? [String: Int])
        #expect(run["skipped"] == stored && run["analysed"] == 100 - stored)
    }

    @Test func twoConcurrentRunsStoreEachCoreOnce() throws {
        let directory = try Self.coreDirectory("triage-concurrent")
        defer { for path in [directory, directory + ".sqlite", directory + ".sqlite-wal", directory + ".sqlite-shm"] { try? FileManager.default.removeItem(atPath: path) } }
        let runs = (0..<2).map { _ in
            let run = Process()
            run.executableURL = URL(fileURLWithPath: AnalyzeDumpBinary.path)
            run.arguments = ["triage", directory, "--db", directory + ".sqlite", "--format", "json", "--jobs", "1"]
            run.standardOutput = Pipe()
            run.standardError = FileHandle.nullDevice
            return run
        }
        for run in runs { try run.run() }
        let counts = try runs.map { run in
            let output = (run.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            run.waitUntilExit()
            return try #require(try Self.json(String(decoding: output, as: UTF8.self))["run"] as? [String: Int])
        }
        #expect(counts.map { $0["analysed"] ?? 0 }.reduce(0, +) == 8, "each core stored by one run: \(counts)")
        #expect(counts.allSatisfy { ($0["analysed"] ?? 0) + ($0["skipped"] ?? 0) == 8 })
        let after = try Self.json(AnalyzeDumpBinary.run(["triage", directory, "--db", directory + ".sqlite", "--format", "json"]).standardOutput)
        #expect(Self.groups(after).map { $0["count"] as? Int ?? 0 }.reduce(0, +) == 8)
    }

    @Test func sqliteAndPostgresGiveTheSameGroups() throws {
        try #require(PostgresServer.unavailableReason == nil, "\(PostgresServer.unavailableReason ?? "")")
        let directory = try Self.coreDirectory("triage-postgres")
        let serverDirectory = try Scratch.makeDirectory(named: "triage-postgres-server")
        defer { for path in [directory, directory + ".sqlite", serverDirectory] { try? FileManager.default.removeItem(atPath: path) } }
        let server = try PostgresServer(in: serverDirectory)
        defer { server.stop() }
        func groups(_ database: String) throws -> [[String: Any]] {
            let run = try AnalyzeDumpBinary.run(["triage", directory, "--db", database, "--format", "json", "--jobs", "1"])
            return Self.groups(try Self.json(run.standardOutput)).map { group in
                var group = group
                group["example"] = (group["example"] as? [String: Any])?.filter { $0.key != "id" }
                return group
            }
        }
        let sqlite = try groups(directory + ".sqlite")
        let postgres = try groups(server.connectionURL)
        #expect(sqlite.count == 4)
        #expect(NSArray(array: sqlite).isEqual(to: postgres))
    }

    /// --jobs is 1 to 256 (the default, the CPU count, is capped the same way): outside, a
    /// usage error that names the range; at the bound, a run.
    @Test func jobsAreBetweenOneAnd256() throws {
        let directory = try Scratch.makeDirectory(named: "triage-jobs")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for jobs in ["0", "257", "-1"] {
            let run = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + "/triage.sqlite", "--jobs=" + jobs])
            #expect(run.status == 64, "--jobs \(jobs)")
            #expect(run.standardError.contains("--jobs must be between 1 and 256"), "--jobs \(jobs): \(run.standardError)")
        }
        let bound = try AnalyzeDumpBinary.run(["triage", directory, "--db", directory + "/triage.sqlite", "--jobs", "256", "--format", "json"])
        #expect(bound.status == 0, "\(bound.standardError)")
        #expect(try Self.json(bound.standardOutput)["run"] as? [String: Int] == ["analysed": 0, "errors": 0, "skipped": 0, "not_started": 0])
    }

    @Test func twoKernelCoresOfOneHangGroupTogether() throws {
        try #require(KernelCore.unavailableReason == nil, "\(KernelCore.unavailableReason ?? "")")
        let program = try ScenarioProgram("deadlock", directoryName: "triage-hang")
        defer { try? FileManager.default.removeItem(atPath: program.directory) }
        let cores = program.directory + "/cores"
        try FileManager.default.createDirectory(atPath: cores, withIntermediateDirectories: true)
        for run in 1...2 {
            // The test runner's threads block SIGQUIT, and a blocked mask survives exec.
            let core = try KernelCore.write(of: "/usr/bin/python3", arguments: ["-c", Self.unblockingSignals, program.executable], in: program.directory, sending: SIGQUIT)
            try FileManager.default.moveItem(atPath: core, toPath: "\(cores)/core.deadlock.\(run)")
        }
        let run = try AnalyzeDumpBinary.run(["triage", cores, "--db", program.directory + "/triage.sqlite", "--format", "ndjson", "--exe", program.executable])
        let records = try run.standardOutput.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0["kind"] as? String == "hang" })
        #expect(Set(records.compactMap { $0["signature"] as? String }).count == 1)
        let reports = try (1...2).map { try AnalyzeDumpBinary.jsonReport(of: "\(cores)/core.deadlock.\($0)").document }
        let signatures = reports.map { ($0["signature"] as? [String: Any])?["value"] as? String }
        #expect(signatures[0] != nil && signatures[0] == signatures[1])
        #expect(records.first?["signature"] as? String == signatures[0])
    }
}

/// Triage of the spool `analyze-dump handle` writes: the spool's names, the handler's note.
@Suite struct TriageSpoolTests {
    @Test func triagesTheHandlersSpoolLeavingItsOtherFilesAlone() throws {
        let handler = try HandlerRun("triage-spool")
        defer { try? FileManager.default.removeItem(atPath: handler.directory) }
        let core = try Fixture("null-deref").plainCorePath
        for (pid, time) in [(Int32(4001), Int64(1_700_000_000)), (4002, 1_700_000_060)] {
            let stored = try handler.run(core: core, pid: pid, time: time, command: "null-deref")
            #expect(stored.status == 0, "\(stored.standardError)")
        }
        let database = handler.directory + "/triage.sqlite"
        let run = try AnalyzeDumpBinary.run(["triage", handler.spool, "--db", database, "--format", "ndjson"])
        #expect(run.status == 0, "\(run.standardError)")
        // Lines come in the order the analyses end: sorted by path here.
        let records = try run.standardOutput.split(separator: "\n").map { try TriageCommandTests.json(String($0)) }
            .sorted { ($0["path"] as? String ?? "") < ($1["path"] as? String ?? "") }
        #expect(records.map { ($0["path"] as? String)?.split(separator: "/").last.map(String.init) }
            == [HandlerRun.coreName(command: "null-deref", pid: 4001, time: 1_700_000_000), HandlerRun.coreName(command: "null-deref", pid: 4002, time: 1_700_000_060)])
        #expect(records.map { $0["crash_time"] as? String } == ["2023-11-14T22:13:20Z", "2023-11-14T22:14:20Z"])
        #expect(records.allSatisfy { $0["kind"] as? String == "crash" && $0["signal"] as? String == "SIGSEGV" })
        #expect(Set(records.compactMap { $0["signature"] as? String }) == [try TriageCommandTests.crashSignature(of: "null-deref")])
    }
}
