import Foundation
import Testing
import FixtureSupport

/// A healthy nginx from Debian's packages, run at test time: its master waiting for signals,
/// its worker waiting for connections and the worker's thread-pool threads waiting for tasks
/// are idle, and their captures raise no finding.
@Suite(.disabled(if: NginxServer.unavailableReason != nil, "\(NginxServer.unavailableReason ?? "")"))
struct HealthyNginxTests {
    @Test func masterAndWorkerAreIdleWithoutFindings() throws {
        let directory = try Scratch.makeDirectory(named: "nginx-healthy")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try NginxServer(in: directory)
        defer { server.stop() }
        let poolThread = "idle: tasks (nginx thread pool) in ngx_thread_cond_wait"
        let expected: [(pid_t, [String])] = [
            (server.masterPID, ["idle: signals (nginx master) in ngx_master_process_cycle"]),
            (server.workerPID, ["idle: connections and timers (nginx worker) in ngx_process_events_and_timers", poolThread, poolThread]),
        ]
        for (pid, descriptions) in expected {
            let capture = try AnalyzeDumpBinary.run(["capture", "--pid", String(pid), "-o", directory])
            #expect(capture.status == 0, "\(capture.standardError)")
            let core = capture.standardOutput.trimmingCharacters(in: .newlines)
            defer { try? FileManager.default.removeItem(atPath: core) }
            let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
            #expect(result.status == 0, "\(pid): \(result.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let threads = try #require(report["threads"] as? [[String: Any]])
            // The main thread first, then the pool's threads in the order the core lists them.
            let states = threads.sorted { ($0["tid"] as? Int == Int(pid)) && !($1["tid"] as? Int == Int(pid)) }.compactMap { $0["state"] as? [String: Any] }
            #expect(states.compactMap { $0["description"] as? String } == descriptions)
            #expect(states.allSatisfy { $0["category"] as? String == "idle" })
            #expect(states.allSatisfy { ($0["runtime_wait"] as? [String: Any])?["runtime"] as? String == "nginx" })
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(findings.isEmpty, "\(pid): \(findings.map { $0["title"] ?? "" })")
        }
    }
}
