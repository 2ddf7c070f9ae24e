import Testing
@testable import CoreDump
import DumpModel
import FixtureSupport

/// The caps of ``CoreReadLimits`` on notes, on cores and notes built in code: what is kept, and
/// the warning that says what was left out.
@Suite struct ReadLimitTests {
    /// An x86_64 core with one PT_NOTE segment holding `notes` and no memory.
    private func core(notes: [UInt8]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64 + 56)
        bytes.replaceSubrange(0..<8, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])
        put(4, 2, at: 16, in: &bytes)  // ET_CORE
        put(62, 2, at: 18, in: &bytes)  // EM_X86_64
        put(1, 4, at: 20, in: &bytes)
        put(64, 8, at: 32, in: &bytes)  // e_phoff
        put(64, 2, at: 52, in: &bytes)
        put(56, 2, at: 54, in: &bytes)
        put(1, 2, at: 56, in: &bytes)  // e_phnum
        put(4, 4, at: 64, in: &bytes)  // PT_NOTE
        put(120, 8, at: 64 + 8, in: &bytes)
        put(UInt64(notes.count), 8, at: 64 + 32, in: &bytes)
        put(4, 8, at: 64 + 48, in: &bytes)
        return bytes + notes
    }

    /// A `CORE` note of `type`.
    private func note(_ type: UInt32, _ descriptor: [UInt8]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 20)
        put(5, 4, at: 0, in: &bytes)
        put(UInt64(descriptor.count), 4, at: 4, in: &bytes)
        put(UInt64(type), 4, at: 8, in: &bytes)
        bytes.replaceSubrange(12..<16, with: Array("CORE".utf8))
        return bytes + descriptor + [UInt8](repeating: 0, count: (4 - descriptor.count % 4) % 4)
    }

    /// An x86_64 `NT_PRSTATUS` of thread `tid`.
    private func status(tid: Int32) -> [UInt8] {
        var descriptor = [UInt8](repeating: 0, count: 336)
        put(UInt64(UInt32(bitPattern: tid)), 4, at: 32, in: &descriptor)
        return note(1, descriptor)
    }

    private func put(_ value: UInt64, _ size: Int, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    @Test func threadsAfterTheLimitAreLeftOutWithAWarning() throws {
        let limit = CoreReadLimits.maximumThreadCount
        var notes: [UInt8] = []
        notes.reserveCapacity((limit + 3) * 356)
        for tid in 1...Int32(limit + 3) { notes += status(tid: tid) }
        let path = try Scratch.file(named: "too-many-threads", bytes: core(notes: notes))
        let layout = try #require(RegisterLayout(architecture: .x86_64))
        let decoded = CoreNotes(core: try CoreFile(path: path), layout: layout)

        #expect(decoded.threads.count == limit)
        #expect(decoded.threads.last?.status.tid == Int32(limit))
        #expect(decoded.diagnostics == [.warning(
            "the core has 100003 threads: only the first 100000 were read, 3 are missing from the report")])
    }

    @Test func mappedFilesAfterTheLimitAreLeftOutAndPathsKeepTheirRawLength() throws {
        let limit = CoreReadLimits.maximumMappedFileCount
        let listed = limit + 1
        var descriptor = [UInt8](repeating: 0, count: 16 + 24 * listed)
        put(UInt64(listed), 8, at: 0, in: &descriptor)
        put(4096, 8, at: 8, in: &descriptor)
        for index in 0..<listed {
            put(UInt64(0x1000 * (index + 1)), 8, at: 16 + 24 * index, in: &descriptor)
            put(UInt64(0x1000 * (index + 2)), 8, at: 16 + 24 * index + 8, in: &descriptor)
        }
        // The first path is invalid UTF-8: repaired, it is longer than its two bytes.
        descriptor += [0xFF, 0xFE, 0] + Array("/lib/b.so".utf8) + [0]
        for _ in 2..<listed { descriptor += Array("/x".utf8) + [0] }
        let decoded = try #require(descriptor.withUnsafeBytes { FileNoteDecoder.decode(ByteReader(bytes: $0), wordSize: 8) })

        #expect(decoded.files.count == limit)
        #expect(decoded.omitted == 1)
        #expect(decoded.files[0].path == "\u{FFFD}\u{FFFD}")
        #expect(decoded.files[1].path == "/lib/b.so")
        #expect(decoded.files[limit - 1] == MappedFile(
            startAddress: UInt64(0x1000 * limit), endAddress: UInt64(0x1000 * (limit + 1)), fileOffset: 0, path: "/x"))
    }
}
