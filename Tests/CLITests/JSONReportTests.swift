import Foundation
import Testing
import FixtureSupport

/// `--format json`: every fixture's document validates against docs/report.schema.json and
/// holds the fixture's facts.
@Suite struct JSONReportTests {
    private func document(_ fixture: Fixture, _ extra: [String] = []) throws -> (text: String, json: [String: Any]) {
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", "json"] + extra)
        #expect(result.status == 0 || result.status == 1, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return (result.standardOutput, try #require(object as? [String: Any]))
    }

    @Test func everyFixtureValidatesAgainstTheSchema() throws {
        var paths: [String] = []
        for fixture in Fixture.all {
            let path = Scratch.directory.appendingPathComponent("report-\(fixture.name).json").path
            try document(fixture).text.write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let result = try ReportSchema.validate(paths)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(paths.count == Fixture.all.count && paths.count >= 19)
        #expect(paths.contains { $0.hasSuffix("report-captured-warmup.json") })
    }

    @Test func warmupLockDocumentHoldsTheFacts() throws {
        let fixture = Fixture("warmup-lock")
        let json = try document(fixture).json
        #expect(json["schema_version"] as? Int == 2)
        let process = try #require(json["process"] as? [String: Any])
        #expect(process["pid"] as? Int == fixture.intFact("pid"))
        #expect(process["thread_count"] as? Int == fixture.intFact("thread_count"))
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.first?["kind"] as? String == "lock-held-while-running")
        #expect(findings.first?["tids"] as? [Int] == [fixture.intFact("holder_tid")!] + fixture.intListFact("waiter_tids").sorted())
        let lock = try #require((json["locks"] as? [[String: Any]])?.first)
        #expect(lock["name"] as? String == "model_lock")
        #expect(lock["address"] as? String == fixture.facts["model_lock_address"])
        #expect(lock["owner_tid"] as? Int == fixture.intFact("holder_tid"))
        #expect(lock["queue_depth"] as? Int == 8)
        let edges = try #require((json["wait_graph"] as? [String: Any])?["edges"] as? [[String: Any]])
        #expect(edges.count == 8)
        #expect(edges.allSatisfy { $0["owner"] as? Int == fixture.intFact("holder_tid") })
        let threads = try #require(json["threads"] as? [[String: Any]])
        #expect(threads.map { $0["tid"] as? Int } == fixture.intListFact("tids_in_note_order"))
        let holder = try #require(threads.first { $0["tid"] as? Int == fixture.intFact("holder_tid") })
        let frame = try #require((holder["frames"] as? [[String: Any]])?.first)
        #expect(frame["function"] as? String == fixture.facts["holder_frame_0_function"])
        #expect(frame["pc"] as? String == "0x" + String(fixture.facts["holder_frame_0_address"]!.dropFirst(2).drop { $0 == "0" }))
        #expect(frame["line"] as? Int == 39)
        let cpu = try #require(holder["cpu"] as? [String: Any])
        #expect(cpu["user_us"] as? Int == 2_500_980)
        #expect(json["crash"] is NSNull)
    }

    @Test func capturedCoreDocumentHasThreadNamesAndTheCapture() throws {
        let fixture = Fixture("captured-warmup")
        let facts = fixture.facts
        let json = try document(fixture).json
        let process = try #require(json["process"] as? [String: Any])
        #expect(process["core_producer"] as? String == "analyze-dump")
        let capture = try #require(process["capture"] as? [String: Any])
        #expect(capture["time"] as? String == facts["capture_time_utc"])
        let stoppedNanoseconds = try #require(facts["capture_stopped_ns"].flatMap { UInt64($0) })
        let stopped = Double(stoppedNanoseconds) / 1_000_000
        #expect(capture["stopped_ms"] as? Double == (stopped * 10_000).rounded() / 10_000)
        #expect(capture["trigger"] as? String == facts["capture_trigger"])
        #expect((process["cpu"] as? [String: Any])?["has_accounting"] as? Bool == true)
        let threads = try #require(json["threads"] as? [[String: Any]])
        #expect(threads.count == 10)
        for thread in threads {
            let tid = try #require(thread["tid"] as? Int)
            #expect(thread["name"] as? String == facts["thread_name_\(tid)"], "thread \(tid)")
        }
        #expect(threads.first { $0["tid"] as? Int == fixture.intFact("holder_tid") }?["name"] as? String == "bulk-insert")
        let holder = try #require(threads.first { $0["tid"] as? Int == fixture.intFact("holder_tid") })
        #expect(((holder["cpu"] as? [String: Any])?["user_us"] as? Int ?? 0) > 0)
        #expect(json["crash"] is NSNull)
    }

    @Test(arguments: ["warmup-lock", "warmup-lock-gcore"])
    func otherCoresHaveNullNamesAndNoCapture(_ name: String) throws {
        let json = try document(Fixture(name)).json
        let process = try #require(json["process"] as? [String: Any])
        #expect(process["capture"] is NSNull)
        let threads = try #require(json["threads"] as? [[String: Any]])
        #expect(!threads.isEmpty && threads.allSatisfy { $0["name"] is NSNull })
    }

    @Test func crashSignatureIsStableAndIgnoresAddresses() throws {
        let fixture = Fixture("null-deref")
        let first = try #require(try document(fixture).json["crash"] as? [String: Any])
        let second = try #require(try document(fixture).json["crash"] as? [String: Any])
        let signature = try #require(first["signature"] as? String)
        #expect(signature.count == 16)
        #expect(second["signature"] as? String == signature)
        #expect(first["kind"] as? String == "null-dereference")
        #expect(first["code_name"] as? String == "SEGV_MAPERR")
        #expect(first["fault_address"] as? String == "0x10")
        // Another crash has another signature (address independence: CrashSignatureTests).
        let other = try #require(try document(Fixture("stack-overflow")).json["crash"] as? [String: Any])
        #expect(other["signature"] as? String != signature)
    }

    @Test func topLevelSignatureIsTheHangOrTheCrashOrNull() throws {
        let hang = try #require(try document(Fixture("warmup-lock")).json["signature"] as? [String: Any])
        #expect(hang["kind"] as? String == "hang")
        #expect(hang["finding"] as? String == "lock-held-while-running")
        #expect(hang["frames"] as? [String] == ["warm_up_model_cache", "lookup_model"])
        #expect(hang["title"] as? String == "lock held while running warm_up_model_cache; waiters in lookup_model")
        let captured = try #require(try document(Fixture("captured-warmup")).json["signature"] as? [String: Any])
        #expect((hang["value"] as? String)?.count == 16)
        #expect(captured["value"] as? String == hang["value"] as? String)

        let crashed = try document(Fixture("null-deref")).json
        let crash = try #require(crashed["signature"] as? [String: Any])
        #expect(crash["kind"] as? String == "crash")
        #expect(crash["finding"] as? String == "null-dereference")
        #expect(crash["value"] as? String == (crashed["crash"] as? [String: Any])?["signature"] as? String)

        #expect(try document(Fixture("healthy")).json["signature"] is NSNull)
    }

    @Test func failOnSetsExitStatusThreeOnlyWhenAFindingReachesTheSeverity() throws {
        let lock = Fixture("warmup-lock"), healthy = Fixture("healthy")
        #expect(try AnalyzeDumpBinary.run([lock.compressedCorePath, "--exe", try lock.executablePath, "--fail-on", "error"]).status == 3)
        #expect(try AnalyzeDumpBinary.run([healthy.compressedCorePath, "--exe", try healthy.executablePath, "--fail-on", "warning"]).status == 0)
        #expect(try AnalyzeDumpBinary.run([lock.compressedCorePath, "--fail-on", "maybe"]).status == 64)
    }

    @Test func oneAnalysisWritesTextToAFileAndJSONBesideIt() throws {
        let fixture = Fixture("deadlock")
        let text = Scratch.directory.appendingPathComponent("deadlock-report.txt").path
        let json = Scratch.directory.appendingPathComponent("deadlock-report.json").path
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "-o", text, "--json", json])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(try String(contentsOfFile: text, encoding: .utf8).contains("[error] Deadlock: "))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect((document?["findings"] as? [[String: Any]])?.first?["kind"] as? String == "deadlock")

        let unwritable = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "-o", "/nonexistent/dir/report.txt"])
        #expect(unwritable.status == 74)
        #expect(unwritable.standardError.hasPrefix("analyze-dump: error: cannot write the report to /nonexistent/dir/report.txt: "))
    }

    @Test func theCoreCanComeFromStandardInput() throws {
        let fixture = Fixture("warmup-lock")
        let direct = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath])
        for core in [fixture.compressedCorePath, try fixture.plainCorePath] {
            let piped = try Command.capture("/bin/sh", ["-c", "exec \"$0\" - --exe \"$1\" < \"$2\"", AnalyzeDumpBinary.path, try fixture.executablePath, core])
            #expect(piped.status == 0, "\(piped.standardError)")
            #expect(piped.standardOutput == direct.standardOutput)
        }
        let empty = try Command.capture("/bin/sh", ["-c", "exec \"$0\" - < /dev/null", AnalyzeDumpBinary.path])
        #expect(empty.status == 2)
        // This once said "not an ELF core file": a test run as root had replaced /dev/null
        // with a file of HTML (`-o /dev/null` renamed a report over the device, since fixed).
        #expect(empty.standardError == "analyze-dump: error: core file standard input is empty: the core was not written (check ulimit -c and /proc/sys/kernel/core_pattern)\n")
    }
}
