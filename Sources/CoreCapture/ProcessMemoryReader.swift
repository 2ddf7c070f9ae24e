import Glibc

/// Reads a stopped process's memory with `process_vm_readv`, falling back to `pread` on
/// `/proc/PID/mem` for what it cannot read (it stops at the first unreadable page, and some
/// kernels or seccomp policies refuse it); pages neither can read are left as zeros.
///
/// `/proc/PID/pagemap` says which pages of anonymous memory exist: the others read as zeros,
/// and reading them would fault in the zero page for each (a thread stack reserves 8 MiB and
/// touches a few pages), which is what kept a 1,000-thread process stopped for 27 s.
struct ProcessMemoryReader {
    let pid: Int32
    let pageSize: UInt64
    /// `/proc/PID/mem`, or -1 when it could not be opened.
    private let memoryFile: Int32
    /// `/proc/PID/pagemap`, or -1 when it could not be opened (then every page is read).
    private let pageMapFile: Int32

    /// Pages that could not be read at all and were written as zeros.
    private(set) var unreadablePages = 0
    /// Whether a read found the process gone (`ESRCH`): it was killed while stopped, and
    /// what was read since is zeros.
    private(set) var processVanished = false

    init(pid: Int32, pageSize: UInt64) {
        self.pid = pid
        self.pageSize = pageSize
        memoryFile = (try? KernelInterface.open("/proc/\(pid)/mem", flags: O_RDONLY).get()) ?? -1
        pageMapFile = (try? KernelInterface.open("/proc/\(pid)/pagemap", flags: O_RDONLY).get()) ?? -1
    }

    /// Closes `/proc/PID/mem` and `/proc/PID/pagemap`.
    func close() {
        if memoryFile >= 0 { KernelInterface.close(memoryFile) }
        if pageMapFile >= 0 { KernelInterface.close(pageMapFile) }
    }

    /// The address ranges of `start ..< start + size` that hold pages in memory or in swap
    /// (pagemap bits 63 and 62), as (address, length) runs; the whole range when pagemap
    /// cannot be read.
    func populatedRanges(start: UInt64, size: UInt64) -> [(address: UInt64, length: UInt64)] {
        guard pageMapFile >= 0, size > 0 else { return size > 0 ? [(start, size)] : [] }
        let pageCount = Int(size / pageSize)
        let entriesPerRead = 65536
        var entries = [UInt64](repeating: 0, count: min(pageCount, entriesPerRead))
        var runs: [(address: UInt64, length: UInt64)] = []
        var runStart: UInt64?
        var page = 0
        while page < pageCount {
            let count = min(entriesPerRead, pageCount - page)
            let address = start + UInt64(page) * pageSize
            let read = entries.withUnsafeMutableBytes { buffer in
                KernelInterface.pread(pageMapFile, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count * 8]), at: address / pageSize * 8)
            }
            guard case .success(let bytes) = read, bytes == count * 8 else { return [(start, size)] }
            for index in 0..<count {
                let pageAddress = address + UInt64(index) * pageSize
                let populated = entries[index] & (3 << 62) != 0
                if populated, runStart == nil { runStart = pageAddress }
                if !populated, let begun = runStart {
                    runs.append((begun, pageAddress - begun))
                    runStart = nil
                }
            }
            page += count
        }
        if let begun = runStart { runs.append((begun, start + size - begun)) }
        return runs
    }

    /// The parts of a segment's first `dumpedSize` bytes that can hold data: all of a file
    /// mapping, the populated pages of anonymous memory.
    func dataRuns(of segment: CoreSegment) -> [(address: UInt64, length: UInt64)] {
        let start = segment.mapping.startAddress
        return segment.mapping.isFileBacked
            ? (segment.dumpedSize > 0 ? [(start, segment.dumpedSize)] : [])
            : populatedRanges(start: start, size: segment.dumpedSize)
    }

    /// Fills `buffer` with the bytes at `address` (a page boundary).
    mutating func read(at address: UInt64, into buffer: UnsafeMutableRawBufferPointer) {
        var done = 0
        switch KernelInterface.processVMRead(pid: pid, address: address, into: buffer) {
        case .success(let count): done = count
        case .failure(let error) where error.code == ESRCH: processVanished = true
        case .failure: break
        }
        while done < buffer.count {
            let pageEnd = min(buffer.count, (done / Int(pageSize) + 1) * Int(pageSize))
            let page = UnsafeMutableRawBufferPointer(rebasing: buffer[done..<pageEnd])
            var filled = 0
            if memoryFile >= 0, case .success(let count) = KernelInterface.pread(memoryFile, into: page, at: address + UInt64(done)) {
                filled = count
            }
            if filled < page.count {
                UnsafeMutableRawBufferPointer(rebasing: page[filled...]).initializeMemory(as: UInt8.self, repeating: 0)
                if filled == 0 { unreadablePages += 1 }
            }
            done = pageEnd
        }
    }

    /// Whether the mapping begins with the ELF magic number.
    mutating func startsWithELFHeader(_ mapping: MemoryMapping) -> Bool {
        var magic = [UInt8](repeating: 0, count: 4)
        magic.withUnsafeMutableBytes { read(at: mapping.startAddress, into: $0) }
        return magic == [0x7F, 0x45, 0x4C, 0x46]
    }
}
