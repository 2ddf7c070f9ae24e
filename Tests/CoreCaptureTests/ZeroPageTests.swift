import Foundation
import Testing
@testable import CoreCapture
import FixtureSupport

/// Memory a process only read is the kernel's shared zero page: pagemap shows it present, but
/// there is nothing to copy. gcore reads every page and leaves whole address spaces like this.
struct ZeroPageTests {
    @Test(.enabled(if: ProcessMemoryReader.zeroPageFrame != 0, "the kernel hides page frame numbers (not root)"))
    func pagesOnlyReadAreNotCopied() throws {
        let program = try ScenarioProgram("read-only-touch", directoryName: "capture-zero-pages")
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let pid = running.processIdentifier
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        let region = try #require(maps.split(separator: "\n").compactMap { MemoryMapping(line: String($0)) }
            .first { $0.size == 64 << 20 && $0.isWritable && !$0.isFileBacked })

        let reader = ProcessMemoryReader(pid: pid, pageSize: 4096)
        defer { reader.close() }
        #expect(reader.populatedRanges(start: region.startAddress, size: region.size).isEmpty)
        // The main thread's stack was written: it is still found.
        let stack = try #require(maps.split(separator: "\n").compactMap { MemoryMapping(line: String($0)) }.first { $0.path == "[stack]" })
        #expect(!reader.populatedRanges(start: stack.startAddress, size: stack.size).isEmpty)
    }
}
