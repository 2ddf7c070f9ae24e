@testable import CoreIntake
import DumpModel
import Testing

/// The head rewrite that inserts the handler's note segment, on heads built in code.
struct CoreHeadTests {
    /// A 64-bit little-endian ET_CORE head with a note segment and a load segment after its
    /// table.
    static func head(type: UInt16 = 4, programHeaderCount: UInt16 = 2, sectionTable: UInt64 = 0) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64 + Int(programHeaderCount) * 56)
        bytes.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
        put(type, at: 16, in: &bytes)
        put(UInt64(64), at: 32, in: &bytes)
        put(sectionTable, at: 40, in: &bytes)
        put(UInt16(56), at: 54, in: &bytes)
        put(programHeaderCount, at: 56, in: &bytes)
        for index in 0..<Int(programHeaderCount) {
            let entry = 64 + index * 56
            put(UInt32(index == 0 ? 4 : 1), at: entry, in: &bytes)
            put(UInt64(index == 0 ? 176 : 4096), at: entry + 8, in: &bytes)
            put(UInt64(index == 0 ? 100 : 8192), at: entry + 32, in: &bytes)
        }
        return bytes
    }

    static func put<Integer: FixedWidthInteger>(_ value: Integer, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<MemoryLayout<Integer>.size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    @Test func insertsANoteSegmentAndShiftsEveryOffsetByWholePages() throws {
        let original = Self.head()
        let parsed = try CoreHead(header: Array(original.prefix(64)))
        #expect(parsed.tableEnd == 176)
        let descriptor = HandlerNote(pid: 42, command: "crasher").encoded()
        let (rewritten, delta) = try parsed.inserting(noteName: "ANALYZEDUMP", type: HandlerNote.noteType, descriptor: descriptor, head: original)
        #expect(delta == 4096)
        #expect(rewritten.count == 176 + 4096)
        #expect(rewritten[56] == 3)
        #expect(Self.uint64(rewritten, at: 64 + 8) == 176 + 4096)
        #expect(Self.uint64(rewritten, at: 64 + 56 + 8) == 4096 + 4096)
        // The new PT_NOTE header, third, points at the note right after the new table.
        let noteEntry = 64 + 2 * 56
        #expect(rewritten[noteEntry] == 4)
        let noteOffset = Int(Self.uint64(rewritten, at: noteEntry + 8))
        #expect(noteOffset == 232)
        let noteSize = Int(Self.uint64(rewritten, at: noteEntry + 32))
        #expect(noteSize == 12 + 12 + (descriptor.count + 3) / 4 * 4)
        #expect(Array(rewritten[noteOffset + 12..<noteOffset + 23]) == Array("ANALYZEDUMP".utf8))
        let stored = Array(rewritten[noteOffset + 24..<noteOffset + 24 + descriptor.count])
        #expect(HandlerNote(decoding: stored)?.pid == 42)
    }

    @Test func aLargeNoteTakesMorePages() throws {
        let original = Self.head()
        let parsed = try CoreHead(header: original)
        let note = HandlerNote(perfMap: Array(repeating: UInt8(ascii: "x"), count: 10_000)).encoded()
        let (rewritten, delta) = try parsed.inserting(noteName: "ANALYZEDUMP", type: HandlerNote.noteType, descriptor: note, head: original)
        #expect(delta == 12_288)
        #expect(rewritten.count == 176 + 12_288)
    }

    @Test func theDeltaKeepsTheLoadSegmentsAlignment() throws {
        var original = Self.head()
        Self.put(UInt64(65_536), at: 64 + 56 + 48, in: &original)
        Self.put(UInt64(65_536), at: 64 + 56 + 8, in: &original)
        let (rewritten, delta) = try CoreHead(header: original).inserting(noteName: "ANALYZEDUMP", type: 1, descriptor: [], head: original)
        #expect(delta == 65_536)
        #expect(Self.uint64(rewritten, at: 64 + 56 + 8) == 131_072)
    }

    @Test func theSectionTableMovesToo() throws {
        let original = Self.head(sectionTable: 20_000)
        let (rewritten, delta) = try CoreHead(header: original).inserting(noteName: "ANALYZEDUMP", type: 1, descriptor: [], head: original)
        #expect(Self.uint64(rewritten, at: 40) == 20_000 + delta)
    }

    @Test func refusesWhatItCannotRewrite() throws {
        #expect(throws: CoreHead.Refusal.self) { try CoreHead(header: Self.head(type: 2)) }
        #expect(throws: CoreHead.Refusal.self) { try CoreHead(header: Self.head(programHeaderCount: 0xFFFF)) }
        #expect(throws: CoreHead.Refusal.self) { try CoreHead(header: Array(Self.head().prefix(40))) }
        var thirtyTwoBit = Self.head()
        thirtyTwoBit[4] = 1
        #expect(throws: CoreHead.Refusal.self) { try CoreHead(header: thirtyTwoBit) }
        var overlapping = Self.head()
        Self.put(UInt64(100), at: 64 + 8, in: &overlapping)
        #expect(throws: CoreHead.Refusal.self) {
            try CoreHead(header: overlapping).inserting(noteName: "ANALYZEDUMP", type: 1, descriptor: [], head: overlapping)
        }
    }
}
