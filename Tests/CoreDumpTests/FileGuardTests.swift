import Glibc
import Testing
@testable import CoreDump
import FixtureSupport

/// The guard around libdwfl's calls limits the reads any library makes of the core: libdwfl
/// allocates and reads whatever size the headers of a module in core memory claim. `pread`
/// here is the executable's, as it is for libdw and libelf.
@Suite struct FileGuardTests {
    @Test func readsOfTheLimitedFileAboveTheLimitFailExceptTheExemptRange() throws {
        let path = try Scratch.file(named: "guarded-reads", bytes: [UInt8](repeating: 7, count: 64 << 10))
        let descriptor = try RegularFile.open(path).get()
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        let limit = RegularFile.ReadLimit(descriptor: descriptor, maximumReadSize: 4096, exempt: (offset: 8192, size: 16384))
        let results = RegularFile.guardingLibraryAccess(FileAccessLog(), limitingReadsOf: limit) {
            buffer.withUnsafeMutableBytes { bytes in
                [
                    pread(descriptor, bytes.baseAddress, 4096, 0),
                    pread(descriptor, bytes.baseAddress, 4097, 0),
                    errno == EFBIG ? -2 : -3,
                    pread(descriptor, bytes.baseAddress, 16384, 8192),
                    pread(descriptor, bytes.baseAddress, 16385, 8192),
                ]
            }
        }
        #expect(results == [4096, -1, -2, 16384, -1])
        let unguarded = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 65536, 0) }
        #expect(unguarded == 65536)
    }
}
