import Testing
@testable import CoreCapture
import DumpModel

/// The pieces of a capture that need no live process: `/proc` parsing, note layouts and the
/// segment plan.
struct CaptureEncodingTests {
    @Test func mapsLineKeepsSpacesInThePath() throws {
        let mapping = try #require(MemoryMapping(line: "7f00a000-7f00c000 r-xp 00002000 fe:00 1234                       /opt/my app/lib x.so (deleted)"))
        #expect(mapping.startAddress == 0x7f00a000 && mapping.endAddress == 0x7f00c000)
        #expect(mapping.isReadable && !mapping.isWritable && mapping.isExecutable && !mapping.isShared)
        #expect(mapping.fileOffset == 0x2000 && mapping.inode == 1234)
        #expect(mapping.path == "/opt/my app/lib x.so (deleted)")
        #expect(mapping.isFileBacked)
        let anonymous = try #require(MemoryMapping(line: "7ffd0000-7ffd1000 rw-p 00000000 00:00 0 "))
        #expect(anonymous.path == "" && !anonymous.isFileBacked)
        #expect(MemoryMapping(line: "7f00a000-7f00c000 r-xp") == nil)
        #expect(try #require(MemoryMapping(line: "7fff1000-7fff3000 r--p 00000000 00:00 0   [vvar]")).isKernelData)
    }

    @Test func statLineIsCountedFromTheLastParenthesis() throws {
        let line = "4242 (a) b (c)) S 1 4242 4242 0 -1 4194560 10 0 0 0 150 25 3 4 20 -5 2 0 99 1000 100"
        let stat = try #require(ProcStat(Array(line.utf8)))
        #expect(stat.state == "S")
        #expect(stat.parentPID == 1 && stat.processGroupID == 4242 && stat.sessionID == 4242)
        #expect(stat.flags == 4194560)
        #expect(stat.userTicks == 150 && stat.systemTicks == 25)
        #expect(stat.childUserTicks == 3 && stat.childSystemTicks == 4)
        #expect(stat.nice == -5)
        #expect(stat.threadCount == 2 && stat.residentPages == 100)
        #expect(ProcStat(Array("4242 (short) S 1".utf8)) == nil)
    }

    @Test func statusGivesSignalMasksAndRealIDs() {
        let status = ProcStatus(Array("Name:\tx\nUid:\t1000\t0\t0\t0\nGid:\t100\t0\t0\t0\nSigPnd:\t0000000000000100\nSigBlk:\t0000000000010000\n".utf8))
        #expect(status.uid == 1000 && status.gid == 100)
        #expect(status.pendingSignals == 0x100 && status.blockedSignals == 0x10000)
    }

    @Test func captureNoteRoundTripsAndRejectsTruncation() {
        let note = CaptureNote(
            captureTimeNanoseconds: 1_700_000_000_123_456_789, stoppedNanoseconds: 12_345,
            trigger: "cpu > 70% for 5s (82%)", threads: [.init(tid: 10, name: "main"), .init(tid: 11, name: "bulk-insert")])
        let bytes = note.encoded()
        #expect(bytes.count % 4 == 0)
        #expect(CaptureNote(decoding: bytes) == note)
        #expect(CaptureNote(decoding: Array(bytes.dropLast(4))) == nil)
        var otherVersion = bytes
        otherVersion[0] = 2
        #expect(CaptureNote(decoding: otherVersion) == nil)
    }

    @Test func captureNoteCarriesThePerfMapAfterTheThreads() {
        let threads: [CaptureNote.ThreadRecord] = [.init(tid: 10, name: "node")]
        let withoutMap = CaptureNote(captureTimeNanoseconds: 1, stoppedNanoseconds: 2, trigger: "", threads: threads)
        let map = Array("7fc2d37c5e80 194 JS:*warmUpCache /app/warm.js:1:21\n".utf8)
        let withMap = CaptureNote(captureTimeNanoseconds: 1, stoppedNanoseconds: 2, trigger: "", threads: threads, perfMap: map)
        let bytes = withMap.encoded()
        // The map follows the threads, so a note without one is the note of before.
        #expect(Array(bytes.prefix(withoutMap.encoded().count)) == withoutMap.encoded())
        #expect(bytes.count == withoutMap.encoded().count + 4 + (map.count + 3) / 4 * 4)
        #expect(CaptureNote(decoding: bytes) == withMap)
        #expect(CaptureNote(decoding: withoutMap.encoded())?.perfMap == [])
        // A map whose length passes the end is dropped; the threads are kept.
        let cut = Array(bytes.dropLast(8))
        #expect(CaptureNote(decoding: cut) == withoutMap)
    }

    @Test func captureNoteCarriesTheMonotonicTimeAfterAPerfMapBlock() {
        let threads: [CaptureNote.ThreadRecord] = [.init(tid: 10, name: "go-warmup")]
        let withoutTime = CaptureNote(captureTimeNanoseconds: 1, stoppedNanoseconds: 2, trigger: "", threads: threads)
        let withTime = CaptureNote(
            captureTimeNanoseconds: 1, stoppedNanoseconds: 2, trigger: "", threads: threads, monotonicNanoseconds: 0x0123_4567_89AB_CDEF)
        let bytes = withTime.encoded()
        // An empty map block (its length, 0) comes first, so that the time is never read as a map.
        #expect(Array(bytes.prefix(withoutTime.encoded().count)) == withoutTime.encoded())
        #expect(Array(bytes.suffix(12)) == [0, 0, 0, 0, 0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01])
        #expect(CaptureNote(decoding: bytes) == withTime)
        let both = CaptureNote(
            captureTimeNanoseconds: 1, stoppedNanoseconds: 2, trigger: "", threads: threads, perfMap: Array("1 2 f\n".utf8),
            monotonicNanoseconds: 42)
        #expect(CaptureNote(decoding: both.encoded()) == both)
        // Notes of before, without the time, still decode; a time cut short is dropped.
        #expect(CaptureNote(decoding: withoutTime.encoded())?.monotonicNanoseconds == nil)
        #expect(CaptureNote(decoding: Array(bytes.dropLast(4))) == withoutTime)
    }

    @Test func noteFramingPadsNameAndDescriptorToFourBytes() {
        var writer = ByteWriter()
        CoreNoteEncoder.note(name: "CORE", type: 6, descriptor: [1, 2, 3], into: &writer)
        #expect(writer.bytes == [5, 0, 0, 0, 3, 0, 0, 0, 6, 0, 0, 0] + Array("CORE".utf8) + [0, 0, 0, 0] + [1, 2, 3, 0])
    }

    @Test func fileNoteCountsPagesAndListsOnlyFiles() throws {
        let mappings = [
            try #require(MemoryMapping(line: "1000-3000 r--p 00002000 fe:00 7 /bin/x")),
            try #require(MemoryMapping(line: "3000-4000 rw-p 00000000 00:00 0 [heap]")),
        ]
        let bytes = CoreNoteEncoder.fileNote(mappings, pageSize: 4096)
        func word(_ index: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[index * 8 + $1]) << (8 * $1) } }
        #expect(word(0) == 1 && word(1) == 4096)
        #expect(word(2) == 0x1000 && word(3) == 0x3000 && word(4) == 2)
        #expect(Array(bytes[40...]) == Array("/bin/x".utf8) + [0])
    }

    @Test func segmentPlanSkipsKernelDataAndHonoursOptions() throws {
        let lines = [
            "1000-4000 r--p 00000000 fe:00 7 /bin/x",      // ELF start: first page only when skipping
            "4000-6000 r-xp 00003000 fe:00 7 /bin/x",      // code: nothing when skipping
            "6000-7000 rw-p 00005000 fe:00 7 /bin/x",      // written data: always
            "7000-8000 ---p 00000000 00:00 0",              // guard: no bytes
            "8000-9000 r--p 00000000 00:00 0 [vvar]",       // left out
            "10000-20000 rw-p 00000000 00:00 0 [heap]",
        ]
        let mappings = try lines.map { try #require(MemoryMapping(line: $0)) }
        let full = CoreSegment.plan(mappings, options: .init(), pageSize: 0x1000) { _ in true }
        #expect(full.map(\.dumpedSize) == [0x3000, 0x2000, 0x1000, 0, 0x10000])
        let skipped = CoreSegment.plan(mappings, options: .init(skipFileBackedReadOnly: true, maxSegmentBytes: 0x8800), pageSize: 0x1000) { _ in true }
        #expect(skipped.map(\.dumpedSize) == [0x1000, 0, 0x1000, 0, 0x8000])
        let notELF = CoreSegment.plan(mappings, options: .init(skipFileBackedReadOnly: true), pageSize: 0x1000) { _ in false }
        #expect(notELF[0].dumpedSize == 0)

        let layout = try CoreFileLayout(segments: full, noteSize: 100, pageSize: 0x1000)
        #expect(layout.noteOffset == 64 + 56 * 6)
        #expect(layout.segments.map(\.fileOffset) == [0x1000, 0x4000, 0x6000, 0x7000, 0x7000])
        #expect(layout.fileSize == 0x17000)
        #expect(layout.headers(pageSize: 0x1000).count == Int(layout.noteOffset))
    }
}
