import Testing
import FixtureSupport

/// How CPU times read in the text and HTML reports of fixtures: milliseconds below 10 ms, no
/// shares or full bar for a process total under a clock tick, and why a core has no times.
@Suite struct CPUTimeTextTests {
    private func report(_ name: String, format: String = "text") throws -> String {
        let fixture = Fixture(name)
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--format", format, "--exe", try fixture.executablePath])
        return result.standardOutput
    }

    /// The lines of the text report's CPU section, up to the blank line after it.
    private func cpuSection(_ text: String) -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "CPU time by thread (runaway)") else { return [] }
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    @Test func deadlockCPUIsInMillisecondsWithoutShares() throws {
        let section = cpuSection(try report("deadlock"))
        #expect(section.prefix(4) == [
            "CPU time by thread (runaway)",
            "  process total 4 ms (user 0.00 s, system 4 ms; all threads, including ended ones)",
            "  Less than a clock tick (10 ms) in all: too little to rank threads by, so no shares are shown.",
            "  TID  user   system total share where",
        ])
        #expect(section.count == 6)
        // The main thread's note makes the row longer than 100 columns at the preferred
        // widths: the columns narrow to their values (TextTable).
        #expect(section.dropFirst(4).first?.hasPrefix("  2173 0.00 s 4 ms   4 ms  —     ") == true)
        #expect(section.dropFirst(4).first?.hasSuffix(" (main thread: total minus others)") == true)
        #expect(section.last == "  2 more threads used no CPU time")
        let html = try report("deadlock", format: "html")
        #expect(!html.contains("id=\"cpu-chart\""))
        #expect(html.contains("<td>0.00 s<td>4 ms<td>4 ms<td>—<td>"))
    }

    @Test func queueBacklogKeepsItsShares() throws {
        let section = cpuSection(try report("queue-backlog"))
        #expect(section.prefix(3) == [
            "CPU time by thread (runaway)",
            "  process total 0.04 s (user 0.00 s, system 0.04 s; all threads, including ended ones)",
            "  TID   user   system total  share where",
        ])
        #expect(section.dropFirst(3).first?.hasPrefix("  12278 0.00 s 0.04 s 0.04 s 100%  ") == true)
    }

    @Test func gcoreCoreHasUnknownCPU() throws {
        let text = try report("warmup-lock-gcore")
        #expect(cpuSection(text) == [
            "CPU time by thread (runaway)",
            "  CPU time per thread is unknown: cores written by gcore, procdump, createdump or qemu record none.",
        ])
        let hot = text.split(separator: "\n").drop { !$0.hasPrefix("Hot methods") }.dropFirst(2).first
        #expect(hot?.hasPrefix("  8       8         —           —             ") == true, "\(hot ?? "")")
    }
}
