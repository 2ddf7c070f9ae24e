import CoreMutator
import FixtureSupport
import Foundation
import Testing

/// Mutated cores through the built `analyze-dump` (read, every analysis, text, JSON and HTML):
/// every run ends cleanly (docs/fuzzing.md). The regression corpus holds inputs that once
/// failed. One campaign at a time: each runs two inputs at once, on two cores.
@Suite(.serialized) struct MutationFuzzTests {
    static func campaign(for inputs: [FuzzInput], in scratch: String) throws -> FuzzCampaign {
        let fixtures = try FuzzCorpus.loadFixtures(Array(Set(inputs.map(\.fixture))).sorted())
        var configuration = FuzzCampaign.Configuration(binary: BuiltBinaries.analyzeDump, workDirectory: scratch)
        configuration.launcher = BuiltBinaries.launcher
        return FuzzCampaign(configuration: configuration, sources: fixtures.sources, executables: fixtures.executables)
    }

    static func expectClean(_ results: [FuzzResult]) {
        for result in results where !result.problems.isEmpty {
            Issue.record("\(result.input.name): \(result.problems.joined(separator: "; ")) (\(result.summary))")
        }
    }

    @Test func regressionCorpusRunsClean() throws {
        let scratch = try Scratch.makeDirectory(named: "fuzz-regressions")
        let inputs = try FuzzCorpus.regressions(decompressingInto: scratch + "/inputs")
        #expect(Set(inputs.map { String($0.name.dropLast(".core".count)) }) == FuzzCorpus.documentedRegressions)
        Self.expectClean(try Self.campaign(for: inputs, in: scratch).run(inputs))
    }

    /// Every kind over the fixtures in rotation: 2,062 inputs, two at a time.
    @Test func generatedSetRunsClean() throws {
        let scratch = try Scratch.makeDirectory(named: "fuzz-generated")
        let inputs = FuzzCorpus.generated(fixtures: FuzzCorpus.fixtureNames)
        #expect(inputs.count == 2062)
        let started = Date()
        let results = try Self.campaign(for: inputs, in: scratch).run(inputs)
        Self.expectClean(results)
        print(FuzzSummary(results: results, seconds: Date().timeIntervalSince(started)).text)
    }
}
