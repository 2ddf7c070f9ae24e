import Testing
import DumpModel
import DumpAnalysis

/// CPU accounting on fixtures: a negligible total, a small but rankable one, and a core
/// without times, each explained by who wrote it.
@Suite struct CPUUsageTests {
    @Test func deadlockUsedLessThanAClockTick() throws {
        let cpu = try AnalysedFixture("deadlock").analysis.cpu
        #expect(cpu.hasAccounting)
        #expect(cpu.isNegligible)
        #expect(cpu.noAccountingExplanation == nil)
    }

    @Test func queueBacklogIsRanked() throws {
        let cpu = try AnalysedFixture("queue-backlog").analysis.cpu
        #expect(!cpu.isNegligible)
        #expect(cpu.processTotal.formattedTotal == "0.04 s")
    }

    @Test func gcoreCoreBlamesTheTool() throws {
        let subject = try AnalysedFixture("warmup-lock-gcore")
        #expect(subject.process.producer == .tool)
        #expect(subject.analysis.cpu.noAccountingExplanation
            == "CPU time per thread is unknown: cores written by gcore, procdump, createdump or qemu record none.")
    }

    @Test func explanationFollowsTheProducer() {
        #expect(CPUUsage.noAccountingExplanation(for: .kernel)
            == "The core records zero CPU time for every thread: each used less than a clock tick (10 ms).")
        #expect(CPUUsage.noAccountingExplanation(for: .tool).contains("gcore"))
    }
}
