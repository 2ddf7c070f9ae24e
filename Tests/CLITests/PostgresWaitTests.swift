import Foundation
import Testing
import FixtureSupport

/// A PostgreSQL cluster run at test time from Debian's packages: an open transaction holds a
/// row, one backend waits for its transaction and another for the row behind it. Each backend
/// and the idle server processes are captured live; the report must say what
/// pg_stat_activity says of each, and the idle ones must raise nothing.
@Suite(.disabled(if: PostgresServer.unavailableReason != nil, "\(PostgresServer.unavailableReason ?? "")"))
struct PostgresWaitTests {
    /// One analysed capture.
    struct Report {
        var status: Int32
        var description: String
        var category: String
        /// The state's `runtime_wait` tokens, empty when it has none.
        var runtimeWait: [String: Any]
        var findings: [[String: Any]]
    }

    @Test func backendsWaitingForARowAreLockWaitsAndIdleProcessesAreSilent() throws {
        let directory = try Scratch.makeDirectory(named: "postgres-waits")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try PostgresServer(in: directory)
        defer { server.stop() }
        _ = try server.query("create table t(id int primary key, v int); insert into t values (1, 0)")
        try server.startSession("BEGIN; UPDATE t SET v = v + 1 WHERE id = 1;")
        let holder = try pid(server.waitForRows("select pid from pg_stat_activity where state = 'idle in transaction' and backend_xid is not null"))
        try server.startSession("UPDATE t SET v = v + 2 WHERE id = 1;")
        let transactionWaiter = try pid(server.waitForRows("select pid from pg_stat_activity where wait_event = 'transactionid'"))
        try server.startSession("UPDATE t SET v = v + 3 WHERE id = 1;")
        let tupleWaiter = try pid(server.waitForRows("select pid from pg_stat_activity where wait_event = 'tuple'"))
        let checkpointer = try pid(server.query("select pid from pg_stat_activity where backend_type = 'checkpointer'"))
        let postmaster = try server.postmasterPID()

        // The oracle: pg_stat_activity's wait event and pg_blocking_pids for every process.
        let activity = try server.query(
            "select pid, coalesce(wait_event_type, ''), coalesce(wait_event, ''), pg_blocking_pids(pid) from pg_stat_activity")
        func oracle(_ pid: Int32) -> (event: String, blockers: String)? {
            activity.first { $0.first == String(pid) }.map { ($0[1] + "/" + $0[2], $0[3]) }
        }
        #expect(oracle(transactionWaiter)?.event == "Lock/transactionid")
        #expect(oracle(transactionWaiter)?.blockers == "{\(holder)}")
        #expect(oracle(tupleWaiter)?.event == "Lock/tuple")
        #expect(oracle(tupleWaiter)?.blockers == "{\(transactionWaiter)}")
        #expect(oracle(holder)?.event == "Client/ClientRead")
        #expect(oracle(checkpointer)?.event == "Activity/CheckpointerMain")

        for waiter in [transactionWaiter, tupleWaiter] {
            let event = try #require(oracle(waiter)?.event)
            let report = try analyse(waiter, in: directory)
            #expect(report.status == 0)
            #expect(report.category == "waiting on locks")
            #expect(report.description
                == "waiting for a heavyweight lock (PostgreSQL wait event \(event)) in ProcSleep; the holder is found in pg_locks and pg_blocking_pids(\(waiter))")
            #expect(report.runtimeWait["runtime"] as? String == "postgresql")
            #expect(report.runtimeWait["signature"] as? String == "ProcSleep")
            #expect(report.runtimeWait["kind"] as? String == "lock")
            let recorded = report.runtimeWait["recorded_event"] as? [String: String]
            #expect(recorded.map { $0["type", default: ""] + "/" + $0["event", default: ""] } == event)
            #expect(report.findings.count == 1)
            let finding = try #require(report.findings.first)
            #expect(finding["kind"] as? String == "runtime-lock-wait")
            #expect(finding["severity"] as? String == "information")
            #expect(finding["title"] as? String == "Thread \(waiter) waits for a heavyweight lock (PostgreSQL wait event \(event))")
            #expect(finding["description"] as? String
                == "Thread \(waiter) waits for a heavyweight lock (PostgreSQL wait event \(event)) in ProcSleep. This core does not say who holds it: the holder is found in pg_locks and pg_blocking_pids(\(waiter)).")
        }

        // Healthy processes: the holder waiting for its client, the checkpointer, the postmaster.
        let idle: [(Int32, String)] = [
            (holder, "idle: its client (PostgreSQL wait event Client/ClientRead) in secure_read"),
            (checkpointer, "idle: work to do (PostgreSQL wait event Activity/CheckpointerMain) in CheckpointerMain"),
            (postmaster, "idle: connections (PostgreSQL postmaster) in PostmasterMain"),
        ]
        for (process, description) in idle {
            let report = try analyse(process, in: directory)
            #expect(report.status == 0, "\(process)")
            #expect(report.category == "idle", "\(process)")
            #expect(report.description == description)
            #expect(report.findings.isEmpty, "\(process): \(report.findings.map { $0["title"] ?? "" })")
        }
    }

    private func pid(_ rows: [[String]]) throws -> Int32 {
        guard rows.count == 1, let text = rows.first?.first, let pid = Int32(text) else {
            throw Command.Failure(description: "expected one pid, got \(rows)")
        }
        return pid
    }

    /// Captures `pid`, analyses the core as JSON and deletes it.
    private func analyse(_ pid: Int32, in directory: String) throws -> Report {
        let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory])
        guard capture.status == 0 else { throw Command.Failure(description: "capture of \(pid) failed: \(capture.standardError)") }
        let core = capture.standardOutput.trimmingCharacters(in: .newlines)
        defer { try? FileManager.default.removeItem(atPath: core) }
        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let threads = try #require(report["threads"] as? [[String: Any]])
        #expect(threads.count == 1)
        let state = try #require(threads.first?["state"] as? [String: Any])
        return Report(
            status: result.status, description: state["description"] as? String ?? "", category: state["category"] as? String ?? "",
            runtimeWait: state["runtime_wait"] as? [String: Any] ?? [:], findings: report["findings"] as? [[String: Any]] ?? [])
    }
}
