import Foundation
import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// The flame graph's opening on processes built in code: CPU time without a finding, the
/// thread count when the process used less than a clock tick, a runaway thread outlined, and
/// a cut recursion folded with its rounds as a lower bound.
@Suite struct HTMLFlameGraphTests {
    /// A thread whose stack is `functions`, innermost first, with `cpu` microseconds of user
    /// time, unwound as `status` says.
    static func thread(_ tid: Int32, _ functions: [String], cpu: UInt64 = 0, status: UnwindStatus = .complete) -> DumpModel.Thread {
        Thread(
            tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: cpu, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: functions.enumerated().map {
                Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call, trust: .cfi, function: $0.element)
            },
            unwindStatus: status)
    }

    /// The page of a process of `threads` and its flame graph's island.
    static func page(_ threads: [DumpModel.Thread]) throws -> (html: String, data: [String: Any]) {
        let process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        let analysis = ProcessAnalysis.analyze(ProcessImage(
            process: process, memory: ManagedFrameRenderingTests.NoMemory(), symbols: ManagedFrameRenderingTests.NoSymbols()))
        let html = HTMLReport.render(process, analysis: analysis, toolVersion: "test")
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"flame-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        return (html, data)
    }

    @Test func withoutAFindingTheGraphOpensOnCPUTimeWithNothingOutlined() throws {
        let (html, data) = try Self.page([Self.thread(1, ["poll", "main"], cpu: 300_000), Self.thread(2, ["read", "worker"], cpu: 100_000)])
        #expect(data["view"] as? String == "cpu")
        #expect(data["focus"] is NSNull)
        #expect(!html.contains("id=\"flame-opening\""))
        #expect(html.contains("<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"true\">CPU time</button>"))
        let nodes = try #require(data["nodes"] as? [[Int]])
        #expect(nodes.allSatisfy { $0[4] & 0b11110 == 0 })
    }

    @Test func lessThanAClockTickOpensOnTheThreadCount() throws {
        let (html, data) = try Self.page([Self.thread(1, ["poll", "main"], cpu: 4_000), Self.thread(2, ["read", "worker"])])
        #expect(data["cpu"] as? Bool == true)
        #expect(data["view"] as? String == "threads")
        #expect(html.contains("<p class=\"note\" id=\"flame-opening\">Opens on the thread count: the process used less than a clock tick (10 ms) of CPU in all.</p>"))
    }

    /// A thread that used 4 of the process's 4.5 s (the main thread records the total):
    /// CPU time, and its stack outlined.
    @Test func aRunawayThreadOpensOnCPUTimeOutlined() throws {
        let (html, data) = try Self.page([
            Self.thread(1, ["poll", "main"], cpu: 4_500_000), Self.thread(2, ["spin", "worker"], cpu: 4_000_000), Self.thread(3, ["read", "listener"]),
        ])
        #expect(data["view"] as? String == "cpu")
        let focus = try #require(data["focus"] as? [String: Any])
        #expect(focus["finding"] as? String == "runaway-cpu")
        #expect(focus["tids"] as? [Int] == [2])
        let names = try #require(data["names"] as? [String])
        let nodes = try #require(data["nodes"] as? [[Int]])
        #expect(nodes.filter { $0[4] & 4 != 0 }.map { names[$0[0]] } == ["all threads", "worker", "spin"])
        #expect(nodes.filter { $0[4] & 16 != 0 }.map { names[$0[0]] } == ["spin"])
        #expect(html.contains("Opens on CPU time, as the finding runaway-cpu is about CPU time. Outlined: the stack of thread 2, named by the finding runaway-cpu.</p>"))
    }

    /// A stack cut at 40 frames inside a recursion: one node of at least 39 rounds (flag 32)
    /// over its callee; a complete one of 38 rounds between its caller and callee, exact.
    @Test func aCutRecursionIsOneNodeWithALowerBound() throws {
        let cut = ["fault"] + Array(repeating: "descend", count: 39)
        let complete = ["fault"] + Array(repeating: "descend", count: 38) + ["walk"]
        let (_, data) = try Self.page([Self.thread(1, ["poll", "main"]), Self.thread(2, cut, status: .truncated(limit: 40)), Self.thread(3, complete)])
        let names = try #require(data["names"] as? [String])
        let nodes = try #require(data["nodes"] as? [[Int]])
        #expect(nodes.map { names[$0[0]] } == ["all threads", "main", "poll", "descend", "fault", "walk", "descend", "fault"])
        let descend = nodes.filter { names[$0[0]] == "descend" }
        #expect(descend.map(\.count) == [6, 6])
        #expect(descend.map { $0[5] } == [39, 38])
        #expect(descend.map { $0[4] & 32 } == [32, 0])
    }
}
