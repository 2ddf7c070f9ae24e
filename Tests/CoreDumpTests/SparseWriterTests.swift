import Glibc
import Testing
@testable import CoreDump

/// The temporary copy of a compressed or piped core: data where the stream has data, holes
/// where it has zeros (a zstd stream of a few KB can declare GiB of them).
@Suite struct SparseWriterTests {
    @Test func zeroBlocksBecomeHolesAndDataLandsAtItsOffset() throws {
        let descriptor = try SparseWriter.makeTemporaryFile()
        defer { close(descriptor) }
        var writer = SparseWriter(descriptor: descriptor)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let data = (0..<6000).map { UInt8(truncatingIfNeeded: $0 | 1) }
        try zeros.withUnsafeBytes { try writer.write($0) }
        try data.withUnsafeBytes { try writer.write($0) }
        try zeros.withUnsafeBytes { try writer.write($0) }
        try writer.finish()

        var status = stat()
        #expect(fstat(descriptor, &status) == 0)
        #expect(status.st_size == off_t(2 << 20) + 6000)
        // The 6,000 bytes touch two or three 4 KiB blocks of the file: the rest is holes.
        #expect(Int(status.st_blocks) * 512 <= 3 * 4096)
        var back = [UInt8](repeating: 0, count: 6000)
        #expect(back.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 6000, off_t(1 << 20)) } == 6000)
        #expect(back == data)
    }
}
