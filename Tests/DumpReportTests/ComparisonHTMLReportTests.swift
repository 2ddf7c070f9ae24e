import Testing
import DumpAnalysis
import DumpModel
import DumpReport

/// The comparison page on cores built in code: a thread's CPU in its table row and chart, the
/// lock held in every core with its queue depth per core, stuck threads, the sections in
/// order, escaping of a hostile core path, and cores without CPU times.
@Suite struct ComparisonHTMLReportTests {
    @Test func cpuLocksAndStuckThreadsOfTwoCoresAreInTheirSections() throws {
        let html = Cores.render([
            Cores.sample("second.core", at: 1_000_000_002, holderUser: 2_500_000, extraTID: 9),
            Cores.sample("first.core", at: 1_000_000_000, holderUser: 1_000_000, extraTID: 8),
        ])
        let order = ["summary", "cores", "cpu", "stuck", "locks", "threads", "function-hits"]
        let positions = try order.map { id in try #require(html.range(of: "<section id=\"\(id)\">")?.lowerBound, "section \(id)") }
        #expect(positions == positions.sorted())
        #expect(html.contains("<body data-report=\"comparison\">"))
        #expect(!html.contains("id=\"flame-graph\""))

        let findings = try #require(Cores.section("summary", of: html))
        #expect(findings.contains("<article class=\"finding error\" data-kind=\"lock-held-across-cores\">"))
        #expect(findings.contains("<article class=\"finding warning\" data-kind=\"cpu-between-cores\">"))
        #expect(findings.contains("<strong>Recommendation:</strong>"))

        // Oldest first, with when each was written and the time between them.
        let cores = try #require(Cores.section("cores", of: html))
        #expect(cores.contains("<td class=\"number\">1</td><td class=\"mono\">first.core</td><td class=\"number\">1</td><td class=\"number\">5</td><td>2001-09-09T01:46:40.000Z</td><td class=\"number\"></td>"))
        #expect(cores.contains("<td class=\"mono\">second.core</td><td class=\"number\">1</td><td class=\"number\">5</td><td>2001-09-09T01:46:42.000Z</td><td class=\"number\">+2.00 s</td>"))

        // Thread 2 used 1.5 s in 2 s: 75 % of one CPU, in its row of both tables and as a bar
        // three quarters of the chart's width (one CPU is the full 520 pixels).
        let cpu = try #require(Cores.section("cpu", of: html))
        let row = "<tr><td>2</td><td>75%</td><td>75%</td><td>1.50 s</td><td>1.50 s (75%)</td><td>warm_up_model_cache</td></tr>"
        #expect(Cores.count(row, in: cpu) == 2)
        #expect(cpu.contains("<thead><tr><th>TID</th><th>avg % CPU</th><th>max % CPU</th><th>total</th><th>1→2</th><th>where</th></tr></thead>"))
        let chart = try #require(Cores.element("svg", id: "cpu-average-chart", of: html))
        #expect(chart.contains("<title>thread 2: 75% of one CPU on average, 75% in its busiest interval, 1.50 s in all, in warm_up_model_cache</title>"))
        #expect(chart.contains("<rect class=\"interval-0\" x=\"330\" y=\"29\" width=\"390\" height=\"16\"/><text class=\"value\" x=\"726\" y=\"41\">75%</text>"))
        #expect(Cores.element("svg", id: "cpu-max-chart", of: html) != nil)

        let locks = try #require(Cores.section("locks", of: html))
        #expect(locks.contains("<th>owner</th><th>core 1</th><th>core 2</th></tr></thead>"))
        #expect(locks.contains("<tr><td class=\"mono\">model_lock</td><td class=\"mono\">0x6000</td><td>thread 2</td><td class=\"number\">2</td><td class=\"number\">2</td></tr>"))
        let stuck = try #require(Cores.section("stuck", of: html))
        for tid in [3, 4] { #expect(stuck.contains("<tr><td>\(tid)</td><td>")) }
        #expect(stuck.contains("<td class=\"mono\">handle_request</td>"))
        #expect(!stuck.contains("<tr><td>2</td>"))
        let threads = try #require(Cores.section("threads", of: html))
        #expect(threads.contains("<dt>Appeared</dt><dd>1: 9</dd>"))
        #expect(threads.contains("<dt>Ended</dt><dd>1: 8</dd>"))
        let hits = try #require(Cores.section("function-hits", of: html))
        #expect(hits.contains("<tr><td class=\"number\">2</td><td class=\"mono\">warm_up_model_cache</td></tr>"))
    }

    @Test func aHostileCorePathIsEscaped() throws {
        let hostile = #"/tmp/<script>alert(1)</script>/"><img src=x onerror=alert(1)>.core"#
        let html = Cores.render([
            Cores.sample(hostile, at: 10, holderUser: 1_000_000),
            Cores.sample("/tmp/later.core", at: 12, holderUser: 2_000_000),
        ])
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(html.contains("/tmp/&lt;script&gt;alert(1)&lt;/script&gt;/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.core"))
        // Only the page's own two scripts: the error handler and the main script.
        #expect(Cores.count("<script", in: html) == 2)
        #expect(Cores.count("</script>", in: html) == 2)
    }

    @Test func coresWithoutCPUTimesSaySoInsteadOfShowingZeros() throws {
        let html = Cores.render([
            Cores.sample("gcore.1", at: 10, holderUser: 0, recordsCPU: false),
            Cores.sample("gcore.2", at: 12, holderUser: 0, recordsCPU: false),
        ])
        let cpu = try #require(Cores.section("cpu", of: html))
        #expect(cpu.contains("<p class=\"note\">CPU between the cores is unknown: at least one core records no CPU times (cores written by gcore, procdump or createdump carry none), so no thread&#39;s CPU is shown rather than zeros.</p>"))
        #expect(!cpu.contains("<table"))
        #expect(!cpu.contains("<svg"))
        #expect(!cpu.contains("0%"))
        #expect(html.contains("no CPU times recorded"))
        #expect(html.contains("data-kind=\"no-cpu-times\""))
    }

    @Test func unknownCaptureTimesGiveSecondsWithoutPercentages() throws {
        let html = Cores.render([
            Cores.sample("a.core", at: nil, holderUser: 1_000_000),
            Cores.sample("b.core", at: nil, holderUser: 1_400_000),
        ])
        let cpu = try #require(Cores.section("cpu", of: html))
        #expect(cpu.contains("The cores&#39; capture times are unknown, so CPU is given in seconds, not as % of one CPU."))
        #expect(cpu.contains("<tr><td>2</td><td>?</td><td>?</td><td>0.40 s</td><td>0.40 s</td><td>warm_up_model_cache</td></tr>"))
        #expect(!cpu.contains("<svg"))
        #expect(try #require(Cores.section("cores", of: html)).contains("<td>unknown</td><td class=\"number\">unknown</td>"))
    }
}

/// Cores of the warm-up scenario built in code, and helpers to take the page apart.
private enum Cores {
    /// A mutex at 0x6000 owned by thread 2 (`__owner` at +8, normal kind), and thread 1
    /// joining thread 2 (the joined thread's TID in the lock word at 0x9000).
    final class Memory: ProcessMemory {
        let words: [UInt64: UInt64] = [0x6000: 2, 0x6008: 2, 0x6010: 0, 0x9000: 2]
        func readWord(at address: UInt64, size: Int) -> UInt64? { size == 4 ? words[address] : nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    /// `model_lock` at 0x6000.
    final class Symbols: SymbolLookup {
        func symbol(containing address: UInt64) -> SymbolReference? {
            (0x6000..<0x6028).contains(address) ? SymbolReference(name: "model_lock", address: 0x6000, size: 40, offset: address - 0x6000) : nil
        }
        func address(ofSymbol name: String) -> UInt64? { name == "model_lock" ? 0x6000 : nil }
    }

    /// Thread 2 holds `model_lock` spinning in `warm_up_model_cache` with `holderUser` µs of
    /// user time (at a different instruction each time); threads 3 and 4 wait for it in
    /// `handle_request`; thread 1 joins thread 2; `extraTID`, when given, idles.
    static func sample(_ label: String, at time: Double?, holderUser: UInt64, extraTID: Int32? = nil, recordsCPU: Bool = true) -> CoreComparison.Sample {
        func thread(_ tid: Int32, _ functions: [String], user: UInt64 = 0, futex: UInt64? = nil) -> DumpModel.Thread {
            var thread = TextReportTests.thread(tid, main: tid == 1, frames: functions.enumerated().map {
                Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call, trust: .cfi, function: $0.element)
            }, user: user)
            thread.systemCall = futex.map { SystemCall(number: 202, name: "futex", arguments: [$0, 128, 2, 0, 0, 0]) }
            if !recordsCPU { thread.recordedCPUTime = .zero }
            return thread
        }
        var holder = thread(2, ["warm_up_model_cache", "bulk_insert", "start_thread"], user: holderUser)
        holder.frames[0].pc += holderUser % 7
        let waiting = ["__lll_lock_wait", "__pthread_mutex_lock", "handle_request", "request_worker", "start_thread"]
        var threads = [
            thread(1, ["__pthread_clockjoin_ex", "main"], user: holderUser, futex: 0x9000),
            holder, thread(3, waiting, futex: 0x6000), thread(4, waiting, futex: 0x6000),
        ]
        if let extraTID { threads.append(thread(extraTID, ["worker_loop", "start_thread"])) }
        var process = TextReportTests.process(threads: threads)
        process.pid = 1
        process.signal = nil
        process.signalledThreadTID = nil
        process.modules = []
        process.diagnostics = []
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: Memory(), symbols: Symbols()))
        return CoreComparison.Sample(label: label, captureTime: time, process: process, analysis: analysis)
    }

    static func render(_ samples: [CoreComparison.Sample]) -> String {
        ComparisonHTMLReport.render(CoreComparison.compare(samples), toolVersion: "9.9.9")
    }

    static func section(_ id: String, of html: String) -> String? { element("section", id: id, of: html) }

    /// The element `<tag id="…"` up to its first closing tag (the page nests neither sections
    /// nor SVGs).
    static func element(_ tag: String, id: String, of html: String) -> String? {
        guard let start = html.range(of: "<\(tag) id=\"\(id)\""),
              let end = html.range(of: "</\(tag)>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
