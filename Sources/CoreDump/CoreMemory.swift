/// The process memory a core holds: its `PT_LOAD` segments sorted by address, read straight
/// from the mapped file. Reads are bounds-checked against both the segment and the end of the
/// file, so a truncated core fails the reads it cannot serve instead of returning garbage.
public final class CoreMemory {
    private struct Segment {
        var start: UInt64
        /// One past the last address whose bytes the file holds.
        var availableEnd: UInt64
        var fileOffset: UInt64
    }

    /// Keeps the mapping that ``image`` points into alive.
    private let core: CoreFile
    private let image: UnsafeRawBufferPointer
    private let segments: [Segment]
    /// The segment that served the previous read: unwinding reads one stack many times.
    private var lastHit = 0

    /// How many bytes of memory the headers promise but the file does not hold.
    let missingBytes: UInt64
    /// The first address of the first segment the file cuts short, if any.
    let firstTruncatedAddress: UInt64?

    init(core: CoreFile) {
        self.core = core
        image = core.image
        var segments: [Segment] = []
        var missing: UInt64 = 0
        var firstTruncated: UInt64?
        for header in core.programHeaders where header.type == 1 /* PT_LOAD */ && header.fileSize > 0 {
            let present = UInt64(core.bytes(at: header.fileOffset, count: header.fileSize).count)
            if present < header.fileSize {
                missing += header.fileSize - present
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
    }

    /// Reads a little-endian word of `size` bytes (4 or 8) at a process address, or nil when
    /// the core does not hold all of it.
    public func readWord(at address: UInt64, size: Int) -> UInt64? {
        guard let offset = fileOffset(of: address, length: UInt64(size)) else { return nil }
        return size == 4
            ? UInt64(UInt32(littleEndian: image.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            : UInt64(littleEndian: image.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Copies `count` bytes at a process address, or returns nil when the core does not hold
    /// all of them in one segment.
    public func read(at address: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, let offset = fileOffset(of: address, length: UInt64(count)) else { return nil }
        return Array(image[offset..<(offset + count)])
    }

    private func fileOffset(of address: UInt64, length: UInt64) -> Int? {
        if lastHit < segments.count, let offset = offset(in: segments[lastHit], address: address, length: length) {
            return offset
        }
        var low = 0
        var high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        lastHit = low - 1
        return offset(in: segments[low - 1], address: address, length: length)
    }

    private func offset(in segment: Segment, address: UInt64, length: UInt64) -> Int? {
        guard address >= segment.start else { return nil }
        let end = address.addingReportingOverflow(length)
        guard !end.overflow, end.partialValue <= segment.availableEnd else { return nil }
        return Int(segment.fileOffset + (address - segment.start))
    }
}
