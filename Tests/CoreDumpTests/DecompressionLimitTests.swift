import Foundation
import Glibc
import Testing
@testable import CoreDump
import FixtureSupport

/// The decompressed size is capped: a core expanding past the limit (lowered here, since the
/// real one is 64 GiB) is the typed error, in every format; below it the same core decompresses.
@Suite struct DecompressionLimitTests {
    @Test(arguments: [(CompressionFormat.zstd, nil), (.lz4, "lz4"), (.xz, "xz")])
    func coreExpandingPastTheLimitIsTheTypedError(format: CompressionFormat, tool: String?) throws {
        let fixture = Fixture("deadlock")
        let path = try tool.map { try CompressedCore.make(of: fixture, with: $0) } ?? fixture.compressedCorePath
        let input = open(path, O_RDONLY)
        try #require(input >= 0)
        defer { close(input) }
        let limit: UInt64 = 1 << 18
        #expect(throws: CoreDumpError.decompressedCoreTooLarge(path: path, format: format, limit: limit)) {
            let output = try CoreDecompressor.decompressToTemporaryFile(input: input, format: format, path: path, limit: limit)
            close(output)
        }
        #expect(lseek(input, 0, SEEK_SET) == 0)
        let output = try CoreDecompressor.decompressToTemporaryFile(input: input, format: format, path: path)
        defer { close(output) }
        var status = stat()
        #expect(fstat(output, &status) == 0)
        #expect(UInt64(status.st_size) > limit, "the whole core is above the lowered limit")
    }
}
