import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// The finding each crash fixture leads with, and none for cores requested from outside.
@Suite struct CrashFindingsTests {
    @Test(arguments: [
        ("null-deref", Finding.Kind.nullDereference), ("stack-overflow", .stackOverflow),
        ("assert-fail", .abort), ("uncaught-exception", .uncaughtException), ("null-deref-aarch64", .crash),
    ])
    func crashIsTheFirstFindingAndNamesTheThread(name: String, kind: Finding.Kind) throws {
        let subject = try AnalysedFixture(name)
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.kind == kind)
        #expect(finding.severity == .error)
        #expect(finding.tids == [try subject.tid("crash_tid")])
        #expect(subject.analysis.findings.filter { $0.severity == .error }.count == 1)
    }

    @Test func nullDereferenceNamesFunctionAndOffset() throws {
        let subject = try AnalysedFixture("null-deref")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.title == "NULL pointer dereference in `process_order` (thread \(try subject.tid("crash_tid")))")
        #expect(finding.description.contains("SIGSEGV (SEGV_MAPERR: address not mapped) at 0x10 in process_order (null-deref.c:50)"))
        // A kernel core's siginfo does not say whether the fault was a read or a write.
        #expect(finding.recommendation.hasSuffix("the field at offset 0x10 of its structure was accessed."))
    }

    /// Behind a handler, the signal frame's page-fault error code says it was a write.
    @Test func aNullWriteBehindAHandlerSaysWritten() throws {
        let subject = try AnalysedFixture("handler-reraise")
        let finding = try #require(subject.analysis.findings.first { $0.kind == .nullDereference })
        #expect(finding.recommendation.hasSuffix("the field at offset 0x28 of its structure was written."))
    }

    @Test func assertionTextFileAndLineAreTheTitle() throws {
        let subject = try AnalysedFixture("assert-fail")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.title == "Assertion failed in `validate_config` (assert-fail.c:61): config->worker_count > 0 && \"worker_count must be positive\"")
    }

    /// Cut at the default frame limit, the recursion is counted to its end: the exact depth.
    @Test func stackOverflowSaysTheExactDepth() throws {
        let subject = try AnalysedFixture("stack-overflow")
        let finding = try #require(subject.analysis.findings.first)
        #expect(finding.title == "Stack overflow in thread \(try subject.tid("crash_tid")): `descend` recursed 7,258 times")
    }

    @Test(arguments: ["warmup-lock", "warmup-lock-gcore", "session-lock", "healthy", "deadlock"])
    func requestedDumpsHaveNoCrash(name: String) throws {
        let subject = try AnalysedFixture(name)
        #expect(subject.analysis.crash == nil)
        #expect(subject.analysis.findings.allSatisfy { ![.crash, .nullDereference, .stackOverflow, .abort, .uncaughtException].contains($0.kind) })
    }
}
