import Foundation
import Testing
import FixtureSupport

/// Debian's MariaDB server captured live: an UPDATE waiting for an InnoDB row lock, an ALTER
/// waiting for a metadata lock and a SELECT queued behind it, the holder idle in its open
/// transaction. The server's own views (information_schema.PROCESSLIST.TID is the Linux TID,
/// INNODB_TRX, INNODB_LOCK_WAITS) are the oracle; a second capture, in which the timed waits
/// resume through restart_syscall, must say the same. A server with no clients is healthy.
@Suite(.disabled(if: MariaDBServer.unavailableReason != nil, Comment(rawValue: MariaDBServer.unavailableReason ?? "")))
struct MariaDBWaitTests {
    private static let rowLockDescriptions = ["handler::ha_index_read_map", "lock_wait"].map {
        "waiting for a lock inside the storage engine (an InnoDB row lock, likely: inferred, InnoDB's frames have no names) in \($0); "
            + "the holder is found in information_schema.INNODB_LOCK_WAITS and INNODB_TRX (PROCESSLIST.TID names the thread)"
    } + [
        "waiting for a row or table lock (InnoDB) in lock_wait; "
            + "the holder is found in information_schema.INNODB_LOCK_WAITS and INNODB_TRX (PROCESSLIST.TID names the thread)",
    ]
    private static let metadataLockDescription =
        "waiting for a metadata lock (MariaDB MDL) in MDL_wait::timed_wait; the holder is found in SHOW PROCESSLIST, and information_schema.METADATA_LOCK_INFO once the metadata_lock_info plugin is installed"
    private static let restarted = " (resumed through restart_syscall)"

    @Test func rowLockAndMetadataLockWaitersAreLockWaitsInBothCaptures() throws {
        let server = try MariaDBServer(named: "mariadb-locks")
        defer { server.stop() }
        _ = try server.query("CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB; INSERT INTO d.t VALUES (1, 0)")
        let processList = "SELECT ID, TID, STATE, INFO FROM information_schema.PROCESSLIST WHERE INFO IS NULL OR INFO NOT LIKE '%PROCESSLIST%'"
        try server.startClient("BEGIN; UPDATE d.t SET v = v + 1 WHERE id = 1;")
        _ = try server.waitUntil("SELECT COUNT(*) FROM information_schema.INNODB_TRX") { $0 == [["1"]] }
        try server.startClient("SET innodb_lock_wait_timeout = 900; UPDATE d.t SET v = v + 2 WHERE id = 1;")
        _ = try server.waitUntil("SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS") { $0 == [["1"]] }
        try server.startClient("SET lock_wait_timeout = 900; ALTER TABLE d.t ADD COLUMN w INT;")
        _ = try server.waitUntil(processList) { $0.contains { $0[2] == "Waiting for table metadata lock" } }
        try server.startClient("SET lock_wait_timeout = 900; SELECT * FROM d.t;")
        let connections = try server.waitUntil(processList) { $0.filter { $0[2] == "Waiting for table metadata lock" }.count == 2 }

        // The oracle: who waits for what, from the server itself.
        func tid(_ statement: String) throws -> Int {
            try #require(connections.first { $0[3] == statement }.flatMap { Int($0[1]) }, "\(connections)")
        }
        let rowWaiter = try tid("UPDATE d.t SET v = v + 2 WHERE id = 1")
        let alter = try tid("ALTER TABLE d.t ADD COLUMN w INT")
        let select = try tid("SELECT * FROM d.t")
        let blocking = try server.query("""
            SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id FROM information_schema.INNODB_LOCK_WAITS w
            JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
            JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
            """)
        let holderConnection = try #require(blocking.first?.last, "\(blocking)")
        let holder = try #require(connections.first { $0[0] == holderConnection }.flatMap { Int($0[1]) }, "\(connections)")
        #expect(connections.first { $0[1] == String(rowWaiter) }?[0] == blocking.first?.first)
        let waiters = [rowWaiter, alter, select].sorted()

        let first = try AnalyzeDumpBinary.run(["capture", "--pid", String(server.processIdentifier), "-o", server.directory])
        #expect(first.status == 0, "\(first.standardError)")
        Thread.sleep(forTimeInterval: 3)
        let second = try AnalyzeDumpBinary.run(["capture", "--pid", String(server.processIdentifier), "-o", server.directory])
        #expect(second.status == 0, "\(second.standardError)")

        var classifications: [[Int: String]] = []
        for (index, capture) in [first, second].enumerated() {
            let report = try Self.report(of: capture.standardOutput.trimmingCharacters(in: .newlines))
            let threads = try #require(report["threads"] as? [[String: Any]])
            func state(_ tid: Int) -> [String: Any]? { threads.first { ($0["tid"] as? Int) == tid }?["state"] as? [String: Any] }
            func description(_ tid: Int) -> String? { (state(tid)?["description"] as? String).map { Self.withoutRestart($0) } }

            // Exactly the three waiters wait on locks, each of its kind.
            let lockWaiters = threads.filter { ($0["state"] as? [String: Any])?["category"] as? String == "waiting on locks" }
            #expect(lockWaiters.compactMap { $0["tid"] as? Int }.sorted() == waiters)
            #expect(description(rowWaiter).map(Self.rowLockDescriptions.contains) == true, "\(description(rowWaiter) ?? "none")")
            #expect(description(alter) == Self.metadataLockDescription)
            #expect(description(select) == Self.metadataLockDescription)
            // The holder is a connection waiting for its client, idle in its transaction.
            #expect(state(holder)?["category"] as? String == "idle")
            #expect(description(holder) == "idle: its client (MariaDB connection) in vio_io_wait")
            // No waiting thread is called busy: each is idle, or waits for a lock or a notification.
            #expect(Self.waitingThreadsCalledBusy(threads).isEmpty, "\(Self.waitingThreadsCalledBusy(threads))")

            // What they wait for, where the holder is found, and the queue.
            let findings = try #require(report["findings"] as? [[String: Any]])
            let lockFindings = findings.filter { ($0["kind"] as? String) == "runtime-lock-wait" }
            #expect(Set(lockFindings.compactMap { $0["title"] as? String }) == [
                "2 threads wait for a metadata lock (MariaDB MDL)",
                "Thread \(rowWaiter) waits for a lock inside the storage engine (an InnoDB row lock, likely: inferred, InnoDB's frames have no names)",
            ])
            let metadata = try #require(lockFindings.first { ($0["tids"] as? [Int])?.count == 2 })
            #expect((metadata["tids"] as? [Int])?.sorted() == [alter, select].sorted())
            #expect(metadata["severity"] as? String == "warning")
            let rowLock = try #require(lockFindings.first { ($0["tids"] as? [Int]) == [rowWaiter] })
            #expect((rowLock["description"] as? String)?.contains("the holder is found in information_schema.INNODB_LOCK_WAITS") == true)
            #expect((rowLock["recommendation"] as? String)?.contains("information_schema.INNODB_LOCK_WAITS") == true)

            // Pools past the spawn trampoline: the connections apart from the background threads.
            let pools = try #require(report["pools"] as? [[String: Any]])
            let connectionPool = try #require(pools.first { ($0["entry_function"] as? String) == "handle_one_connection" }, "\(pools)")
            let connectionTIDs = Set(connectionPool["tids"] as? [Int] ?? [])
            #expect(connectionTIDs.isSuperset(of: waiters + [holder]))
            #expect(connectionPool["blocked"] as? Int == 3)
            #expect(connectionPool["busy"] as? Int == 0)
            #expect(connectionPool["saturated"] as? Bool == false)
            #expect(!pools.contains { ($0["entry_function"] as? String)?.hasPrefix("mariadbd+") == true }, "\(pools)")

            // Threads in a wait: one running in either capture (a tpool task, a connection
            // going back to the thread cache) may be elsewhere in the other.
            classifications.append(Dictionary(uniqueKeysWithValues: threads.compactMap { thread -> (Int, String)? in
                guard let tid = thread["tid"] as? Int, let state = thread["state"] as? [String: Any],
                      let call = (state["system_call"] as? [String: Any])?["name"] as? String, Self.waitCalls.contains(call),
                      let category = state["category"] as? String, let description = state["description"] as? String
                else { return nil }
                return (tid, category + ": " + Self.withoutRestart(description))
            }))
            if index == 1 {
                // The row-lock waiter's timed wait was stopped by the first capture: it resumes
                // through restart_syscall and is still told as the same wait.
                let call = (state(rowWaiter)?["system_call"] as? [String: Any])?["name"] as? String
                #expect(call == "restart_syscall")
            }
        }
        // Every thread waiting in both captures is classified the same way.
        let common = Set(classifications[0].keys).intersection(classifications[1].keys)
        #expect(common.isSuperset(of: waiters + [holder]))
        for tid in common.sorted() {
            #expect(classifications[0][tid] == classifications[1][tid], "thread \(tid)")
        }
    }

    @Test func anIdleServerRaisesNoWarning() throws {
        let server = try MariaDBServer(named: "mariadb-idle")
        defer { server.stop() }
        let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(server.processIdentifier), "-o", server.directory])
        #expect(capture.status == 0, "\(capture.standardError)")
        let report = try Self.report(of: capture.standardOutput.trimmingCharacters(in: .newlines))
        let findings = try #require(report["findings"] as? [[String: Any]])
        let alarms = findings.filter { ["warning", "error", "critical"].contains($0["severity"] as? String) }
        #expect(alarms.isEmpty, "\(alarms.map { $0["title"] ?? "" })")
        let threads = try #require(report["threads"] as? [[String: Any]])
        #expect(Self.waitingThreadsCalledBusy(threads).isEmpty, "\(Self.waitingThreadsCalledBusy(threads))")
        let lockWaiters = threads.filter { ($0["state"] as? [String: Any])?["category"] as? String == "waiting on locks" }
        #expect(lockWaiters.isEmpty, "\(lockWaiters)")
        let pools = try #require(report["pools"] as? [[String: Any]])
        #expect(pools.allSatisfy { ($0["blocked"] as? Int) == 0 && ($0["saturated"] as? Bool) == false }, "\(pools)")
    }

    /// The system calls mariadbd's threads wait in: for work, for a client, for a lock.
    private static let waitCalls: Set<String> = ["futex", "poll", "restart_syscall", "io_uring_enter", "rt_sigtimedwait", "epoll_wait"]

    /// The threads in one of ``waitCalls`` that the report counts as running, in I/O, or in
    /// another system call (a thread between two waits may really be running: it is not listed).
    private static func waitingThreadsCalledBusy(_ threads: [[String: Any]]) -> [String] {
        threads.compactMap { thread in
            guard let state = thread["state"] as? [String: Any],
                  let call = (state["system_call"] as? [String: Any])?["name"] as? String, waitCalls.contains(call),
                  let category = state["category"] as? String,
                  !["idle", "waiting on locks", "waiting on conditions"].contains(category)
            else { return nil }
            return "\(thread["tid"] ?? "?"): \(category) in \(call)"
        }
    }

    /// The JSON report of `core`, which is deleted once read.
    private static func report(of core: String) throws -> [String: Any] {
        defer { try? FileManager.default.removeItem(atPath: core) }
        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    private static func withoutRestart(_ description: String) -> String {
        description.hasSuffix(restarted) ? String(description.dropLast(restarted.count)) : description
    }
}
