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
    /// cannot be read. A present page that is the kernel's shared zero page (mapped where the
    /// process only read untouched memory, as gdb's gcore does to every page) does not count,
    /// when the zero page's frame number can be told (``zeroPageFrame``).
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
                let entry = entries[index]
                let populated = entry & (3 << 62) != 0
                    && !(entry >> 63 == 1 && Self.zeroPageFrame != 0 && entry & Self.frameMask == Self.zeroPageFrame)
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
    /// mapping or of a kernel-provided one (`[vdso]`, `[vsyscall]`: pages the process has
    /// not touched are missing from pagemap but hold code), the populated pages of anonymous
    /// memory.
    func dataRuns(of segment: CoreSegment) -> [(address: UInt64, length: UInt64)] {
        let start = segment.mapping.startAddress
        return segment.mapping.isFileBacked || segment.mapping.isKernelProvided
            ? (segment.dumpedSize > 0 ? [(start, segment.dumpedSize)] : [])
            : populatedRanges(start: start, size: segment.dumpedSize)
    }

    /// Bits 0-54 of a present page's pagemap entry: its page frame number.
    private static let frameMask: UInt64 = (1 << 55) - 1

    /// The page frame of the kernel's shared zero page, found by reading an untouched page of
    /// our own and looking it up in `/proc/self/pagemap`; 0 when the kernel hides frame
    /// numbers (without `CAP_SYS_ADMIN`), and then zero pages are read like any other.
    static let zeroPageFrame: UInt64 = {
        let size = Int(KernelInterface.pageSize())
        guard let page = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED else { return 0 }
        defer { munmap(page, size) }
        // Reading (never writing) the page maps the zero page in; an untouched page reads 0.
        guard page.load(as: UInt8.self) == 0 else { return 0 }
        guard case .success(let descriptor) = KernelInterface.open("/proc/self/pagemap", flags: O_RDONLY) else { return 0 }
        defer { KernelInterface.close(descriptor) }
        var entry: UInt64 = 0
        let read = withUnsafeMutableBytes(of: &entry) {
            KernelInterface.pread(descriptor, into: $0, at: UInt64(UInt(bitPattern: page)) / UInt64(size) * 8)
        }
        guard case .success(8) = read, entry >> 63 == 1 else { return 0 }
        return entry & frameMask
    }()

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
