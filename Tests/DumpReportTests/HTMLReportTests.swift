import Foundation
import Testing
import DumpAnalysis
import DumpModel
import DumpReport

/// The HTML report on processes built in code: escaping of hostile strings, the sections and
/// their order, the wait-for graph of a convoy and of a deadlock, the flame graph's data
/// island, a core without CPU accounting, the crash section.
@Suite struct HTMLReportTests {
    // MARK: Escaping

    @Test func stringsFromTheCoreAreEscapedEverywhere() throws {
        let hostileFunction = "<script>alert(1)</script>"
        let hostileArguments = #"/srv/app/server --name "><img src=x onerror=alert(1)>"#
        var process = Model.process([
            Model.thread(1, [hostileFunction, "main"], cpu: 2_000_000),
            Model.thread(2, [hostileFunction, "worker", "start_thread"], cpu: 1_000_000),
        ], arguments: hostileArguments)
        process.modules = [Model.module(named: "/srv/<b>app</b>/server")]
        process.threads[1].frames[0].moduleIndex = 0
        process.threads[1].frames[0].moduleOffset = 0x10
        process.signal = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil)
        process.signalledThreadTID = 2
        process.diagnostics = [.warning("cannot find /srv/<b>app</b>/server's debug file 'x'")]
        let html = Model.render(process)

        #expect(!html.contains(hostileFunction))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("--name &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("/srv/&lt;b&gt;app&lt;/b&gt;/server&#39;s debug file &#39;x&#39;"))
        // The crash section, the findings and the SVG titles name the function too, escaped.
        let crash = try #require(Model.section("crash", of: html))
        #expect(crash.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let findings = try #require(Model.section("summary", of: html))
        #expect(findings.contains("NULL pointer dereference in <code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"))
        #expect(try #require(Model.section("cpu", of: html)).contains("<title>thread 2: user 1.00 s, system 0.00 s, in &lt;script&gt;"))

        // Four scripts (error handler, data island, cross-links, main), each closed once: the island did
        // not end early, and it still decodes to the hostile name.
        #expect(html.components(separatedBy: "<script").count - 1 == 4)
        #expect(html.components(separatedBy: "</script>").count - 1 == 4)
        let island = try #require(Model.flameIsland(of: html))
        #expect(!island.lowercased().contains("</script"))
        #expect(!island.contains("<"))
        let names = try #require(try Model.flameData(of: html)["names"] as? [String])
        #expect(names.contains(hostileFunction))
    }

    // MARK: Sections

    @Test func lockConvoyHasEverySectionInOrderWithHolderTableAndGraph() throws {
        let html = Model.convoy().html
        let order = ["summary", "dump-information", "cpu", "locks", "thread-states", "memory", "hot-methods", "flame", "stacks", "modules", "diagnostics"]
        let positions = try order.map { id in try #require(html.range(of: "<section id=\"\(id)\">")?.lowerBound, "section \(id)") }
        #expect(positions == positions.sorted())
        #expect(!html.contains("<section id=\"crash\">"))
        #expect(html.contains("<div id=\"findings\">"))
        // The pools table names the lock its threads block on as code, as the findings do.
        #expect(html.contains("<td class=\"number\">4 (4 on <code>report_lock</code>)</td>"))

        let findings = try #require(Model.section("summary", of: html))
        #expect(findings.contains("<article class=\"finding error\" data-kind=\"lock-held-while-running\">"))
        // The TID is linked; the count 4, though thread 4 is one of the finding's threads, is not.
        #expect(findings.contains("Thread <a class=\"tid\" href=\"#thread-2\">2</a> holds <code>report_lock</code> while running <code>compute_report</code>; 4 threads wait"))
        let signature = try #require(findings.range(of: "<p class=\"signature\" data-kind=\"hang\">Signature: <code>hang ")
            .map { String(findings[$0.lowerBound...].prefix { $0 != "\n" }) })
        #expect(signature.hasSuffix("</code> lock held while running compute_report; waiters in handle_request</p>"))

        let locks = try #require(Model.section("locks", of: html))
        #expect(locks.contains("<td class=\"mono\">report_lock</td><td>mutex</td><td class=\"mono\">0x6000</td><td>thread <a class=\"tid\" href=\"#thread-2\">2</a></td><td>running, CPU 3.00 s</td><td class=\"mono\">compute_report</td><td class=\"number\">4</td><td class=\"tids\"><a class=\"tid\" href=\"#thread-3\">3</a> <a class=\"tid\" href=\"#thread-4\">4</a> <a class=\"tid\" href=\"#thread-5\">5</a> <a class=\"tid\" href=\"#thread-6\">6</a></td>"))
        let graph = try #require(Model.element("svg", id: "wait-graph", of: html))
        // The holder, who waits for nothing, is the chain root; each thread links to its stack.
        #expect(graph.contains("<a href=\"#thread-2\"><g class=\"wg-node thread root\" data-tid=\"2\">"))
        for tid in 3...6 { #expect(graph.contains("<a href=\"#thread-\(tid)\"><g class=\"wg-node thread\" data-tid=\"\(tid)\">")) }
        #expect(graph.contains("<g class=\"wg-node lock\" data-lock=\"0\"><title>report_lock: mutex at 0x6000, queue depth 4, held by thread 2</title>"))
        #expect(Model.count("<path class=\"wg-edge\"", in: graph) == 5)
        #expect(!graph.contains("wg-edge cycle") && !graph.contains("wg-node thread cycle"))
    }

    @Test func deadlockCycleIsHighlighted() throws {
        let memory = Model.Memory()
        memory.mutex(at: 0x6000, owner: 3)
        memory.mutex(at: 0x7000, owner: 2)
        let process = Model.process([
            Model.thread(1, ["main"]),
            Model.thread(2, Model.lockWait + ["transfer", "worker"], futex: 0x6000),
            Model.thread(3, Model.lockWait + ["audit", "worker"], futex: 0x7000),
        ])
        let html = Model.render(process, memory: memory)
        let graph = try #require(Model.element("svg", id: "wait-graph", of: html))
        #expect(graph.contains("<g class=\"wg-node thread cycle\" data-tid=\"2\">"))
        #expect(graph.contains("<g class=\"wg-node thread cycle\" data-tid=\"3\">"))
        #expect(Model.count("<g class=\"wg-node lock cycle\"", in: graph) == 2)
        // Three edges of the opened cycle and the one that closes it.
        #expect(Model.count("<path class=\"wg-edge cycle\"", in: graph) == 4)
        let locks = try #require(Model.section("locks", of: html))
        #expect(Model.count("<tr class=\"cycle\" id=\"lock-", in: locks) == 2)
        // Names quoted in the owners' states and the cycle's words are code, never backticks.
        #expect(!locks.contains("`"))
        #expect(locks.contains("<td>waiting for mutex <code>"))
        #expect(locks.contains("<li class=\"cycle\">Deadlock: <a class=\"tid\" href=\"#thread-2\">2</a> waits for <code>0x6000 (passed by transfer)</code>, held by <a class=\"tid\" href=\"#thread-3\">3</a>; <a class=\"tid\" href=\"#thread-3\">3</a> waits for <code>0x7000 (passed by audit)</code>, held by <a class=\"tid\" href=\"#thread-2\">2</a></li>"))
        #expect(try #require(Model.section("summary", of: html)).contains("<article class=\"finding error\" data-kind=\"deadlock\">"))
    }

    @Test func largeWaitGraphIsCutButTheTableIsComplete() throws {
        let memory = Model.Memory()
        var threads = [Model.thread(1, ["main"])]
        for lock in 0..<40 {
            let address = UInt64(0x10000 + lock * 0x100), owner = Int32(1000 + lock)
            memory.mutex(at: address, owner: UInt32(owner))
            threads.append(Model.thread(owner, ["compute", "worker"], cpu: 10_000))
            for waiter in 0..<(lock == 0 ? 50 : 2) {
                threads.append(Model.thread(Int32(2000 + lock * 100 + waiter), Model.lockWait + ["handle", "worker"], futex: address))
            }
        }
        let html = Model.render(Model.process(threads), memory: memory)
        let graph = try #require(Model.element("svg", id: "wait-graph", of: html))
        #expect(Model.count("<g class=\"wg-node", in: graph) <= 60)
        #expect(graph.contains("+46 threads waiting"))
        let locks = try #require(Model.section("locks", of: html))
        #expect(Model.count("<tr id=\"lock-", in: locks) == 40)
        // The lock of 50 waiters draws 4 and folds 46; the next 13 locks are drawn whole with
        // their owners and 2 waiters each, and the 26 after them not at all.
        #expect(locks.contains("<p class=\"note wg-cut\">Drawn: 14 of 40 locks and 44 of 168 threads. 46 more threads wait on a drawn lock, counted in the “+46 threads waiting” box. 26 locks and 78 other threads are not drawn, to keep the drawing to 60 boxes."))
        // Fourteen owners are chain roots: the note names eight.
        #expect(Model.count("wg-node thread root", in: graph) == 14)
        #expect(locks.contains("<a class=\"tid\" href=\"#thread-1007\">1007</a> and 6 more, which hold what the others wait for"))
        #expect(locks.contains("<details><summary>and 30 more</summary>"))
    }

    // MARK: CPU and flame graph

    @Test func flameGraphIslandParsesAndItsRootCountsEveryThread() throws {
        let (process, html) = Model.convoy()
        let data = try Model.flameData(of: html)
        let names = try #require(data["names"] as? [String])
        let nodes = try #require(data["nodes"] as? [[Int]])
        #expect(data["format"] as? Int == 2)
        #expect(data["cpu"] as? Bool == true)
        #expect(names[nodes[0][0]] == "all threads")
        #expect(nodes[0][1] == process.threads.count)
        #expect(nodes[0][2] == 6_000_000)
        // Preorder with child counts: every node but the root is somebody's child.
        #expect(nodes.reduce(0) { $0 + $1[3] } == nodes.count - 1)
        // Flag 1: a runtime frame.
        let runtime = Set(nodes.filter { $0[4] & 1 != 0 }.map { names[$0[0]] })
        #expect(runtime == ["__lll_lock_wait", "__pthread_mutex_lock", "start_thread"])
        #expect(html.contains("<svg id=\"flame-graph\""))
        // A lock convoy is a hang: the page opens on the thread count, the holder outlined.
        #expect(html.contains("<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"false\">CPU time</button>"))
        #expect(html.contains("<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"true\">Thread count</button>"))
        #expect(data["view"] as? String == "threads")
        let focus = try #require(data["focus"] as? [String: Any])
        #expect(focus["finding"] as? String == "lock-held-while-running")
        #expect((focus["tids"] as? [Int])?.first == 2)
        // Flag 4: the finding's first thread passes through the node.
        #expect(nodes.filter { $0[4] & 4 != 0 }.map { names[$0[0]] } == ["all threads", "start_thread", "worker", "compute_report"])
        #expect(html.contains("document.body.dataset.jsReady = \"true\""))
        #expect(html.contains("window.onerror"))
        #expect(html.contains("<pre id=\"js-errors\"></pre>"))
    }

    @Test func runawayChartShowsTheTopTwentyAndTheTableEveryBusyThread() throws {
        let threads = [Model.thread(1, ["main"], cpu: 100_000_000)] + (2...30).map { Model.thread(Int32($0), ["spin", "worker"], cpu: UInt64($0) * 100_000) }
        let html = Model.render(Model.process(threads))
        let chart = try #require(Model.element("svg", id: "cpu-chart", of: html))
        #expect(Model.count("<g><title>", in: chart) == 20)
        #expect(chart.contains("<title>thread 30: user 3.00 s, system 0.00 s, in spin</title>"))
        let cpu = try #require(Model.section("cpu", of: html))
        #expect(Model.count("<tr><td>", in: cpu) == 30)
        #expect(cpu.contains("<tr><td><a class=\"tid\" href=\"#thread-1\">1</a><td>"))
        #expect(cpu.contains(" (main thread: total minus others)\n"))
    }

    /// A label longer than the space left of the bars is shortened to what fits there (46
    /// characters of the monospace font), not drawn past the chart's left edge.
    @Test func chartLabelsFitLeftOfTheBars() throws {
        let function = "a_function_name_long_enough_to_run_past_the_left_edge_of_the_chart"
        let html = Model.render(Model.process([Model.thread(1, ["main"], cpu: 4_000_000), Model.thread(2, [function, "worker"], cpu: 2_000_000)]))
        let chart = try #require(Model.element("svg", id: "cpu-chart", of: html))
        let labels = chart.components(separatedBy: "<text class=\"label\"").dropFirst().compactMap { part -> String? in
            guard let start = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { return nil }
            return String(part[part.index(after: start)..<end.lowerBound])
        }
        #expect(labels.count == 2)
        #expect(labels.allSatisfy { $0.count <= 46 }, "\(labels)")
        #expect(labels.filter { $0.hasSuffix("…") }.count == 1, "\(labels)")
    }

    @Test func coreWithoutAccountingExplainsItAndDisablesTheCPUView() throws {
        let html = Model.render(Model.process([Model.thread(1, ["main"]), Model.thread(2, ["poll_events", "worker"])]))
        let cpu = try #require(Model.section("cpu", of: html))
        let kernelSaid = "The core records zero CPU time for every thread: each used less than a clock tick (10 ms)."
        #expect(cpu.contains("<p class=\"note\">" + kernelSaid + "</p>"))
        #expect(!html.contains("id=\"cpu-chart\""))
        let flame = try #require(Model.section("flame", of: html))
        #expect(flame.contains("<button type=\"button\" id=\"flame-view-cpu\" aria-pressed=\"false\" disabled"))
        #expect(flame.contains("<button type=\"button\" id=\"flame-view-threads\" aria-pressed=\"true\">"))
        #expect(flame.contains("The CPU view is disabled: " + kernelSaid))
        #expect(try Model.flameData(of: html)["cpu"] as? Bool == false)
    }

    @Test func toolCoreShowsUnknownCPUAsADash() throws {
        var process = Model.process([Model.thread(1, ["main"]), Model.thread(2, ["poll_events", "worker"])])
        process.producer = .tool
        let html = Model.render(process)
        let cpu = try #require(Model.section("cpu", of: html))
        #expect(cpu.contains("<p class=\"note\">CPU time per thread is unknown: cores written by gcore, procdump, createdump or qemu record none.</p>"))
        let hot = try #require(Model.section("hot-methods", of: html))
        #expect(hot.contains("<td class=\"number\">—</td><td class=\"number\">—</td></tr>"))
        #expect(!hot.contains("0.00 s"))
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: Model.Memory(), symbols: Model.Symbols()))
        let text = AnalysisTextReport.render(process, analysis: analysis)
        #expect(text.contains("\n  CPU time per thread is unknown: cores written by gcore, procdump, createdump or qemu record none.\n"))
    }

    @Test func negligibleCPUIsInMillisecondsWithoutABarOrShares() throws {
        // The main thread records the process total, 4 ms; thread 2 used 3 ms of it.
        let process = Model.process([Model.thread(1, ["main"], cpu: 4_000), Model.thread(2, ["spin", "worker"], cpu: 3_000)])
        let html = Model.render(process)
        let cpu = try #require(Model.section("cpu", of: html))
        #expect(!html.contains("id=\"cpu-chart\""))
        #expect(cpu.contains("<p>Process total 4 ms (user 4 ms, system 0.00 s; all threads, including ended ones).</p>\n"
            + "<p class=\"note\">Less than a clock tick (10 ms) in all: too little to rank threads by, so no shares are shown.</p>\n"))
        #expect(cpu.contains("<tr><td><a class=\"tid\" href=\"#thread-2\">2</a><td>3 ms<td>0.00 s<td>3 ms<td>—<td>"))
        #expect(cpu.contains("<tr><td><a class=\"tid\" href=\"#thread-1\">1</a><td>1 ms<td>0.00 s<td>1 ms<td>—<td>"))

        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: Model.Memory(), symbols: Model.Symbols()))
        let text = AnalysisTextReport.render(process, analysis: analysis)
        #expect(text.contains("""
            CPU time by thread (runaway)
              process total 4 ms (user 4 ms, system 0.00 s; all threads, including ended ones)
              Less than a clock tick (10 ms) in all: too little to rank threads by, so no shares are shown.
              TID      user      system    total     share  where
              2        3 ms      0.00 s    3 ms      —
            """))
    }

    @Test func aRankableTotalStillHasItsChartAndShares() throws {
        let process = Model.process([Model.thread(1, ["main"], cpu: 40_000), Model.thread(2, ["spin", "worker"], cpu: 30_000)])
        let html = Model.render(process)
        let chart = try #require(Model.element("svg", id: "cpu-chart", of: html))
        #expect(chart.contains(">0.03 s (75%)</text>"))
        #expect(chart.contains(">0.01 s (25%)</text>"))
    }

    // MARK: Crash and stacks

    @Test func crashSectionOnlyWithACrash() throws {
        var process = Model.process([Model.thread(1, ["main"]), Model.thread(2, ["parse_order", "worker"])])
        #expect(!Model.render(process).contains("id=\"crash\""))
        process.signal = SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x18, senderPID: nil, senderUID: nil)
        process.signalledThreadTID = 2
        process.threads[1].registers = RegisterSet(
            registers: [.init(name: "rax", value: 0), .init(name: "rip", value: 0x401000), .init(name: "rsp", value: 0x7ffe_0000_1000)],
            programCounterName: "rip", stackPointerName: "rsp")
        let html = Model.render(process)
        let crash = try #require(Model.section("crash", of: html))
        #expect(html.range(of: "<section id=\"dump-information\">")!.lowerBound < html.range(of: "<section id=\"crash\">")!.lowerBound)
        #expect(html.range(of: "<section id=\"crash\">")!.lowerBound < html.range(of: "<section id=\"cpu\">")!.lowerBound)
        #expect(crash.contains("<dt>Signal</dt><dd>SIGSEGV (11), SEGV_MAPERR: address not mapped</dd>"))
        #expect(crash.contains("<dt>Fault address</dt><dd class=\"mono\">0x18</dd>"))
        #expect(crash.contains("<dt>Faulting thread</dt><dd><a class=\"tid\" href=\"#thread-2\">2</a></dd>"))
        #expect(crash.contains("<dt>Application frame</dt><dd class=\"mono\">parse_order</dd>"))
        #expect(crash.contains("<th>rip</th><td class=\"address\">0x0000000000401000</td>"))
        #expect(html.contains("<nav><a href=\"#summary\">Summary</a><a href=\"#dump-information\">Dump</a><a href=\"#crash\">Crash</a>"))
    }

    @Test func identicalStacksAreOneGroupWithTheirFrames() throws {
        let process = Model.process([Model.thread(1, ["main"])] + (2...4).map { Model.thread(Int32($0), ["poll_events", "worker"]) })
        let stacks = try #require(Model.section("stacks", of: Model.render(process)))
        #expect(stacks.contains("<h2>Threads (4 threads, 2 distinct stacks)</h2>"))
        #expect(Model.count("<details class=\"stack\">", in: stacks) == 2)
        #expect(stacks.contains("<summary><span class=\"count\">3 threads</span> <span class=\"state\">running</span> <code>poll_events</code> <span class=\"tids\">TID <span id=\"thread-2\">2</span>, <span id=\"thread-3\">3</span>, <span id=\"thread-4\">4</span></span></summary>"))
        #expect(stacks.contains("<tr><td>0<td>0x0000000000401000<td>poll_events<td><td><td>context\n<tr><td>1<td>0x0000000000401010<td>worker<td><td><td>cfi\n"))
    }

    // MARK: Thread names and the capture record

    @Test func threadNamesAndTheCaptureAreShownAndEscaped() throws {
        var process = Model.process([
            Model.thread(1, ["main"], cpu: 3_000_000),
            Model.thread(2, ["compute_report", "worker"], cpu: 2_000_000),
            Model.thread(3, ["compute_report", "worker"], cpu: 1_000_000),
        ])
        process.threads[0].name = "server"
        process.threads[1].name = "<b>w</b>"
        process.producer = .analyzeDump
        process.capture = CaptureNote(
            captureTimeNanoseconds: 1_795_342_500_123_456_789, stoppedNanoseconds: 9_449_999, trigger: "<i>now</i>",
            threads: [.init(tid: 1, name: "server"), .init(tid: 2, name: "<b>w</b>")])
        let html = Model.render(process)
        #expect(!html.contains("<b>w</b>"))
        #expect(!html.contains("<i>now"))
        let dump = try #require(Model.section("dump-information", of: html))
        #expect(dump.contains("<dt>Core written by</dt><dd>analyze-dump capture at 2026-11-22T10:15:00.123Z, trigger &quot;&lt;i&gt;now&lt;/i&gt;&quot;, process stopped 9.4 ms</dd>"))
        #expect(html.contains(" · core written by analyze-dump capture · "))
        let stacks = try #require(Model.section("stacks", of: html))
        #expect(stacks.contains("<span class=\"tids\">TID <span id=\"thread-2\">2 &quot;&lt;b&gt;w&lt;/b&gt;&quot;</span>, <span id=\"thread-3\">3</span></span>"))
        #expect(stacks.contains("<span class=\"tids\">TID <span id=\"thread-1\">1 &quot;server&quot;</span></span>"))
        let cpu = try #require(Model.section("cpu", of: html))
        #expect(cpu.contains("<thead><tr><th>TID</th><th>name</th><th>user</th>"))
        #expect(cpu.contains("<tr><td><a class=\"tid\" href=\"#thread-2\">2</a><td class=\"name\">&lt;b&gt;w&lt;/b&gt;<td>2.00 s"))
        #expect(cpu.contains("<tr><td><a class=\"tid\" href=\"#thread-3\">3</a><td class=\"name\"><td>1.00 s"))
        #expect(cpu.contains("<title>thread 2 &quot;&lt;b&gt;w&lt;/b&gt;&quot;: user 2.00 s"))
    }

    @Test func kernelCoresHaveNoNameColumnAndSayWhoWroteThem() throws {
        let html = Model.convoy().html
        #expect(try #require(Model.section("dump-information", of: html)).contains("<dt>Core written by</dt><dd>the kernel</dd>"))
        let cpu = try #require(Model.section("cpu", of: html))
        #expect(cpu.contains("<thead><tr><th>TID</th><th>user</th>"))
        #expect(!cpu.contains("class=\"name\""))
    }
}

/// Processes built in code for the HTML report's tests.
enum Model {
    /// 32-bit words of process memory; every other address is not in the core.
    final class Memory: ProcessMemory {
        var words: [UInt64: UInt32] = [:]
        func readWord(at address: UInt64, size: Int) -> UInt64? { size == 4 ? words[address].map(UInt64.init) : nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }

        /// A locked glibc mutex on x86_64: its lock word, `__owner` and `__kind` (normal).
        func mutex(at address: UInt64, owner: UInt32) {
            words[address] = 2
            words[address + 8] = owner
            words[address + 16] = 0
        }
    }

    /// Data symbols by their exact address: the analysis names a lock by the symbol it
    /// starts.
    final class Symbols: SymbolLookup {
        var names: [UInt64: String] = [:]
        func symbol(containing address: UInt64) -> SymbolReference? {
            names[address].map { SymbolReference(name: $0, address: address, size: 40, offset: 0) }
        }
        func address(ofSymbol name: String) -> UInt64? { names.first { $0.value == name }?.key }
    }

    /// The C library's frames of a thread blocked in `pthread_mutex_lock`.
    static let lockWait = ["__lll_lock_wait", "__pthread_mutex_lock"]

    /// A thread whose stack is `functions`, innermost first; in a futex wait on `futex` when
    /// given, with `cpu` microseconds of user time.
    static func thread(_ tid: Int32, _ functions: [String], futex: UInt64? = nil, cpu: UInt64 = 0) -> DumpModel.Thread {
        Thread(
            tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: cpu, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: functions.enumerated().map {
                Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call,
                      trust: $0.offset == 0 ? .context : .cfi, function: $0.element)
            },
            unwindStatus: .complete,
            systemCall: futex.map { SystemCall(number: 202, name: "futex", arguments: [$0, 128, 2, 0, 0, 0]) })
    }

    static func module(named name: String) -> Module {
        Module(name: name, startAddress: 0x40_0000, endAddress: 0x50_0000, buildID: "ab12", filePath: name, debugFilePath: nil, symbolStatus: .debugInfo)
    }

    static func process(_ threads: [DumpModel.Thread], arguments: String = "/srv/app/server --port 80") -> DumpModel.Process {
        DumpModel.Process(
            pid: 1, architecture: .x86_64, producer: .kernel,
            status: ProcessStatus(command: "server", arguments: arguments, state: "S", nice: 0, flags: 0,
                                  uid: 1000, gid: 1000, parentPID: 1, processGroupID: 1, sessionID: 1),
            signal: nil, signalledThreadTID: nil, threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [],
            diagnostics: [])
    }

    /// Thread 2 holds `report_lock` while computing; threads 3 to 6 wait on it. The process
    /// and its report.
    static func convoy() -> (process: DumpModel.Process, html: String) {
        let process = process([
            thread(1, ["main"], cpu: 6_000_000),
            thread(2, ["compute_report", "worker", "start_thread"], cpu: 3_000_000),
        ] + (3...6).map { thread(Int32($0), lockWait + ["handle_request", "worker", "start_thread"], futex: 0x6000) })
        let memory = Memory()
        memory.mutex(at: 0x6000, owner: 2)
        let symbols = Symbols()
        symbols.names = [0x6000: "report_lock"]
        return (process, render(process, memory: memory, symbols: symbols))
    }

    static func render(_ process: DumpModel.Process, memory: Memory = Memory(), symbols: Symbols = Symbols()) -> String {
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: memory, symbols: symbols))
        return HTMLReport.render(process, analysis: analysis, toolVersion: "9.9.9")
    }

    /// The `<section id="…">` element.
    static func section(_ id: String, of html: String) -> String? {
        element("section", id: id, of: html)
    }

    /// The element `<tag id="…"` up to its first closing tag (the report nests neither
    /// sections nor SVGs).
    static func element(_ tag: String, id: String, of html: String) -> String? {
        guard let start = html.range(of: "<\(tag) id=\"\(id)\""),
              let end = html.range(of: "</\(tag)>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The flame graph's JSON data island, as it is in the page.
    static func flameIsland(of html: String) -> String? {
        guard let start = html.range(of: "<script type=\"application/json\" id=\"flame-data\">"),
              let end = html.range(of: "</script>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    static func flameData(of html: String) throws -> [String: Any] {
        let island = try #require(flameIsland(of: html))
        return try #require(try JSONSerialization.jsonObject(with: Data(island.utf8)) as? [String: Any])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
