import Foundation
import FixtureSupport

/// The inputs the fuzz test runs: the generated set (every mutation kind over the fixtures in
/// rotation) and the regression corpus (inputs that once failed, kept under
/// `Fixtures/fuzz-regressions/` as `FIXTURE--KIND--SEED.core.zst`).
public enum FuzzCorpus {
    /// Fixtures left out of the generated set: `queue-backlog` is 54 MB, and writing it for
    /// every input would cost more than it finds.
    public static let excludedFixtures: Set<String> = ["queue-backlog"]

    /// `seedsPerKind` inputs of every kind (`largeSeedsPerKind` of the large ones), seeds
    /// from `firstSeed`, the fixture rotating with the seed; thread-count mutations use
    /// `stack-overflow`, whose crashing thread is thousands of frames deep.
    public static func generated(
        fixtures: [String], kinds: [MutationKind] = MutationKind.allCases, seedsPerKind: Int = 36,
        largeSeedsPerKind: Int = 2, firstSeed: UInt64 = 0
    ) -> [FuzzInput] {
        var inputs: [FuzzInput] = []
        for (kindIndex, kind) in kinds.enumerated() {
            let count = kind.isLarge ? largeSeedsPerKind : seedsPerKind
            for offset in 0..<count {
                let seed = firstSeed + UInt64(offset)
                let fixture = kind == .sizeThreads && fixtures.contains("stack-overflow")
                    ? "stack-overflow" : fixtures[(Int(seed % UInt64(fixtures.count)) + kindIndex) % fixtures.count]
                inputs.append(FuzzInput(fixture: fixture, kind: kind, seed: seed))
            }
        }
        return inputs
    }

    /// `Fixtures/fuzz-regressions`.
    public static let regressionDirectory = Fixture.fixturesRoot.appendingPathComponent("fuzz-regressions").path

    /// Every regression input, decompressed into `scratch`, with its fixture from its name.
    public static func regressions(decompressingInto scratch: String) throws -> [FuzzInput] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: regressionDirectory)) ?? []
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        return try names.filter { $0.hasSuffix(".core.zst") }.sorted().map { name in
            let plain = "\(scratch)/\(name.dropLast(4))"
            try Command.run("/usr/bin/env", ["zstd", "-q", "-d", "-f", "\(regressionDirectory)/\(name)", "-o", plain])
            return FuzzInput(fixture: name.components(separatedBy: "--")[0], origin: .file(path: plain))
        }
    }

    /// The names `Fixtures/fuzz-regressions/README.md` documents, one `- \`NAME\`: ...` line
    /// each, saying what mutation made the input and what it broke.
    public static var documentedRegressions: Set<String> {
        let text = (try? String(contentsOfFile: regressionDirectory + "/README.md", encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("- `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        })
    }

    /// The fixture cores and executables, decompressed once per process.
    public static func loadFixtures(_ names: [String]) throws -> (sources: [String: SourceCore], executables: [String: String]) {
        var sources: [String: SourceCore] = [:]
        var executables: [String: String] = [:]
        for name in names {
            let fixture = Fixture(name)
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
            let compressed = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.compressedCorePath)))
            let addresses = fixture.facts.filter { $0.key.hasSuffix("_address") && $0.value.hasPrefix("0x") }
                .sorted { $0.key < $1.key }.compactMap { UInt64($0.value.dropFirst(2), radix: 16) }
            guard let source = SourceCore(name: name, bytes: bytes, compressed: compressed, addresses: addresses) else {
                throw ContainedRun.Failure(description: "fixture \(name): the mutator cannot parse its core")
            }
            sources[name] = source
            executables[name] = try fixture.executablePath
        }
        return (sources, executables)
    }

    /// The names of every fixture with a core, less ``excludedFixtures``.
    public static var fixtureNames: [String] {
        Fixture.all.map(\.name).filter { !excludedFixtures.contains($0) }
    }
}
