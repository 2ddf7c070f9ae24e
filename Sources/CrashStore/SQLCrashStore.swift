/// The ``CrashStore`` over an SQL connection: the same statements for SQLite and PostgreSQL.
final class SQLCrashStore: CrashStore {
    private let connection: SQLConnection

    /// Opens the store over `connection`, creating or migrating its schema.
    init(connection: SQLConnection) throws(StoreError) {
        self.connection = connection
        try StoreSchema.migrate(connection)
    }

    func contains(_ identity: CoreIdentity, host: String) throws(StoreError) -> Bool {
        let rows = try connection.query(
            "SELECT 1 FROM cores WHERE host = $1 AND device = $2 AND inode = $3 AND size = $4 AND mtime_ns = $5",
            [.text(host)] + Self.parameters(identity), operation: "look up a core")
        return !rows.isEmpty
    }

    @discardableResult
    func insert(_ record: CoreRecord) throws(StoreError) -> Bool {
        let rows = try connection.query(
            """
            INSERT INTO cores (host, path, device, inode, size, mtime_ns, executable, executable_name, build_id,
                crash_time_us, analysed_at_us, seen_at_us, signal, kind, signature, top_finding, error, report_json,
                unit, command_line)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
            ON CONFLICT (host, device, inode, size, mtime_ns) DO NOTHING
            RETURNING id
            """,
            [.text(record.host), .text(record.path)] + Self.parameters(record.identity) + [
                .optional(record.executable), .optional(record.executableName), .optional(record.buildID),
                .optional(record.crashTimeMicroseconds), .integer(record.analysedAtMicroseconds),
                .integer(record.seenAtMicroseconds), .optional(record.signal), .text(record.outcome.rawValue),
                .text(record.signature), .optional(record.topFinding), .optional(record.error), .optional(record.reportJSON),
                .optional(record.unit), .optional(record.commandLine),
            ],
            operation: "store a core")
        return !rows.isEmpty
    }

    func groups(_ query: GroupQuery) throws(StoreError) -> [CrashGroup] {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let since = query.sinceMicroseconds {
            parameters.append(.integer(since))
            conditions.append("seen_at_us >= $\(parameters.count)")
        }
        if let executable = query.executable {
            parameters.append(.text(executable))
            conditions.append("(executable_name = $\(parameters.count) OR executable = $\(parameters.count))")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")

        struct Key: Hashable { var kind: String, signature: String }
        func key(_ row: [SQLValue]) -> Key { Key(kind: row[0].text ?? "", signature: row[1].text ?? "") }
        func distinct(_ column: String) throws(StoreError) -> [Key: [String]] {
            let rows = try connection.query(
                "SELECT DISTINCT kind, signature, \(column) FROM cores \(filter)\(filter.isEmpty ? "WHERE" : " AND") \(column) IS NOT NULL",
                parameters, operation: "list each group's \(column)")
            return Dictionary(grouping: rows, by: key).mapValues { $0.compactMap { $0[2].text }.sorted() }
        }

        let counted = try connection.query(
            "SELECT kind, signature, count(*), min(seen_at_us), max(seen_at_us), max(id) FROM cores \(filter) GROUP BY kind, signature",
            parameters, operation: "group the cores")
        let examples = try connection.query(
            "SELECT id, host, path, top_finding, error FROM cores WHERE id IN (SELECT max(id) FROM cores \(filter) GROUP BY kind, signature)",
            parameters, operation: "read each group's example")
        let exampleByID = Dictionary(examples.map { ($0[0].integer ?? -1, $0) }, uniquingKeysWith: { first, _ in first })
        let hosts = try distinct("host"), executables = try distinct("executable"), buildIDs = try distinct("build_id")
        let units = try distinct("unit")

        let groups = counted.compactMap { row -> CrashGroup? in
            guard let outcome = row[0].text.flatMap(CoreOutcome.init(rawValue:)), let exampleID = row[5].integer,
                  let example = exampleByID[exampleID] else { return nil }
            let groupKey = key(row)
            return CrashGroup(
                outcome: outcome, signature: groupKey.signature, count: Int(clamping: row[2].integer ?? 0),
                firstSeenMicroseconds: row[3].integer ?? 0, lastSeenMicroseconds: row[4].integer ?? 0,
                hosts: hosts[groupKey] ?? [], executables: executables[groupKey] ?? [], buildIDs: buildIDs[groupKey] ?? [],
                units: units[groupKey] ?? [], exampleRecordID: exampleID, exampleHost: example[1].text ?? "", examplePath: example[2].text ?? "",
                exampleTopFinding: example[3].text, exampleError: example[4].text)
        }
        return groups.sorted {
            ($1.count, $1.lastSeenMicroseconds, $0.outcome.rawValue, $0.signature)
                < ($0.count, $0.lastSeenMicroseconds, $1.outcome.rawValue, $1.signature)
        }
    }

    func report(recordID: Int64) throws(StoreError) -> String? {
        try connection.query("SELECT report_json FROM cores WHERE id = $1", [.integer(recordID)], operation: "read a report")
            .first?.first?.text
    }

    func count() throws(StoreError) -> Int {
        Int(clamping: try connection.query("SELECT count(*) FROM cores", [], operation: "count the cores").first?.first?.integer ?? 0)
    }

    /// An identity's columns, `$2` to `$5` after the host.
    private static func parameters(_ identity: CoreIdentity) -> [SQLValue] {
        [.integer(Int64(bitPattern: identity.device)), .integer(Int64(bitPattern: identity.inode)),
         .integer(identity.size), .integer(identity.modificationTimeNanoseconds)]
    }
}
