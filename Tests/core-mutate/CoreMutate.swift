import ArgumentParser
import CoreMutator
import Foundation
import FixtureSupport

/// `core-mutate`: the fuzz test's mutator and harness on the command line, to rebuild a
/// failing input from its name and to run more seeds than the test does (docs/fuzzing.md).
@main
struct CoreMutate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core-mutate",
        abstract: "Mutate the fixture cores and run them through analyze-dump.",
        subcommands: [List.self, Write.self, Run.self, Seeds.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the mutation kinds and the fixtures.")

        func run() {
            print("kinds: " + MutationKind.allCases.map(\.rawValue).joined(separator: " "))
            print("fixtures: " + FuzzCorpus.fixtureNames.joined(separator: " "))
        }
    }

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write one mutated core: FIXTURE/KIND/SEED as the test names it.")

        @Argument(help: "The input's name, fixture/kind/seed (deadlock/prstatus.duplicate-tid/3).")
        var name: String

        @Option(name: .shortAndLong, help: "The file to write.")
        var output: String

        @Flag(help: "Compress the output with zstd, as the regression corpus stores inputs.")
        var compress = false

        func run() throws {
            let parts = name.split(separator: "/").map(String.init)
            guard parts.count == 3, let kind = MutationKind(rawValue: parts[1]), let seed = UInt64(parts[2]) else {
                throw ValidationError("the name is fixture/kind/seed with a kind from `core-mutate list`")
            }
            let fixtures = try FuzzCorpus.loadFixtures([parts[0]])
            let mutated = CoreMutator.mutate(fixtures.sources[parts[0]]!, kind: kind, seed: seed)
            let plain = compress ? output + ".plain" : output
            try Data(mutated.bytes).write(to: URL(fileURLWithPath: plain))
            if compress {
                try Command.run("/usr/bin/env", ["zstd", "-q", "-19", "-f", "--rm", plain, "-o", output])
            }
            print("\(name): \(mutated.summary)")
            print("executable: \(fixtures.executables[parts[0]]!)")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run mutated cores through analyze-dump and print every failure.")

        @Option(help: "The analyze-dump binary (default: the one built next to core-mutate).")
        var binary: String?

        @Option(help: "Comma-separated mutation kinds (default: all).")
        var kinds: String?

        @Option(help: "Comma-separated fixtures (default: all but queue-backlog).")
        var fixtures: String?

        @Option(help: "Seeds per kind.")
        var seeds = 36

        @Option(name: .customLong("large-seeds"), help: "Seeds per large kind (size.*, zstd.bomb).")
        var largeSeeds = 2

        @Option(name: .customLong("first-seed"), help: "The first seed.")
        var firstSeed: UInt64 = 0

        @Option(help: "Runs at the same time.")
        var jobs = 2

        @Option(help: "Seconds before a run counts as a hang.")
        var timeout = 30.0

        @Flag(help: "Run the regression corpus (Fixtures/fuzz-regressions) instead.")
        var regressions = false

        @Option(help: "A directory to copy each failing input into, as FIXTURE--KIND--SEED.core.")
        var keep: String?

        func run() throws {
            let kindList = try kinds.map { try $0.split(separator: ",").map { name in
                guard let kind = MutationKind(rawValue: String(name)) else { throw ValidationError("unknown kind \(name)") }
                return kind
            } } ?? MutationKind.allCases
            let fixtureNames = fixtures.map { $0.split(separator: ",").map(String.init) } ?? FuzzCorpus.fixtureNames
            let work = "/tmp/core-mutate-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: work) }
            let inputs = regressions
                ? try FuzzCorpus.regressions(decompressingInto: work + "/regressions")
                : FuzzCorpus.generated(fixtures: fixtureNames, kinds: kindList, seedsPerKind: seeds, largeSeedsPerKind: largeSeeds, firstSeed: firstSeed)
            let loaded = try FuzzCorpus.loadFixtures(Array(Set(inputs.map(\.fixture))).sorted())
            var configuration = FuzzCampaign.Configuration(
                binary: binary ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("analyze-dump").path,
                workDirectory: work)
            configuration.jobs = jobs
            configuration.timeout = timeout
            let campaign = FuzzCampaign(configuration: configuration, sources: loaded.sources, executables: loaded.executables)
            let keep = keep
            let started = Date()
            let results = try campaign.run(inputs) { result in
                guard !result.problems.isEmpty else { return }
                print("FAIL \(result.input.name): \(result.problems.joined(separator: "; "))\n     \(result.summary) [\(String(format: "%.2f", result.run.seconds)) s, \(result.run.peakResidentBytes >> 20) MiB]")
                if let keep, let bytes = try? campaign.bytes(of: result.input) {
                    try? FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                    let file = "\(keep)/\(result.input.name.replacingOccurrences(of: "/", with: "--")).core"
                    try? Data(bytes.bytes).write(to: URL(fileURLWithPath: file))
                }
                fflush(nil)
            }
            print(FuzzSummary(results: results, seconds: Date().timeIntervalSince(started)).text)
        }
    }

    struct Seeds: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the libFuzzer seed corpora and the sysroot the pipeline target reads executables from.")

        @Option(help: "The directory for fuzz-notes seeds: a machine byte, then a fixture's PT_NOTE segment.")
        var notes: String

        @Option(help: "The directory for fuzz-pipeline seeds: the fixture cores under 4 MB.")
        var pipeline: String

        @Option(help: "The directory to put each fixture's executable in, at the path its core records.")
        var sysroot: String

        func run() throws {
            let names = FuzzCorpus.fixtureNames
            let loaded = try FuzzCorpus.loadFixtures(names)
            for directory in [notes, pipeline] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for name in names {
                let source = loaded.sources[name]!
                if let segment = source.layout.noteSegment {
                    let machine: UInt8 = source.layout.machine == 3 ? 1 : source.layout.machine == 183 ? 2 : 0
                    let bytes = [machine] + source.bytes[Int(segment.offset)..<Int(segment.offset + segment.fileSize)]
                    try Data(bytes).write(to: URL(fileURLWithPath: "\(notes)/\(name)"))
                }
                if source.bytes.count < 4 << 20 {
                    try Data(source.bytes).write(to: URL(fileURLWithPath: "\(pipeline)/\(name)"))
                }
                if let recorded = Fixture(name).facts["executable_path"], recorded.hasPrefix("/") {
                    let destination = URL(fileURLWithPath: sysroot + recorded)
                    try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try? FileManager.default.removeItem(at: destination)
                    try FileManager.default.copyItem(atPath: loaded.executables[name]!, toPath: destination.path)
                }
            }
            print("seeds: \(names.count) note segments, \((try FileManager.default.contentsOfDirectory(atPath: pipeline)).count) cores")
        }
    }
}
