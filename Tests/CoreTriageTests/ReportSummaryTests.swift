import CoreTriage
import CrashStore
import DumpReport
import Testing

@Suite struct ReportSummaryTests {
    @Test func parsesNestedDocumentsWithEscapes() throws {
        let value = try JSONValue.parse(#"{"a": [1, -2.5e3, true, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}}"#)
        #expect(value["a"]?.array?.count == 4)
        #expect(value["a"]?.array?[0].integer == 1)
        #expect(value["b"]?.string == "x\"é😀\n")
        #expect(value["c"] == .object([]))
    }

    @Test func buildsOnlyTheKeptMembersButChecksThemAll() throws {
        let text = #"{"threads": [{"frames": ["a\u00e9", 1, {"x": null}]}], "process": {"pid": 1}, "memory": "m"}"#
        #expect(try JSONValue.parse(Array(text.utf8), keptMembers: ["process"]) == .object([("process", .object([("pid", .number("1"))]))]))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"threads": [1, }"#.utf8), keptMembers: []) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(#"{"threads": "\q"}"#.utf8), keptMembers: []) }
    }

    @Test func refusesBrokenAndTooDeepDocuments() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a": }"#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("[1] 2") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("\"abc") }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParseError(reason: "nested deeper than 64", offset: 64)) { try JSONValue.parse(deep) }
        #expect(throws: Never.self) { try JSONValue.parse(deep, maximumDepth: 100) }
    }

    @Test func prefersTheTopLevelSignatureOverTheCrashSignature() throws {
        let hang = try ReportSummary(report: JSONValue.parse("""
            {"process": {"command": "srv", "signal": null}, "crash": null,
             "signature": {"kind": "hang", "value": "00112233aabbccdd", "finding": "deadlock", "frames": ["f"], "title": "t"},
             "findings": [{"title": "Deadlock: 2 threads"}],
             "modules": [{"name": "/lib/libc.so.6", "build_id": "aa"}, {"name": "/usr/bin/srv", "build_id": "bb"}]}
            """))
        #expect(hang == ReportSummary(outcome: .hang, signature: "00112233aabbccdd", executable: "/usr/bin/srv", buildID: "bb", topFinding: "Deadlock: 2 threads"))

        let crash = try ReportSummary(report: JSONValue.parse("""
            {"process": {"command": "x", "signal": {"name": "SIGSEGV"}, "capture": {"time": "2026-12-04T14:36:26.5Z"}},
             "crash": {"signature": "d74ad458e13f4033"}, "findings": [], "modules": [{"name": "/bin/y", "build_id": null}]}
            """))
        #expect(crash.outcome == .crash)
        #expect(crash.signature == "d74ad458e13f4033")
        #expect(crash.signal == "SIGSEGV")
        #expect(crash.executable == "/bin/y")
        #expect(crash.buildID == nil)
        #expect(crash.captureTimeMicroseconds == 1_796_394_986_500_000)

        let handled = try ReportSummary(report: JSONValue.parse(#"{"process": {"command": "x", "handler": {"time": "2026-12-04T14:36:27Z", "executable": "/usr/bin/x"}}, "crash": null}"#))
        #expect(handled.captureTimeMicroseconds == 1_796_394_987_000_000)
        #expect(handled.handlerExecutable == "/usr/bin/x")

        let healthy = try ReportSummary(report: JSONValue.parse(#"{"process": {}, "crash": null, "signature": null}"#))
        #expect(healthy.outcome == .healthy)
        #expect(healthy.signature == "")
        #expect(throws: JSONParseError.self) { try ReportSummary(report: JSONValue.parse("[]")) }
    }

    static let sample = #"{"schema_version": 2, "process": {"command": "srv", "signal": {"name": "SIGSEGV", "number": 11}, "capture": null}, "signature": {"kind": "crash", "value": "0011223344556677", "frames": ["f\u00e9", "g"]}, "crash": {"signature": "0011223344556677"}, "findings": [{"title": "t \"q\""}], "modules": [{"name": "/usr/bin/srv", "build_id": "ab"}], "threads": [[1, 2.5e-3, true, false, null]]}"#

    @Test func everyTruncationOfAReportIsRefusedAndNoMutationTraps() throws {
        let bytes = Array(Self.sample.utf8)
        #expect(try ReportSummary(report: JSONValue.parse(bytes, keptMembers: ReportSummary.members)).signature == "0011223344556677")
        for length in 0..<bytes.count {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(bytes[..<length]), keptMembers: ReportSummary.members) }
        }
        // Every byte replaced by each of the bytes that matter to the parser: an error or a
        // summary, never a trap.
        var accepted = 0
        for position in bytes.indices {
            for replacement in Array("{}[]\",:0-e\u{0}".utf8) + [0xFF] {
                var mutated = bytes
                mutated[position] = replacement
                if let value = try? JSONValue.parse(mutated, keptMembers: ReportSummary.members), (try? ReportSummary(report: value)) != nil {
                    accepted += 1
                }
            }
        }
        #expect(accepted > 0)
    }

    @Test func fieldsOfTheWrongTypeAreAbsent() throws {
        let summary = try ReportSummary(report: JSONValue.parse(#"{"process": {"command": 5, "signal": "SIGSEGV", "capture": {"time": 12}}, "signature": {"value": 7}, "crash": {"signature": ["x"]}, "findings": {"title": "t"}, "modules": [3, {"name": null}]}"#))
        #expect(summary == ReportSummary(outcome: .healthy, signature: ""))
    }

    @Test func convertsTimesBothWays() {
        #expect(ISO8601Time.microseconds("1970-01-01T00:00:00Z") == 0)
        #expect(ISO8601Time.microseconds("2000-02-29T23:59:59.123456789Z") == 951_868_799_123_456)
        #expect(ISO8601Time.microseconds("2000-13-01T00:00:00Z") == nil)
        #expect(ISO8601Time.text(microseconds: 951_868_799_123_456) == "2000-02-29T23:59:59Z")
        #expect(ISO8601Time.text(microseconds: -1) == "1969-12-31T23:59:59Z")
    }

    @Test func readsSystemdAndSpoolNames() {
        let name = CoreFileName("core.my.prog.1000.0123456789abcdef0123456789abcdef.4242.1764858986000000.zst")
        #expect(name == CoreFileName(fromFields: "my.prog", uid: 1000, bootID: "0123456789abcdef0123456789abcdef", pid: 4242, time: 1_764_858_986_000_000, compression: "zst"))
        #expect(CoreFileName("core.a.0.0123456789abcdef0123456789abcdef.1.2")?.compression == nil)
        #expect(CoreFileName("core.1234") == nil)
        #expect(CoreFileName("core.a.0.0123456789ABCDEF0123456789abcdef.1.2") == nil)
        #expect(CoreFileName("core..0.0123456789abcdef0123456789abcdef.1.2") == nil)
    }
}

extension CoreFileName {
    init?(fromFields command: String, uid: UInt32, bootID: String, pid: Int32, time: Int64, compression: String?) {
        self.init("core.\(command).\(uid).\(bootID).\(pid).\(time)" + (compression.map { ".\($0)" } ?? ""))
    }
}
