import DumpModel

/// The process memory a core holds: its `PT_LOAD` segments sorted by address, read from the
/// file with `pread` through a small cache of file pages. Unwinding reads a few words from
/// each of a few pages per thread, so a 4 MiB cache serves it with one `pread` per page, and
/// memory use does not grow with the core's size. Reads are bounds-checked against both the
/// segment and the end of the file: a truncated core fails the reads it cannot serve.
public final class CoreMemory: ProcessMemory {
    private struct Segment {
        var start: UInt64
        /// One past the last address whose bytes the file holds.
        var availableEnd: UInt64
        var fileOffset: UInt64
    }

    private static let pageSize = 4096
    private static let slotCount = 1024

    private let core: CoreFile
    private let segments: [Segment]
    /// The segment that served the previous read: unwinding reads one stack many times.
    private var lastHit = 0
    /// Direct-mapped page cache: the file page each slot holds (page number + 1, 0 if none),
    /// how many of its bytes the file has, and the bytes.
    private var slotPages: [UInt64]
    private var slotLengths: [Int]
    private let slotBytes: UnsafeMutableRawBufferPointer

    /// How many bytes of memory the headers promise but the file does not hold.
    let missingBytes: UInt64
    /// The first address of the first segment the file cuts short, if any.
    let firstTruncatedAddress: UInt64?

    init(core: CoreFile) {
        self.core = core
        var segments: [Segment] = []
        var missing: UInt64 = 0
        var firstTruncated: UInt64?
        // ProgramHeaderTable clamped the headers: present <= fileSize <= memorySize, and the
        // segment's addresses fit below 2^64 (the end wraps to 0 only at the very top).
        for header in core.programHeaders where header.type == ProgramHeader.loadType && header.fileSize > 0 {
            let present = core.availableBytes(at: header.fileOffset, count: header.fileSize)
            if present < header.fileSize {
                // Saturating: many segments may each claim nearly 2^64 bytes.
                let (sum, overflow) = missing.addingReportingOverflow(header.fileSize - present)
                missing = overflow ? .max : sum
                if firstTruncated == nil { firstTruncated = header.virtualAddress }
            }
            guard present > 0 else { continue }
            let end = header.virtualAddress.addingReportingOverflow(present)
            guard !end.overflow else { continue }
            segments.append(Segment(start: header.virtualAddress, availableEnd: end.partialValue, fileOffset: header.fileOffset))
        }
        self.segments = segments.sorted { $0.start < $1.start }
        self.missingBytes = missing
        self.firstTruncatedAddress = firstTruncated
        slotPages = Array(repeating: 0, count: Self.slotCount)
        slotLengths = Array(repeating: 0, count: Self.slotCount)
        slotBytes = .allocate(byteCount: Self.slotCount * Self.pageSize, alignment: 16)
    }

    deinit { slotBytes.deallocate() }

    /// One past the last address of the segment holding `address` that the file holds, nil
    /// when no segment the file holds covers it: for a stack pointer, the end of its stack.
    func segmentEnd(containing address: UInt64) -> UInt64? {
        // The last segment starting at or below the address.
        var low = 0, high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, address < segments[low - 1].availableEnd else { return nil }
        return segments[low - 1].availableEnd
    }

    /// Reads a little-endian word of `size` bytes (4 or 8) at a process address, or nil when
    /// the core does not hold all of it.
    public func readWord(at address: UInt64, size: Int) -> UInt64? {
        guard let offset = fileOffset(of: address, length: UInt64(size)) else { return nil }
        var word: UInt64 = 0
        let copied = withUnsafeMutableBytes(of: &word) { copy(fromFileOffset: offset, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<size])) }
        return copied ? UInt64(littleEndian: word) : nil
    }

    /// Copies `count` bytes at a process address, or returns nil when the core does not hold
    /// all of them in one segment.
    public func read(at address: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, let offset = fileOffset(of: address, length: UInt64(count)) else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let copied = bytes.withUnsafeMutableBytes { copy(fromFileOffset: offset, into: $0) }
        return copied ? bytes : nil
    }

    /// Fills `buffer` from the file through the page cache; false if the file ends first.
    private func copy(fromFileOffset offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
        var done = 0
        while done < buffer.count {
            let position = offset + UInt64(done)
            let page = position / UInt64(Self.pageSize)
            let slot = Int(page % UInt64(Self.slotCount))
            if slotPages[slot] != page + 1 {
                let destination = UnsafeMutableRawBufferPointer(rebasing: slotBytes[(slot * Self.pageSize)..<((slot + 1) * Self.pageSize)])
                slotLengths[slot] = core.read(at: page * UInt64(Self.pageSize), into: destination)
                slotPages[slot] = page + 1
            }
            let start = Int(position % UInt64(Self.pageSize))
            let length = min(buffer.count - done, slotLengths[slot] - start)
            guard length > 0 else { return false }
            let source = slotBytes.baseAddress! + slot * Self.pageSize + start
            (buffer.baseAddress! + done).copyMemory(from: source, byteCount: length)
            done += length
        }
        return true
    }

    private func fileOffset(of address: UInt64, length: UInt64) -> UInt64? {
        if lastHit < segments.count, let offset = offset(in: segments[lastHit], address: address, length: length) {
            return offset
        }
        guard let index = segments.lastIndex(withKeyAtMost: address, key: \.start) else { return nil }
        lastHit = index
        return offset(in: segments[index], address: address, length: length)
    }

    private func offset(in segment: Segment, address: UInt64, length: UInt64) -> UInt64? {
        guard address >= segment.start else { return nil }
        let end = address.addingReportingOverflow(length)
        guard !end.overflow, end.partialValue <= segment.availableEnd else { return nil }
        return segment.fileOffset + (address - segment.start)
    }
}
