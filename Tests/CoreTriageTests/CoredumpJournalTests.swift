import CoreTriage
import CrashStore
import FixtureSupport
import Foundation
import Testing

/// systemd-coredump's journal entries as journalctl prints them: read field by field, hostile
/// ones dropped, matched to cores by path, and weighed against the attributes and the name.
@Suite struct CoredumpJournalTests {
    static let path = "/var/lib/systemd/coredump/core.srv.0.0123456789abcdef0123456789abcdef.77.1700000000000000.zst"
    /// Root and a `systemd-coredump` user of UID 990.
    static let senders = CoredumpJournalSenders(serviceUIDs: [0, 990])

    static func line(_ fields: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func readsEveryFieldAndPrefersTheUserUnit() throws {
        let output = try Self.line([
            "MESSAGE_ID": CoredumpJournal.messageID, "_UID": "990", "_COMM": "systemd-coredum", "COREDUMP_FILENAME": Self.path, "COREDUMP_HOSTNAME": "web-7",
            "COREDUMP_EXE": "/usr/bin/srv", "COREDUMP_TIMESTAMP": "1700000000123456", "COREDUMP_SIGNAL": "6",
            "COREDUMP_UNIT": "user@1000.service", "COREDUMP_USER_UNIT": "srv.service", "COREDUMP_CMDLINE": "/usr/bin/srv -c /etc/srv.conf",
        ]) + "\n" + Self.line(["_UID": "0", "COREDUMP_FILENAME": "/c/2", "COREDUMP_UNIT": "other.service", "COREDUMP_SIGNAL": "11"]) + "\n"
        let (entries, skipped) = CoredumpJournal.parse(Array(output.utf8), senders: Self.senders)
        #expect(skipped == 0)
        #expect(entries[Self.path] == CoredumpJournalEntry(
            fileName: Self.path, executable: "/usr/bin/srv", timeMicroseconds: 1_700_000_000_123_456,
            signal: 6, unit: "srv.service", commandLine: "/usr/bin/srv -c /etc/srv.conf"))
        #expect(entries["/c/2"] == CoredumpJournalEntry(fileName: "/c/2", signal: 11, unit: "other.service"))
    }

    /// A binary field (an array of numbers), a repeated one (an array of strings), a huge one,
    /// one with a control character, out-of-range numbers, a missing or relative file name,
    /// a line that is not JSON or nests too deeply: each dropped, nothing traps.
    @Test func hostileEntriesAndFieldsAreDropped() throws {
        let lines = [
            try Self.line([
                "_UID": "0", "COREDUMP_FILENAME": "/c/1", "COREDUMP_TIMESTAMP": [49, 0, 50], "COREDUMP_EXE": ["/a", "/b"],
                "COREDUMP_CMDLINE": String(repeating: "x", count: CoredumpJournalEntry.maximumFieldSize + 1),
                "COREDUMP_UNIT": "a\nb.service", "COREDUMP_SIGNAL": "65",
            ]),
            try Self.line(["COREDUMP_UNIT": "nofile.service"]),
            try Self.line(["COREDUMP_FILENAME": "relative/core", "COREDUMP_UNIT": "relative.service"]),
            try Self.line(["COREDUMP_FILENAME": [47, 99]]),
            "{\"COREDUMP_FILENAME\": \"/c/3\"",
            "[[[[[[[[[[]]]]]]]]]]",
            "",
            "\u{FF}\u{FE}",
        ]
        let (entries, skipped) = CoredumpJournal.parse(Array(lines.joined(separator: "\n").utf8), senders: Self.senders)
        #expect(entries == ["/c/1": CoredumpJournalEntry(fileName: "/c/1")])
        #expect(skipped == 6)
    }

    /// Every prefix of a journalctl output, and each of its bytes flipped, is read without a
    /// trap, and a prefix never yields an entry that is not in the whole output.
    @Test func everyTruncationAndFlippedByteIsReadSafely() throws {
        let whole = Array((try Self.line([
            "_UID": "0", "COREDUMP_FILENAME": Self.path, "COREDUMP_UNIT": "srv.service", "COREDUMP_CMDLINE": "srv \u{e9}\\ \"x\"",
            "COREDUMP_TIMESTAMP": "1700000000123456", "COREDUMP_SIGNAL": "6", "COREDUMP_EXE": ["/a", [1, 2]],
        ]) + "\n").utf8)
        let complete = try #require(CoredumpJournal.parse(whole, senders: Self.senders).entries[Self.path])
        for length in 0...whole.count {
            let entries = CoredumpJournal.parse(Array(whole.prefix(length)), senders: Self.senders).entries
            #expect(entries.isEmpty || entries == [Self.path: complete], "prefix of \(length) bytes")
        }
        for position in whole.indices {
            var mutated = whole
            mutated[position] ^= 0xFF
            _ = CoredumpJournal.parse(mutated, senders: Self.senders)
        }
    }

    @Test func oneBoundedCommandFromTheOldestCore() {
        let command = CoredumpJournal.command(journalctl: "/usr/bin/journalctl", sinceMicroseconds: 1_700_003_600_500_000, directory: "/j", senderUIDs: [0, 990, 1000])
        #expect(command == ChildCommand(executable: "/usr/bin/journalctl", arguments: [
            "/usr/bin/journalctl", "--output=json", "--no-pager", "--quiet", "--lines=20000",
            "--output-fields=COREDUMP_FILENAME,COREDUMP_EXE,COREDUMP_TIMESTAMP,COREDUMP_SIGNAL,COREDUMP_UNIT,COREDUMP_USER_UNIT,COREDUMP_CMDLINE,_UID,_COMM",
            "--since=@1700000000", "--directory=/j", "MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1", "_UID=0", "_UID=990", "_UID=1000",
        ]))
        #expect(CoredumpJournal.command(journalctl: "/j", sinceMicroseconds: nil, directory: nil, senderUIDs: nil).arguments.last == "MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1")
        let old = CoreCandidate(
            path: "/a", identity: CoreIdentity(device: 1, inode: 1, size: 1, modificationTimeNanoseconds: 1_700_000_000_000_000_000),
            fileName: nil, attributes: CoredumpAttributes())
        let named = CoreCandidate(
            path: Self.path, identity: CoreIdentity(device: 1, inode: 2, size: 1, modificationTimeNanoseconds: 1_800_000_000_000_000_000),
            fileName: CoreFileName("core.srv.0.0123456789abcdef0123456789abcdef.77.1600000000000000.zst"), attributes: CoredumpAttributes())
        #expect(CoredumpJournal.since([old, named]) == 1_600_000_000_000_000)
        #expect(CoredumpJournal.isWanted(for: [named]) && !CoredumpJournal.isWanted(for: [old]))
        #expect(CoredumpJournal.locate(searchPath: "relative:/nonexistent") == nil)
        #expect(CoredumpJournal.locate(searchPath: "/nonexistent:/usr/bin") == "/usr/bin/journalctl")
    }

    /// Entries any user can log with systemd-coredump's MESSAGE_ID: kept only when journald's
    /// `_UID` is root's, the systemd-coredump user's or the one the core's name carries (a
    /// user's own crash), and `_COMM`, when present, is systemd-coredump's cut to 15 bytes as
    /// the kernel does (the whole name, which journald cannot have read, is refused). A
    /// forged entry logged after the real one does not replace it.
    @Test func onlyEntriesSystemdCoredumpLoggedAreKept() throws {
        let userCore = "/var/lib/systemd/coredump/core.app.1000.0123456789abcdef0123456789abcdef.78.1700000000000000.zst"
        let lines = [
            try Self.line(["_UID": "990", "_COMM": "systemd-coredum", "COREDUMP_FILENAME": Self.path, "COREDUMP_UNIT": "srv.service"]),
            try Self.line(["_UID": "1000", "_COMM": "systemd-coredum", "COREDUMP_FILENAME": Self.path, "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": "1001", "_COMM": "systemd-coredum", "COREDUMP_FILENAME": userCore, "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": "1000", "COREDUMP_FILENAME": userCore, "COREDUMP_UNIT": "app.service"]),
            try Self.line(["_UID": "0", "_COMM": "bash", "COREDUMP_FILENAME": "/c/1", "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": "0", "_COMM": ["s", "y"], "COREDUMP_FILENAME": "/c/2", "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": "0", "COREDUMP_FILENAME": "/c/3", "COREDUMP_UNIT": "three.service"]),
            try Self.line(["_UID": "0", "_COMM": "systemd-coredump", "COREDUMP_FILENAME": "/c/7", "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["COREDUMP_FILENAME": "/c/4", "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": "-1", "COREDUMP_FILENAME": "/c/5", "COREDUMP_UNIT": "forged.service"]),
            try Self.line(["_UID": ["0"], "COREDUMP_FILENAME": "/c/6", "COREDUMP_UNIT": "forged.service"]),
        ]
        let (entries, skipped) = CoredumpJournal.parse(Array(lines.joined(separator: "\n").utf8), senders: Self.senders)
        #expect(entries == [
            Self.path: CoredumpJournalEntry(fileName: Self.path, unit: "srv.service"),
            userCore: CoredumpJournalEntry(fileName: userCore, unit: "app.service"),
            "/c/3": CoredumpJournalEntry(fileName: "/c/3", unit: "three.service"),
        ])
        #expect(skipped == 8)
        // Without a systemd-coredump user, only root logs system users' entries.
        #expect(CoredumpJournal.parse(Array(lines[0].utf8), senders: CoredumpJournalSenders(serviceUIDs: [0])).entries.isEmpty)
        #expect(CoredumpJournalSenders.local().serviceUIDs.contains(0))
    }

    /// journalctl is asked for the entries logged under root's, the systemd-coredump user's
    /// and the cores' UIDs, or under any when there are too many UIDs to name.
    @Test func journalctlMatchesTheSendersUIDs() {
        func candidate(uid: Int) -> CoreCandidate {
            CoreCandidate(
                path: "/c", identity: CoreIdentity(device: 1, inode: UInt64(uid), size: 1, modificationTimeNanoseconds: 1),
                fileName: CoreFileName("core.a.\(uid).0123456789abcdef0123456789abcdef.7.1700000000000000.zst"), attributes: CoredumpAttributes())
        }
        #expect(Self.senders.matchedUIDs(for: [candidate(uid: 1000), candidate(uid: 0), candidate(uid: 1000)]) == [0, 990, 1000])
        let many = (1000..<(1000 + CoredumpJournalSenders.maximumMatchedUIDs)).map(candidate(uid:))
        #expect(Self.senders.matchedUIDs(for: Array(many.dropLast(2)))?.count == CoredumpJournalSenders.maximumMatchedUIDs)
        #expect(Self.senders.matchedUIDs(for: many) == nil)
    }

    /// The attributes come first, then the journal entry, then the name; the unit and the
    /// command line come from the entry only; the host never does.
    @Test func theEntryFillsWhatTheAttributesLack() {
        let entry = CoredumpJournalEntry(
            fileName: Self.path, executable: "/usr/bin/srv", timeMicroseconds: 1_700_000_000_123_456,
            signal: 6, unit: "srv.service", commandLine: "/usr/bin/srv -d")
        var candidate = CoreCandidate(
            path: Self.path, identity: CoreIdentity(device: 1, inode: 2, size: 3, modificationTimeNanoseconds: 4),
            fileName: CoreFileName("core.srv.0.0123456789abcdef0123456789abcdef.77.1700000000000000.zst"),
            attributes: CoredumpAttributes(hostname: "attr-host", signal: 11))
        candidate = CoredumpJournal.attach([Self.path: entry], to: [candidate])[0]
        #expect(candidate.journal == entry)
        let record = CoreRecordBuilder.record(
            for: candidate, result: ChildResult(ending: .exited(2), output: [], errorOutput: []), localHost: "here",
            analysedAtMicroseconds: 9, limits: ChildLimits(timeoutMilliseconds: 1, addressSpaceBytes: 0, maximumOutputBytes: 1))
        #expect(record.host == "attr-host" && record.signal == "SIGSEGV")
        candidate.attributes = CoredumpAttributes()
        let withoutAttributes = CoreRecordBuilder.record(
            for: candidate, result: ChildResult(ending: .exited(2), output: [], errorOutput: []), localHost: "here",
            analysedAtMicroseconds: 9, limits: ChildLimits(timeoutMilliseconds: 1, addressSpaceBytes: 0, maximumOutputBytes: 1))
        #expect(withoutAttributes.host == "here" && withoutAttributes.signal == "SIGABRT")
        #expect(record.executable == "/usr/bin/srv" && record.crashTimeMicroseconds == 1_700_000_000_123_456)
        #expect(record.unit == "srv.service" && record.commandLine == "/usr/bin/srv -d")
        // No entry for another path: nothing attached.
        #expect(CoredumpJournal.attach([Self.path: entry], to: [CoreCandidate(
            path: "/other", identity: candidate.identity, fileName: nil, attributes: CoredumpAttributes())])[0].journal == nil)
    }
}
