import Foundation
import Testing
import FixtureSupport

/// `analyze-dump compare` on two cores of one live process written by gcore a second apart.
@Suite struct CompareCommandTests {
    @Test func twoGcoreCoresOfOneProcessAreMatchedAndSayTheyHaveNoCPUTimes() throws {
        let program = try ScenarioProgram("live-wait", directoryName: "compare-gcore")
        let directory = program.directory
        let running = try ReadyProgram(program.executable)
        defer { running.kill() }
        let pid = String(running.processIdentifier)
        try Command.run("/usr/bin/env", ["gcore", "-o", directory + "/first", pid])
        Thread.sleep(forTimeInterval: 1.1)
        try Command.run("/usr/bin/env", ["gcore", "-o", directory + "/second", pid])
        let first = directory + "/first." + pid, second = directory + "/second." + pid

        // Given newest first: the report orders the cores by when they were written.
        let text = try AnalyzeDumpBinary.run(["compare", second, first])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("[information] The cores record no CPU times: CPU between them is unknown"))
        // The second line ends in the time between the writes ("+1.12 s"): at least the 1.1 s
        // slept, more when the machine is loaded, so only its form is fixed here.
        let listing = "  1. \(first): pid \(pid), 4 threads\n  2. \(second): pid \(pid), 4 threads, +"
        let offset = try #require(text.standardOutput.range(of: listing), "\(text.standardOutput)")
        let interval = text.standardOutput[offset.upperBound...].prefix { $0 != "\n" }
        #expect(interval.wholeMatch(of: /[1-9][0-9]*\.[0-9]{2} s/) != nil, "interval \(interval)")
        #expect(text.standardOutput.contains("Threads appeared: none\nThreads ended: none"))
        #expect(!text.standardOutput.contains("different processes"))

        let json = try AnalyzeDumpBinary.run(["compare", "--format", "json", first, second])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["kind"] as? String == "comparison")
        #expect(document["has_cpu_accounting"] as? Bool == false)
        #expect((document["cores"] as? [[String: Any]])?.map { $0["path"] as? String } == [first, second])
        let seconds = try #require((document["interval_seconds"] as? [Double])?.first)
        #expect(seconds > 1.0 && seconds < 30)
    }

    /// The warm-up fixture's core twice, the copy written 5 s later: the page shows the cores
    /// 5 s apart, `model_lock` held by the same thread with 8 waiters in both, and no CPU
    /// used between them; `--json` and `--html` write their files beside the text report.
    @Test func formatHTMLShowsTheLockHeldInBothFixtureCores() throws {
        let fixture = Fixture("warmup-lock")
        let directory = try Scratch.makeDirectory(named: "compare-html")
        let (first, second) = try CoreCopies.make(of: fixture.compressedCorePath, in: directory)
        let executable = try fixture.executablePath
        let owner = try fixture.tid("model_lock_owner_tid")
        let address = try fixture.address("model_lock_address")
        let waiters = try #require(fixture.intFact("waiter_count"))

        let html = try AnalyzeDumpBinary.run(["compare", "--format", "html", "--exe", executable, second, first])
        #expect(html.status == 0, "\(html.standardError)")
        let page = html.standardOutput
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<body data-report=\"comparison\">"))
        #expect(page.contains("<tr><td class=\"mono\">model_lock</td><td class=\"mono\">0x\(String(address, radix: 16))</td><td>thread \(owner)</td><td class=\"number\">\(waiters)</td><td class=\"number\">\(waiters)</td></tr>"))
        #expect(page.contains("<td class=\"mono\">\(second)</td><td class=\"number\">\(fixture.facts["pid"] ?? "?")</td><td class=\"number\">10</td><td>2027-01-15T08:00:05.000Z</td><td class=\"number\">+5.00 s</td>"))
        #expect(page.contains("<p>No thread used CPU time between the cores.</p>"))
        #expect(page.contains("data-kind=\"lock-held-across-cores\""))

        let json = directory + "/compare.json", htmlFile = directory + "/compare.html"
        let text = try AnalyzeDumpBinary.run(["compare", "--exe", executable, "--json", json, "--html", htmlFile, first, second])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.hasPrefix("analyze-dump compare: 2 cores"))
        #expect(try String(contentsOfFile: htmlFile, encoding: .utf8) == page)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(document["kind"] as? String == "comparison")
    }

    /// Two kernel-written cores: the warmup-lock core, and a copy whose `NT_PRSTATUS` says the
    /// holder (and so the process total in the leader's note) used 3 s more user time, written
    /// 5 s later. The CPU between them comes from the notes, to the microsecond.
    @Test func kernelCoresGiveCPUBetweenThemFromTheirStatusNotes() throws {
        let fixture = Fixture("warmup-lock")
        let directory = try Scratch.makeDirectory(named: "compare-kernel")
        let holder = try fixture.tid("model_lock_owner_tid")
        let leader = try fixture.tid("main_tid")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try fixture.plainCorePath)))
        var patched = Set<Int32>()
        // Each NT_PRSTATUS: namesz 5, descsz 336, type 1, "CORE", then pr_pid at 32 and
        // pr_utime.tv_sec at 48 of the descriptor.
        let header: [UInt8] = [5, 0, 0, 0, 0x50, 1, 0, 0, 1, 0, 0, 0] + Array("CORE".utf8) + [0, 0, 0, 0]
        var offset = 0
        while offset + header.count + 336 <= bytes.count, patched.count < 2 {
            defer { offset += 4 }
            guard bytes[offset..<offset + header.count].elementsEqual(header) else { continue }
            let descriptor = offset + header.count
            let pid = bytes[descriptor + 32..<descriptor + 36].reversed().reduce(Int32(0)) { $0 << 8 | Int32($1) }
            guard pid == holder || pid == leader else { continue }
            bytes[descriptor + 48] += 3
            patched.insert(pid)
        }
        #expect(patched == [holder, leader])
        let first = directory + "/first.core", second = directory + "/second.core"
        try FileManager.default.copyItem(atPath: try fixture.plainCorePath, toPath: first)
        try Data(bytes).write(to: URL(fileURLWithPath: second))
        let written = Date(timeIntervalSince1970: 1_800_000_000)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: first)
        try FileManager.default.setAttributes([.modificationDate: written.addingTimeInterval(5)], ofItemAtPath: second)

        let result = try AnalyzeDumpBinary.run(["compare", "--format", "json", "--exe", try fixture.executablePath, first, second])
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["has_cpu_accounting"] as? Bool == true)
        let threads = try #require(document["threads"] as? [[String: Any]])
        #expect(threads.first?["tid"] as? Int == Int(holder))
        #expect(threads.first?["intervals_us"] as? [Int] == [3_000_000])
        #expect(threads.first?["average_percent"] as? Double == 60)
        // The leader's own time is the total minus the others: unchanged.
        #expect(threads.first { $0["tid"] as? Int == Int(leader) }?["total_us"] as? Int == 0)
        let findings = try #require(document["findings"] as? [[String: Any]])
        let burned = try #require(findings.first { $0["kind"] as? String == "cpu-between-cores" })
        #expect(burned["description"] as? String == "Thread \(holder) used 3.00 s (60 % of one CPU on average, 60 % at most) in warm_up_model_cache (warmup-lock.c:39), called from bulk_insert.")
        // The same memory in both: 188 KiB of heap (.bss and the brk heap), which did not grow.
        #expect((document["cores"] as? [[String: Any]])?.map { $0["heap_bytes"] as? Int } == [192_512, 192_512])
        #expect(!findings.contains { $0["kind"] as? String == "memory-growth" })
    }

    /// Cores of two programs are refused, saying what differs and the flag; with the flag
    /// they are compared and the report says they differ.
    @Test func coresOfDifferentProcessesNeedAllowDifferent() throws {
        let warmup = Fixture("warmup-lock"), deadlock = Fixture("deadlock")
        let refused = try AnalyzeDumpBinary.run(["compare", warmup.compressedCorePath, deadlock.compressedCorePath])
        #expect(refused.status == 64)
        #expect(refused.standardOutput.isEmpty)
        let differences = "pids \(warmup.facts["pid"] ?? "?"), \(deadlock.facts["pid"] ?? "?") and executables warmup-lock, deadlock"
        #expect(refused.standardError.hasPrefix("Error: the cores are of different processes (\(differences)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("): give --allow-different to compare them anyway\nUsage: analyze-dump compare <cores> ..."), "\(refused.standardError)")

        let allowed = try AnalyzeDumpBinary.run(["compare", "--allow-different", "--format", "json", warmup.compressedCorePath, deadlock.compressedCorePath])
        // 1: the cores' programs were not given (--exe), so their stacks are incomplete.
        #expect(allowed.status == 1, "\(allowed.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(allowed.standardOutput.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let different = try #require(findings.first { $0["kind"] as? String == "different-processes" })
        // The report orders the cores by when they were written: the deadlock core first.
        let reordered = "pids \(deadlock.facts["pid"] ?? "?"), \(warmup.facts["pid"] ?? "?") and executables deadlock, warmup-lock"
        #expect((different["title"] as? String)?.hasPrefix("The cores are of different processes (\(reordered)") == true, "\(different)")
    }

    /// `--fail-on`: the lock held in both copies is an error, so `--fail-on error` and
    /// `--fail-on warning` exit 3 after writing the report; without it the status is 0.
    @Test func failOnExitsThreeWhenAFindingReachesTheSeverity() throws {
        let fixture = Fixture("warmup-lock")
        let executable = try fixture.executablePath
        for severity in ["error", "warning"] {
            let result = try AnalyzeDumpBinary.run(["compare", "--fail-on", severity, "--exe", executable, fixture.compressedCorePath, fixture.compressedCorePath])
            #expect(result.status == 3, "\(result.standardError)")
            #expect(result.standardOutput.contains("[error] `model_lock` was held by thread \(try fixture.tid("model_lock_owner_tid")) in both cores, with \(fixture.intFact("waiter_count") ?? 0) threads waiting\n"), "\(result.standardOutput)")
        }
        let plain = try AnalyzeDumpBinary.run(["compare", "--exe", executable, fixture.compressedCorePath, fixture.compressedCorePath])
        #expect(plain.status == 0, "\(plain.standardError)")
    }

    /// The formats of one core are not offered: the parser refuses them and lists what compare takes.
    @Test func markdownAndOnelineAreNotCompareFormats() throws {
        let fixture = Fixture("warmup-lock")
        for format in ["markdown", "oneline"] {
            let result = try AnalyzeDumpBinary.run(["compare", "--format", format, fixture.compressedCorePath, fixture.compressedCorePath])
            #expect(result.status == 64)
            #expect(result.standardError.hasPrefix("Error: The value '\(format)' is invalid for '--format <text|json|html>'"), "\(result.standardError)")
        }
        let help = try AnalyzeDumpBinary.run(["compare", "--help"])
        #expect(help.standardOutput.contains("--format <text|json|html>"))
        #expect(!help.standardOutput.contains("markdown"))
    }

    @Test func oneCoreIsAUsageError() throws {
        let fixture = Fixture("warmup-lock")
        let result = try AnalyzeDumpBinary.run(["compare", fixture.compressedCorePath])
        #expect(result.status == 64)
        #expect(result.standardError.contains("compare needs at least two cores"))
    }
}
