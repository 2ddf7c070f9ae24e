@testable import CrashStore
import Synchronization
import FixtureSupport
import Foundation
import Testing

/// The triage database on SQLite and on a real PostgreSQL server: the same records give the
/// same groups, duplicates are stored once, the filters select exactly, and concurrent writers
/// neither fail nor store a core twice.
@Suite(.serialized)
struct CrashStoreTests {
    /// Records of three problems on three hosts: a crash seen 3 times (2 hosts, 2 build-ids,
    /// 2 units), a hang seen twice, one healthy core, and one error.
    static let records: [CoreRecord] = {
        func record(_ number: UInt64, host: String, executable: String?, buildID: String?, time: Int64?, outcome: CoreOutcome, signature: String, finding: String?, error: String? = nil, unit: String? = nil) -> CoreRecord {
            CoreRecord(
                host: host, path: "/var/spool/analyze-dump/core.\(number).zst",
                identity: CoreIdentity(device: 0xFD01, inode: UInt64.max - number, size: Int64(number) * 4096, modificationTimeNanoseconds: 1_700_000_000_000_000_000 + Int64(number)),
                executable: executable, buildID: buildID, crashTimeMicroseconds: time, analysedAtMicroseconds: 1_800_000_000_000_000 + Int64(number),
                signal: outcome == .crash ? "SIGSEGV" : nil, unit: unit, commandLine: unit.map { _ in "\(executable ?? "") --serve \(number)" },
                outcome: outcome, signature: signature, topFinding: finding, error: error,
                reportJSON: outcome == .error ? nil : "{\"schema_version\":2,\"n\":\(number)}")
        }
        return [
            record(1, host: "web-1", executable: "/usr/sbin/server", buildID: "aa11", time: 1_000, outcome: .crash, signature: "00000000000000c1", finding: "NULL dereference in `parse`", unit: "server.service"),
            record(2, host: "web-2", executable: "/usr/sbin/server", buildID: "aa11", time: 3_000, outcome: .crash, signature: "00000000000000c1", finding: "NULL dereference in `parse`", unit: "server.service"),
            record(3, host: "web-2", executable: "/opt/server", buildID: "bb22", time: 2_000, outcome: .crash, signature: "00000000000000c1", finding: "NULL dereference in `parse` (new build)", unit: "server-canary.service"),
            record(4, host: "db-1", executable: "/usr/bin/worker", buildID: nil, time: 5_000, outcome: .hang, signature: "00000000000000h1", finding: "Thread 7 holds `cache_lock`"),
            record(5, host: "db-1", executable: "/usr/bin/worker", buildID: nil, time: 4_000, outcome: .hang, signature: "00000000000000h1", finding: "Thread 9 holds `cache_lock`"),
            record(6, host: "db-1", executable: "/usr/bin/worker", buildID: nil, time: nil, outcome: .healthy, signature: "", finding: nil),
            record(7, host: "web-1", executable: nil, buildID: nil, time: nil, outcome: .error, signature: "not-a-core", finding: nil, error: "not an ELF core file"),
        ]
    }()

    @Test func sqliteGroupsFiltersAndSkipsStoredCores() throws {
        let directory = try Scratch.makeDirectory(named: "crash-store-sqlite")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The directories above the database are created, readable by their owner only.
        let location = try StoreLocation(argument: directory + "/nested/triage.sqlite")
        let store = try location.open()
        try checkStore(store)
        var status = stat()
        #expect(stat(directory + "/nested", &status) == 0 && status.st_mode & 0o777 == 0o700)
        // The database and its write-ahead log hold reports: readable by their owner only.
        for file in ["triage.sqlite", "triage.sqlite-wal"] {
            #expect(stat(directory + "/nested/" + file, &status) == 0 && status.st_mode & 0o777 == 0o600, "\(file)")
        }
        // Opening an existing database again migrates nothing and keeps the rows.
        #expect(try location.open().count() == Self.records.count)
    }

    @Test func postgresGivesTheSameGroupsAsSQLite() throws {
        try #require(PostgresServer.unavailableReason == nil, "\(PostgresServer.unavailableReason ?? "")")
        let directory = try Scratch.makeDirectory(named: "crash-store-postgres")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try PostgresServer(in: directory)
        defer { server.stop() }
        let location = try StoreLocation(argument: server.connectionURL)
        #expect(location == .postgres(url: server.connectionURL))
        let postgres = try location.open()
        try checkStore(postgres)
        let sqlite = try StoreLocation.sqlite(path: directory + "/triage.sqlite").open()
        for record in Self.records { try sqlite.insert(record) }
        for query in [GroupQuery(), GroupQuery(sinceMicroseconds: 3_000), GroupQuery(executable: "worker")] {
            #expect(try postgres.groups(query) == sqlite.groups(query))
        }
        // A second connection finds the schema in place.
        #expect(try location.open().count() == Self.records.count)
    }

    /// Two connections insert the same 150 records and 150 of their own each, from two
    /// threads at once: every insert succeeds, the shared ones are stored once.
    @Test func concurrentWritersStoreEachCoreOnce() throws {
        let directory = try Scratch.makeDirectory(named: "crash-store-concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try checkConcurrentWriters(StoreLocation.sqlite(path: directory + "/triage.sqlite"))
        if PostgresServer.unavailableReason == nil {
            let server = try PostgresServer(in: directory)
            defer { server.stop() }
            try checkConcurrentWriters(StoreLocation(argument: server.connectionURL))
        }
    }

    @Test func aNewerSchemaIsRefusedWithWhatToDo() throws {
        let directory = try Scratch.makeDirectory(named: "crash-store-newer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/triage.sqlite"
        _ = try StoreLocation.sqlite(path: path).open()
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        sqlite.arguments = ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('update analyze_dump_schema set version = 99'); c.commit()", path]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(throws: StoreError.newerSchema(location: path, version: 99, known: 2)) { try StoreLocation.sqlite(path: path).open() }
        #expect("\(StoreError.newerSchema(location: path, version: 99, known: 2))" == "the triage database \(path) has schema version 99, newer than this analyze-dump's 2: upgrade analyze-dump or pass another --db")
    }

    /// A schema table no analyze-dump wrote (a hostile writer on a shared server): a negative
    /// version, a version 0 row, a non-integer or several rows are refused with what to do,
    /// and the database is left as it was.
    @Test func anImpossibleSchemaIsRefusedWithWhatToDo() throws {
        let directory = try Scratch.makeDirectory(named: "crash-store-impossible")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/triage.sqlite"
        try StoreLocation.sqlite(path: path).open().insert(Self.records[0])
        let connection = try SQLiteConnection(path: path)
        let cases: [(statements: [String], found: String)] = [
            (["UPDATE analyze_dump_schema SET version = -1"], "version -1"),
            (["UPDATE analyze_dump_schema SET version = -9223372036854775808"], "version -9223372036854775808"),
            (["UPDATE analyze_dump_schema SET version = 0"], "version 0"),
            (["UPDATE analyze_dump_schema SET version = 'two\u{1B}[31m'"], "a version that is not an integer"),
            (["UPDATE analyze_dump_schema SET version = 2", "INSERT INTO analyze_dump_schema (version) VALUES (2)"], "several version rows"),
        ]
        for (statements, found) in cases {
            try connection.query("DELETE FROM analyze_dump_schema", [], operation: "empty the schema table")
            try connection.query("INSERT INTO analyze_dump_schema (version) VALUES (2)", [], operation: "restore the version")
            for statement in statements { try connection.query(statement, [], operation: "alter the schema table") }
            #expect(throws: StoreError.corruptSchema(location: path, found: found)) { try StoreLocation.sqlite(path: path).open() }
            #expect(try connection.query("SELECT count(*) FROM cores", [], operation: "count the cores").first?.first?.integer == 1)
        }
        #expect("\(StoreError.corruptSchema(location: path, found: "version -1"))" == "the triage database \(path) has version -1 in analyze_dump_schema, which no analyze-dump writes: restore the database from a backup or pass another --db")
        // Put right, the database opens again.
        try connection.query("DELETE FROM analyze_dump_schema", [], operation: "empty the schema table")
        try connection.query("INSERT INTO analyze_dump_schema (version) VALUES (2)", [], operation: "restore the version")
        #expect(try StoreLocation.sqlite(path: path).open().count() == 1)
    }

    /// A database an analyze-dump with schema version 1 made (no unit or command line), on
    /// SQLite and on PostgreSQL, is migrated when opened: its rows stay, without a unit, and
    /// new rows keep theirs.
    @Test func aVersionOneDatabaseIsMigrated() throws {
        let directory = try Scratch.makeDirectory(named: "crash-store-migrate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlitePath = directory + "/triage.sqlite"
        try checkMigration(from: SQLiteConnection(path: sqlitePath), to: .sqlite(path: sqlitePath))
        if PostgresServer.unavailableReason == nil {
            let server = try PostgresServer(in: directory)
            defer { server.stop() }
            try checkMigration(
                from: PostgresConnection(url: server.connectionURL, displayName: server.connectionURL),
                to: StoreLocation(argument: server.connectionURL))
        }
    }

    private func checkMigration(from connection: SQLConnection, to location: StoreLocation) throws {
        for statement in StoreSchema.migrations(for: connection.dialect)[0] + [
            "CREATE TABLE analyze_dump_schema (version INTEGER NOT NULL)",
            "INSERT INTO analyze_dump_schema (version) VALUES (1)",
            "INSERT INTO cores (host, path, device, inode, size, mtime_ns, analysed_at_us, seen_at_us, kind, signature) VALUES ('old', '/c/old', 1, 2, 3, 4, 5, 5, 'crash', 'c1')",
        ] {
            _ = try connection.query(statement, [], operation: "make a version 1 database")
        }
        let store = try location.open()
        #expect(try store.count() == 1)
        var record = Self.records[0]
        record.signature = "c1"
        try store.insert(record)
        let group = try #require(try store.groups(GroupQuery()).first)
        #expect(group.count == 2 && group.hosts == ["old", "web-1"] && group.units == ["server.service"])
        #expect(try connection.query("SELECT version FROM analyze_dump_schema", [], operation: "read the version").first?.first?.integer == 2)
        #expect(try location.open().count() == 2)
    }

    @Test func locationsAreParsedAndPasswordsHidden() throws {
        #expect(try StoreLocation(argument: "/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try StoreLocation(argument: "postgres://triage:s3cret@db.example:5432/crashes").displayName == "postgres://triage:***@db.example:5432/crashes")
        #expect(try StoreLocation(argument: "postgresql:///crashes?host=/run/postgresql").displayName == "postgresql:///crashes?host=/run/postgresql")
        #expect(throws: StoreError.invalidLocation("mysql://db/x")) { try StoreLocation(argument: "mysql://db/x") }
        #expect(StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]) == .sqlite(path: "/data/analyze-dump/triage.sqlite"))
        #expect(StoreLocation.defaultLocation(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]) == .sqlite(path: "/home/u/.local/share/analyze-dump/triage.sqlite"))
    }

    /// Inserts the records into an empty store and checks every group, filter and lookup.
    private func checkStore(_ store: any CrashStore) throws {
        #expect(try store.count() == 0)
        for record in Self.records { #expect(try store.insert(record)) }
        // The same host and file again is not stored; the same file on another host is a new core.
        #expect(try !store.insert(Self.records[0]))
        #expect(try store.contains(Self.records[0].identity, host: "web-1"))
        #expect(try !store.contains(Self.records[0].identity, host: "web-9"))
        #expect(try store.count() == Self.records.count)

        let groups = try store.groups(GroupQuery())
        #expect(groups.map(\.outcome) == [.crash, .hang, .error, .healthy])
        #expect(groups.map(\.count) == [3, 2, 1, 1])
        let crash = try #require(groups.first)
        #expect(crash.signature == "00000000000000c1")
        #expect(crash.hosts == ["web-1", "web-2"])
        #expect(crash.executables == ["/opt/server", "/usr/sbin/server"])
        #expect(crash.buildIDs == ["aa11", "bb22"])
        #expect(crash.units == ["server-canary.service", "server.service"])
        #expect(crash.firstSeenMicroseconds == 1_000 && crash.lastSeenMicroseconds == 3_000)
        // The example is the newest stored core of the group.
        #expect(crash.examplePath == "/var/spool/analyze-dump/core.3.zst" && crash.exampleHost == "web-2")
        #expect(crash.exampleTopFinding == "NULL dereference in `parse` (new build)")
        #expect(try store.report(recordID: crash.exampleRecordID) == "{\"schema_version\":2,\"n\":3}")
        let hang = groups[1]
        #expect(hang.buildIDs == [] && hang.units == [] && hang.hosts == ["db-1"] && hang.firstSeenMicroseconds == 4_000 && hang.lastSeenMicroseconds == 5_000)
        let error = groups[2]
        #expect(error.signature == "not-a-core" && error.exampleError == "not an ELF core file" && error.executables == [])
        #expect(try store.report(recordID: error.exampleRecordID) == nil)
        // The healthy core has no crash time: it is placed at its analysis time.
        #expect(groups[3].firstSeenMicroseconds == 1_800_000_000_000_006)

        let recent = try store.groups(GroupQuery(sinceMicroseconds: 3_000))
        #expect(recent.map(\.outcome) == [.hang, .error, .healthy, .crash])
        #expect(recent.map(\.count) == [2, 1, 1, 1])
        // --executable matches a file name or a whole path.
        #expect(try store.groups(GroupQuery(executable: "server")).map(\.count) == [3])
        #expect(try store.groups(GroupQuery(executable: "/opt/server")).map(\.count) == [1])
        #expect(try store.groups(GroupQuery(sinceMicroseconds: 4_500, executable: "worker")).map(\.outcome) == [.healthy, .hang])
        #expect(try store.groups(GroupQuery(executable: "nothing")).isEmpty)
    }

    private func checkConcurrentWriters(_ location: StoreLocation) throws {
        func records(_ range: Range<UInt64>) -> [CoreRecord] {
            range.map { number in
                CoreRecord(
                    host: "h", path: "/c/\(number)", identity: CoreIdentity(device: 1, inode: number, size: 10, modificationTimeNanoseconds: 0),
                    analysedAtMicroseconds: Int64(number), outcome: .crash, signature: "s\(number % 3)")
            }
        }
        let shared = records(0..<150)
        let batches = [shared + records(1_000..<1_150), records(2_000..<2_150) + shared]
        let failures = Mutex<[String]>([])
        let inserted = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let store = try location.open()
                var count = 0
                for record in batches[index] where try store.insert(record) { count += 1 }
                inserted.withLock { $0 += count }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(inserted.withLock { $0 } == 450)
        let store = try location.open()
        #expect(try store.count() == 450)
        #expect(try store.groups(GroupQuery()).map(\.count) == [150, 150, 150])
    }
}
