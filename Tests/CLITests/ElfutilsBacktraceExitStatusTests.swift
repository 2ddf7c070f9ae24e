import Testing
import FixtureSupport

/// elfutils' unwinder test cores read in full: `analyze-dump CORE` and `analyze-dump stacks`
/// exit 0 and say nothing on stderr, although eu-stack exits 1 on four of them.
@Suite struct ElfutilsBacktraceExitStatusTests {
    static let fixtures = [
        "elfutils-backtrace-x86_64", "elfutils-backtrace-x86_64-fp", "elfutils-backtrace-i386",
        "elfutils-backtrace-i386-fp", "elfutils-backtrace-aarch64", "elfutils-backtrace-aarch64-fp",
    ]

    @Test(arguments: fixtures)
    func reportAndStacksExitZero(_ name: String) throws {
        let fixture = Fixture(name)
        let pid = try #require(fixture.facts["pid"])
        let report = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", fixture.executablePath])
        #expect(report.status == 0)
        #expect(report.standardError == "")
        #expect(report.standardOutput.hasPrefix("analyze-dump: process \(pid) ("))
        let stacks = try AnalyzeDumpBinary.run(["stacks", fixture.compressedCorePath, "--exe", fixture.executablePath])
        #expect(stacks.status == 0)
        #expect(stacks.standardError == "")
        #expect(stacks.standardOutput.contains(" backtracegen+0x"))
    }
}
