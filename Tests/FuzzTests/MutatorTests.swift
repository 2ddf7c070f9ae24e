@testable import CoreMutator
import FixtureSupport
import Foundation
import Testing

/// The mutator parses every fixture, is a function of (fixture, kind, seed), changes what
/// each kind says it changes, and writes zstd frames that zstd itself reads.
@Suite struct MutatorTests {
    static let fixtures = try! FuzzCorpus.loadFixtures(["warmup-lock", "deadlock-i386", "stack-overflow"])

    @Test(arguments: Fixture.all)
    func layoutFindsEveryThreadOfEveryFixture(fixture: Fixture) throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
        let layout = try #require(CoreLayout(bytes: bytes))
        #expect(layout.threadNotes.count == fixture.intFact("thread_count"))
        #expect(layout.wordSize == (fixture.facts["arch"] == "i386" ? 4 : 8))
    }

    @Test(arguments: MutationKind.allCases)
    func sameNameSameBytesAndEverySeedChangesTheCore(kind: MutationKind) throws {
        let source = try #require(Self.fixtures.sources["deadlock-i386"])
        let first = CoreMutator.mutate(source, kind: kind, seed: 3)
        let again = CoreMutator.mutate(source, kind: kind, seed: 3)
        let same = first.bytes == again.bytes
        #expect(same)
        #expect(first.summary == again.summary)
        #expect(!first.summary.isEmpty)
        for seed: UInt64 in 0..<(kind.isLarge ? 1 : 4) {
            let mutated = CoreMutator.mutate(source, kind: kind, seed: seed)
            let changed = mutated.bytes != source.bytes
            #expect(changed, "seed \(seed): \(mutated.summary)")
        }
    }

    @Test func duplicateTIDGivesTwoThreadsOneTID() throws {
        let source = try #require(Self.fixtures.sources["warmup-lock"])
        for seed: UInt64 in 0..<6 {
            let mutated = CoreMutator.mutate(source, kind: .statusDuplicateTID, seed: seed)
            let layout = try #require(CoreLayout(bytes: mutated.bytes))
            let tids = layout.threadNotes.map { mutated.bytes.integer(at: $0.descriptorOffset + layout.threadIDOffset, width: 4) }
            #expect(tids.count == 10)
            #expect(Set(tids).count < 10, "\(mutated.summary)")
        }
    }

    @Test func threadCopiesKeepTheirDeepStack() throws {
        let source = try #require(Self.fixtures.sources["stack-overflow"])
        let mutated = CoreMutator.mutate(source, kind: .sizeThreads, seed: 0)
        #expect(mutated.summary == "the first thread copied 5000 times with TIDs from 1000000")
        let layout = try #require(CoreLayout(bytes: mutated.bytes))
        let threads = layout.threadNotes
        #expect(threads.count == 5002)
        let registers = { (note: CoreLayout.Note) in
            Array(mutated.bytes[(note.descriptorOffset + layout.registersOffset)..<(note.descriptorOffset + layout.registersOffset + 27 * 8)])
        }
        let copied = registers(threads[2]) == registers(threads[0])
        #expect(copied)
        #expect(mutated.bytes.integer(at: threads[5001].descriptorOffset + layout.threadIDOffset, width: 4) == 1_004_999)
    }

    @Test func truncationCutsAtABoundary() throws {
        let source = try #require(Self.fixtures.sources["deadlock-i386"])
        let boundaries = TruncationMutations.boundaries(source.layout, fileSize: source.bytes.count)
        #expect(boundaries.contains(52))  // the end of an ELF32 header
        #expect(boundaries.contains(source.layout.notes[0].descriptorOffset))
        for seed: UInt64 in 0..<8 {
            let mutated = CoreMutator.mutate(source, kind: .truncateBoundary, seed: seed)
            #expect(boundaries.contains(mutated.bytes.count))
            let prefix = Array(source.bytes.prefix(mutated.bytes.count)) == mutated.bytes
            #expect(prefix)
        }
    }

    /// zstd is the oracle: a hand-written frame with the zeros of an RLE tail decompresses to
    /// the content and the zeros.
    @Test func handWrittenFramesReadBackWithZstd() throws {
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let frame = ZstdFrameWriter.frame(content, options: .init(declaredSize: 300_000 + 200_000, zeroTail: 200_000))
        let directory = try Scratch.makeDirectory(named: "fuzz-zstd-frame")
        try Data(frame).write(to: URL(fileURLWithPath: directory + "/frame.zst"))
        try Command.run("/usr/bin/env", ["zstd", "-q", "-d", "-f", directory + "/frame.zst", "-o", directory + "/frame"])
        let decoded = try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/frame")))
        #expect(decoded.count == 500_000)
        let same = Array(decoded.prefix(300_000)) == content
        #expect(same)
        #expect(decoded.suffix(200_000).allSatisfy { $0 == 0 })
    }
}
