import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Cores compressed with lz4 and xz at test time, told by their magic bytes: the same process
/// as the committed zstd core, and typed errors for a file cut short or damaged.
@Suite struct CompressedCoreTests {
    let fixture = Fixture("deadlock")

    @Test(arguments: ["lz4", "xz"])
    func compressedCoreReadsAsTheZstdOne(tool: String) throws {
        let path = try CompressedCore.make(of: fixture, with: tool)
        // The name says nothing: the magic bytes decide.
        let renamed = path + ".core"
        try? FileManager.default.removeItem(atPath: renamed)
        try FileManager.default.moveItem(atPath: path, toPath: renamed)
        defer { try? FileManager.default.removeItem(atPath: renamed) }
        let options = CoreReadOptions(executablePath: try fixture.executablePath)
        let reference = try CoreReader.read(path: fixture.compressedCorePath, options: options).process
        let process = try CoreReader.read(path: renamed, options: options).process
        #expect(process.pid == reference.pid)
        #expect(process.threads.map(\.tid) == reference.threads.map(\.tid))
        #expect(process.threads.map { $0.frames.map(\.function) } == reference.threads.map { $0.frames.map(\.function) })
        #expect(process.memorySegments == reference.memorySegments)
    }

    @Test func truncatedLz4CoreIsTheTypedError() throws {
        let path = try CompressedCore.truncatedCopy(of: try CompressedCore.make(of: fixture, with: "lz4"))
        #expect(throws: CoreDumpError.truncatedCompressedCore(path: path, format: .lz4)) { try CoreReader.read(path: path) }
    }

    @Test func truncatedXzCoreIsTheTypedError() throws {
        let path = try CompressedCore.truncatedCopy(of: try CompressedCore.make(of: fixture, with: "xz"))
        #expect(throws: CoreDumpError.truncatedCompressedCore(path: path, format: .xz)) { try CoreReader.read(path: path) }
    }

    @Test(arguments: [
        (CompressionFormat.lz4, [UInt8]([0x04, 0x22, 0x4D, 0x18])),
        (CompressionFormat.xz, [UInt8]([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])),
    ])
    func garbageAfterTheMagicIsCorruptData(format: CompressionFormat, magic: [UInt8]) throws {
        let path = try Scratch.file(named: "garbage.\(format.rawValue)", bytes: magic + Array(repeating: 0xAB, count: 64))
        #expect {
            try CoreReader.read(path: path)
        } throws: { error in
            guard case CoreDumpError.corruptCompressedCore(path, format, _) = error else { return false }
            return "\(error)".hasPrefix("cannot decompress \(path): invalid \(format.rawValue) data (")
        }
    }
}
