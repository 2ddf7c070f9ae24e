import FixtureSupport
import Foundation
import Testing

/// `analyze-dump triage` with systemd-coredump's journal entries in a real journal file
/// (written by systemd-journal-remote from journal export format), over copies of the fixture
/// cores under systemd-coredump's names and without its attributes.
@Suite struct TriageJournalTests {
    static let bootID = TriageCommandTests.bootID
    static let journalRemote = "/lib/systemd/systemd-journal-remote"

    /// One journal entry in journal export format: a string field as `NAME=value`, a binary
    /// one (bytes that are not UTF-8) length-prefixed.
    enum Field {
        case text(String, String)
        case binary(String, [UInt8])
    }

    static func export(_ fields: [Field]) -> Data {
        var data = Data("__REALTIME_TIMESTAMP=1700000002000000\n__MONOTONIC_TIMESTAMP=1\n_BOOT_ID=\(bootID)\nMESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1\nMESSAGE=Process dumped core.\n".utf8)
        for field in fields {
            switch field {
            case .text(let name, let value):
                data.append(contentsOf: Array("\(name)=\(value)\n".utf8))
            case .binary(let name, let bytes):
                data.append(contentsOf: Array("\(name)\n".utf8))
                withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { data.append(contentsOf: $0) }
                data.append(contentsOf: bytes + [0x0A])
            }
        }
        data.append(0x0A)
        return data
    }

    /// Writes `entries` into `directory/coredump.journal`.
    static func writeJournal(_ entries: [[Field]], in directory: String) throws {
        let exportPath = directory + "/entries.export"
        try entries.map(export).reduce(Data(), +).write(to: URL(fileURLWithPath: exportPath))
        try Command.run(journalRemote, ["--output=" + directory + "/coredump.journal", exportPath])
        try FileManager.default.removeItem(atPath: exportPath)
    }

    /// Four cores of UID 1000 without attributes: two of null-deref whose entries give a unit
    /// (a system one; a user one), the command line, the executable and the time, and a host
    /// name that is not used (the host is part of the key a later run skips a core by); one of
    /// assert-fail whose entry's time is binary, unit holds a newline and command line is too
    /// long (those fields dropped, the others kept); one whose only entry names it in a binary
    /// field (ignored). An entry without a file name is ignored too, and so are entries that
    /// systemd-coredump did not log (journald's `_UID` another user's, or absent, or `_COMM`
    /// another program's), even logged after the real one. systemd-journal-remote keeps the
    /// trusted fields (`_UID`, `_COMM`) of its export input as they are.
    @Test func fillsUnitCommandLineExecutableAndTimeFromTheJournal() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.journalRemote), "systemd-journal-remote is not installed (scripts/install-deps)")
        let directory = try Scratch.makeDirectory(named: "triage-journal")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cores = directory + "/coredump", journal = directory + "/journal", database = directory + "/triage.sqlite"
        for path in [cores, journal] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let resolvedCores = try #require(realpath(cores, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) })
        func core(_ fixture: String, pid: Int) throws -> String {
            let name = "core.\(fixture).1000.\(Self.bootID).\(pid).\(1_700_000_000_000_000 + pid).zst"
            try FileManager.default.copyItem(atPath: Fixture(fixture).compressedCorePath, toPath: cores + "/" + name)
            return resolvedCores + "/" + name
        }
        let first = try core("null-deref", pid: 101), second = try core("null-deref", pid: 102)
        let hostile = try core("assert-fail", pid: 201), unnamed = try core("assert-fail", pid: 202)
        let systemdCoredump: [Field] = [.text("_UID", "1000"), .text("_COMM", "systemd-coredum")]
        func forged(_ path: String, _ sender: [Field]) -> [Field] {
            sender + [.text("COREDUMP_FILENAME", path), .text("COREDUMP_UNIT", "forged.service"), .text("COREDUMP_CMDLINE", "forged"), .text("COREDUMP_EXE", "/forged")]
        }
        try Self.writeJournal([
            systemdCoredump + [.text("COREDUMP_FILENAME", first), .text("COREDUMP_HOSTNAME", "web-3"), .text("COREDUMP_UNIT", "shop.service"),
             .text("COREDUMP_CMDLINE", "/opt/shop/bin/null-deref --port 8080"), .text("COREDUMP_EXE", "/opt/shop/bin/null-deref"),
             .text("COREDUMP_TIMESTAMP", "1700000001000000"), .text("COREDUMP_SIGNAL", "11")],
            [.text("_UID", "0")] + [.text("COREDUMP_FILENAME", second), .text("COREDUMP_HOSTNAME", "web-4"), .text("COREDUMP_UNIT", "user@1000.service"),
             .text("COREDUMP_USER_UNIT", "shop-canary.service"), .text("COREDUMP_CMDLINE", "null-deref --canary")],
            systemdCoredump + [.text("COREDUMP_FILENAME", hostile), .binary("COREDUMP_TIMESTAMP", [0x31, 0xFF, 0x32]), .binary("COREDUMP_UNIT", Array("a\nb.service".utf8)),
             .text("COREDUMP_CMDLINE", String(repeating: "x", count: 10_000)), .text("COREDUMP_EXE", "/usr/bin/assert-fail")],
            systemdCoredump + [.binary("COREDUMP_FILENAME", Array(unnamed.utf8) + [0xFF]), .text("COREDUMP_UNIT", "binary-name.service")],
            systemdCoredump + [.text("COREDUMP_UNIT", "ghost.service"), .text("COREDUMP_HOSTNAME", "ghost")],
            forged(first, [.text("_UID", "1001"), .text("_COMM", "systemd-coredum")]),
            forged(second, []),
            forged(hostile, [.text("_UID", "1000"), .text("_COMM", "bash")]),
            forged(unnamed, [.text("_UID", "1001")]),
        ], in: journal)

        let run = try AnalyzeDumpBinary.run(["triage", cores, "--db", database, "--format", "ndjson", "--journal-directory", journal])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.isEmpty)
        let records = try run.standardOutput.split(separator: "\n").map { try TriageCommandTests.json(String($0)) }
        func record(_ path: String) throws -> [String: Any] {
            try #require(records.first { ($0["path"] as? String).map { path.hasSuffix(($0 as NSString).lastPathComponent) } == true })
        }
        #expect(records.count == 4)
        var hostName = [CChar](repeating: 0, count: 256)
        gethostname(&hostName, 255)
        let local = String(decoding: hostName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let firstRecord = try record(first)
        #expect(firstRecord["host"] as? String == local)
        #expect(firstRecord["unit"] as? String == "shop.service")
        #expect(firstRecord["command_line"] as? String == "/opt/shop/bin/null-deref --port 8080")
        #expect(firstRecord["executable"] as? String == "/opt/shop/bin/null-deref")
        #expect(firstRecord["crash_time"] as? String == "2023-11-14T22:13:21Z")
        #expect(firstRecord["signal"] as? String == "SIGSEGV")
        let secondRecord = try record(second)
        #expect(secondRecord["unit"] as? String == "shop-canary.service")
        #expect(secondRecord["command_line"] as? String == "null-deref --canary")
        #expect(secondRecord["crash_time"] as? String == "2023-11-14T22:13:20Z", "the name's time when the entry has none")
        let hostileRecord = try record(hostile)
        #expect(hostileRecord["unit"] is NSNull && hostileRecord["command_line"] is NSNull)
        #expect(hostileRecord["executable"] as? String == "/usr/bin/assert-fail")
        #expect(hostileRecord["crash_time"] as? String == "2023-11-14T22:13:20Z")
        let unnamedRecord = try record(unnamed)
        #expect(unnamedRecord["unit"] is NSNull && unnamedRecord["command_line"] is NSNull)
        #expect(!run.standardOutput.contains("ghost") && !run.standardOutput.contains("binary-name") && !run.standardOutput.contains("web-"))
        #expect(!run.standardOutput.contains("forged"))

        // The groups show the units beside the hosts; a second run skips every core, and so
        // does one that does not read the journal.
        let again = try AnalyzeDumpBinary.run(["triage", cores, "--db", database, "--format", "json", "--journal-directory", journal])
        let document = try TriageCommandTests.json(again.standardOutput)
        #expect(document["run"] as? [String: Int] == ["analysed": 0, "errors": 0, "skipped": 4, "not_started": 0])
        let crash = try #require(TriageCommandTests.groups(document).first { ($0["executables"] as? [String])?.contains("/opt/shop/bin/null-deref") == true })
        #expect(crash["count"] as? Int == 2)
        #expect(crash["hosts"] as? [String] == [local])
        #expect(crash["units"] as? [String] == ["shop-canary.service", "shop.service"])
        let withoutJournal = try AnalyzeDumpBinary.run(["triage", cores, "--db", database, "--format", "json", "--journal", "none"])
        #expect(try TriageCommandTests.json(withoutJournal.standardOutput)["run"] as? [String: Int] == ["analysed": 0, "errors": 0, "skipped": 4, "not_started": 0])
    }

    /// One journalctl call for a run over three cores, with the arguments of
    /// `CoredumpJournal.command`; when it fails, triage goes on and says why once.
    @Test func oneJournalctlCallPerRunAndItsFailureSaidOnce() throws {
        let directory = try Scratch.makeDirectory(named: "triage-journalctl-fails")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cores = directory + "/cores", bin = directory + "/bin", calls = directory + "/calls"
        for path in [cores, bin] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        for pid in [101, 102, 103] {
            try FileManager.default.copyItem(
                atPath: Fixture("null-deref").compressedCorePath,
                toPath: "\(cores)/core.null-deref.1000.\(Self.bootID).\(pid).\(1_700_000_000_000_000 + pid).zst")
        }
        try Data("#!/bin/sh\necho \"$*\" >> \(calls)\necho 'Failed to open journal' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: bin + "/journalctl"))
        chmod(bin + "/journalctl", 0o755)
        let run = try Command.capture("/usr/bin/env", [
            "PATH=" + bin, AnalyzeDumpBinary.path, "triage", cores, "--db", directory + "/triage.sqlite", "--format", "ndjson",
            "--journal-directory", directory,
        ])
        #expect(run.status == 0)
        #expect(run.standardOutput.split(separator: "\n").count == 3)
        #expect(run.standardError == "analyze-dump: warning: systemd-coredump's journal entries not read (journalctl exited with status 1: Failed to open journal); using the cores' attributes and names only\n")
        let arguments = try String(contentsOfFile: calls, encoding: .utf8)
        // The entries logged under root's, this host's systemd-coredump user's and the cores' UIDs.
        let uids = Set([0, 1000] + (getpwnam("systemd-coredump").map { [$0.pointee.pw_uid] } ?? [])).sorted()
        #expect(arguments == "--output=json --no-pager --quiet --lines=20000 --output-fields=COREDUMP_FILENAME,COREDUMP_EXE,COREDUMP_TIMESTAMP,COREDUMP_SIGNAL,COREDUMP_UNIT,COREDUMP_USER_UNIT,COREDUMP_CMDLINE,_UID,_COMM --since=@1699996400 --directory=\(directory) MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1 \(uids.map { "_UID=\($0)" }.joined(separator: " "))\n")
    }

    /// Without journalctl on PATH, triage goes on with what the names say and says so once.
    @Test func withoutJournalctlTriageGoesOnAndSaysSoOnce() throws {
        let directory = try Scratch.makeDirectory(named: "triage-no-journalctl")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cores = directory + "/cores", emptyPath = directory + "/bin"
        for path in [cores, emptyPath] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        for pid in [101, 102] {
            try FileManager.default.copyItem(
                atPath: Fixture("null-deref").compressedCorePath,
                toPath: "\(cores)/core.null-deref.1000.\(Self.bootID).\(pid).\(1_700_000_000_000_000 + pid).zst")
        }
        let run = try Command.capture("/usr/bin/env", [
            "PATH=" + emptyPath, AnalyzeDumpBinary.path, "triage", cores, "--db", directory + "/triage.sqlite", "--format", "ndjson",
        ])
        #expect(run.status == 0)
        #expect(run.standardError == "analyze-dump: warning: systemd-coredump's journal entries not read (journalctl is not on PATH); using the cores' attributes and names only\n")
        let records = try run.standardOutput.split(separator: "\n").map { try TriageCommandTests.json(String($0)) }
        #expect(records.count == 2 && records.allSatisfy { $0["kind"] as? String == "crash" && $0["unit"] is NSNull })
        // --journal none does not look for it.
        let none = try Command.capture("/usr/bin/env", [
            "PATH=" + emptyPath, AnalyzeDumpBinary.path, "triage", cores, "--db", directory + "/triage.sqlite", "--journal", "none",
        ])
        #expect(none.status == 0 && none.standardError.isEmpty)
        let contradictory = try AnalyzeDumpBinary.run(["triage", cores, "--journal", "none", "--journal-directory", directory])
        #expect(contradictory.status == 64)
        #expect(contradictory.standardError.contains("--journal-directory reads the journal, which --journal none turns off: drop one of them"))
    }
}
