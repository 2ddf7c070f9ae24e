import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Every kind of bad input gets a typed error or a partial result that says what is missing,
/// never a crash. Corrupt cores are made by cutting or patching a copy of a real kernel core.
@Suite struct BadInputTests {
    let fixture = Fixture("warmup-lock")

    @Test func missingFileIsFileNotFound() {
        #expect(throws: CoreDumpError.fileNotFound(path: "/nonexistent/core")) {
            try CoreReader.read(path: "/nonexistent/core")
        }
    }

    @Test func emptyFileIsEmptyFile() throws {
        let path = try Scratch.file(named: "empty", bytes: [])
        #expect(throws: CoreDumpError.emptyFile(path: path)) { try CoreReader.read(path: path) }
    }

    @Test func textFileIsNotELF() throws {
        let path = try Scratch.file(named: "text", bytes: Array("hello, this is not a core\n".utf8))
        #expect(throws: CoreDumpError.notELF(path: path)) { try CoreReader.read(path: path) }
    }

    @Test func executableIsRejectedWithHintToUseExe() throws {
        let executable = try fixture.executablePath
        #expect(throws: CoreDumpError.executableNotCore(path: executable)) { try CoreReader.read(path: executable) }
        #expect(CoreDumpError.executableNotCore(path: "/x").description.contains("pass it with --exe"))
    }

    @Test func foreignMachineIsUnsupported() throws {
        var bytes = try coreBytes()
        bytes[18] = 21  // e_machine = EM_PPC64
        bytes[19] = 0
        let path = try Scratch.file(named: "ppc64-core", bytes: bytes)
        #expect(throws: CoreDumpError.unsupportedArchitecture(path: path, machine: "ELF machine 21")) {
            try CoreReader.read(path: path)
        }
    }

    @Test func coreCutInsideProgramHeadersIsCorruptHeader() throws {
        let path = try Scratch.file(named: "cut-headers", bytes: Array(try coreBytes().prefix(200)))
        #expect {
            try CoreReader.read(path: path)
        } throws: { error in
            guard case CoreDumpError.corruptHeader = error else { return false }
            return true
        }
    }

    @Test func truncatedCoreGivesPartialReportNamingWhatIsMissing() throws {
        let bytes = try coreBytes()
        let path = try Scratch.file(named: "truncated", bytes: Array(bytes.prefix(bytes.count / 2)))
        let process = try CoreReader.read(path: path, options: CoreReadOptions(executablePath: fixture.executablePath)).process
        #expect(process.threads.count == fixture.intFact("thread_count"))
        #expect(!process.isComplete)
        let truncation = process.diagnostics.filter { $0.message.hasPrefix("the core is truncated:") }
        #expect(truncation.count == 1)
    }

    @Test func noteWithImpossibleSizeIsReportedAndNoThreadIsInvented() throws {
        var bytes = try coreBytes()
        let notes = try #require(noteSegmentOffset(bytes))
        write(UInt32(0xFFFF_FF00), into: &bytes, at: notes + 4)  // first note's n_descsz
        let path = try Scratch.file(named: "corrupt-first-note", bytes: bytes)
        #expect {
            try CoreReader.read(path: path)
        } throws: { error in
            guard case CoreDumpError.noThreads(_, let reason) = error else { return false }
            return reason.hasPrefix("corrupt note at offset 0")
        }
    }

    @Test func corruptLaterNoteKeepsTheThreadsBeforeIt() throws {
        var bytes = try coreBytes()
        let notes = try #require(noteSegmentOffset(bytes))
        // The first note is the first thread's NT_PRSTATUS: skip it and break the next one.
        let nameSize = Int(read32(bytes, at: notes))
        let descriptorSize = Int(read32(bytes, at: notes + 4))
        let second = notes + 12 + ((nameSize + 3) & ~3) + ((descriptorSize + 3) & ~3)
        write(UInt32(0x7FFF_FF00), into: &bytes, at: second + 4)
        let path = try Scratch.file(named: "corrupt-second-note", bytes: bytes)
        let process = try CoreReader.read(path: path, options: CoreReadOptions(executablePath: fixture.executablePath)).process
        #expect(process.threads.count == 1)
        #expect(process.threads[0].tid == Int32(try #require(fixture.intFact("first_prstatus_tid"))))
        #expect(process.diagnostics.contains { $0.message.hasPrefix("corrupt note at offset \(second - notes)") })
    }

    @Test func truncatedZstdCoreIsDecompressionFailure() throws {
        let compressed = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.compressedCorePath)))
        let path = try Scratch.file(named: "truncated.zst", bytes: Array(compressed.prefix(compressed.count / 2)))
        #expect(throws: CoreDumpError.truncatedCompressedCore(path: path, format: .zstd)) {
            try CoreReader.read(path: path)
        }
    }

    @Test func garbageAfterZstdMagicIsDecompressionFailure() throws {
        let path = try Scratch.file(named: "garbage.zst", bytes: [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: 0xAB, count: 64))
        #expect {
            try CoreReader.read(path: path)
        } throws: { error in
            guard case CoreDumpError.corruptCompressedCore(_, .zstd, let reason) = error else { return false }
            return reason == "Unsupported frame parameter"
        }
    }

    // MARK: - Helpers

    private func coreBytes() throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
    }

    /// The file offset of the first PT_NOTE segment of a 64-bit core.
    private func noteSegmentOffset(_ bytes: [UInt8]) -> Int? {
        let headerTable = Int(read64(bytes, at: 0x20))
        let entrySize = Int(bytes[0x36]) | Int(bytes[0x37]) << 8
        let count = Int(bytes[0x38]) | Int(bytes[0x39]) << 8
        for index in 0..<count {
            let entry = headerTable + index * entrySize
            if read32(bytes, at: entry) == 4 { return Int(read64(bytes, at: entry + 8)) }
        }
        return nil
    }

    private func read32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private func read64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    private func write(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
