import Testing
import FixtureSupport

/// Every command's `--help` ends its description with EXAMPLES: two to four invocations.
@Suite struct HelpExamplesTests {
    @Test(arguments: [[], ["summary"], ["stacks"], ["capture"], ["compare"], ["handle"], ["triage"]])
    func everyHelpHasExamples(command: [String]) throws {
        let help = try AnalyzeDumpBinary.run(command + ["--help"]).standardOutput
        let lines = help.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "EXAMPLES:"), "\(command)")
        let examples = lines[(start + 1)...].prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  analyze-dump ") || $0.hasPrefix("  echo ") || $0.hasPrefix("  zstdcat ") }
        #expect((2...4).contains(examples.count), "\(command): \(examples)")
        let name = command.first ?? ""
        #expect(examples.contains { $0.contains("analyze-dump \(name)") || name == "summary" }, "\(command)")
    }
}
