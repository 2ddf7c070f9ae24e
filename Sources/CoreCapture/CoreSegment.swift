/// One `PT_LOAD` of the core: a mapping and how many of its bytes are written.
struct CoreSegment: Equatable {
    var mapping: MemoryMapping
    /// Bytes written from the mapping's start (`p_filesz`); the rest of the mapping is
    /// described (`p_memsz`) but absent.
    var dumpedSize: UInt64
    /// Where the bytes go in the file (`p_offset`); set by ``CoreFileLayout``.
    var fileOffset: UInt64 = 0

    /// The segments for a process's mappings, in address order.
    ///
    /// `[vvar]` gets none (it cannot be read). An unreadable mapping gets a segment without
    /// bytes, as the kernel writes it. With ``CaptureOptions/skipFileBackedReadOnly`` a
    /// file-backed mapping the process cannot write keeps only its first page when it is the
    /// start of an ELF file (the kernel's `MMF_DUMP_ELF_HEADERS`), for build-ids.
    ///
    /// - Parameter startsWithELFHeader: whether the mapping's first bytes are `\x7fELF`.
    static func plan(
        _ mappings: [MemoryMapping], options: CaptureOptions, pageSize: UInt64,
        startsWithELFHeader: (MemoryMapping) -> Bool
    ) -> [CoreSegment] {
        let cap = options.maxSegmentBytes.map { $0 / pageSize * pageSize }
        return mappings.filter { !$0.isKernelData }.map { mapping in
            var size = mapping.isReadable ? mapping.size : 0
            if size > 0, options.skipFileBackedReadOnly, mapping.isFileBacked, !mapping.isWritable {
                size = mapping.fileOffset == 0 && startsWithELFHeader(mapping) ? min(pageSize, mapping.size) : 0
            }
            if let cap { size = min(size, cap) }
            return CoreSegment(mapping: mapping, dumpedSize: size)
        }
    }

    /// Cuts `segments` so that the data they write adds up to at most `total` bytes, giving
    /// it out by what an analysis needs most: the first page of every file mapping at offset
    /// 0 (ELF headers and build-ids, so modules are still found), then whole thread stacks
    /// (the mappings holding a stack pointer), then writable memory (heap, data, anonymous),
    /// then the rest; each class in address order. A segment's bytes run from its start, so a
    /// cut one keeps a prefix (and its full `p_memsz`); a stack that does not fit whole gets
    /// nothing, as its frames are at the top.
    ///
    /// - Parameter dataRuns: the parts of a segment's first `dumpedSize` bytes that hold data
    ///   and so cost space in the file (the rest are holes).
    static func capped(
        _ segments: [CoreSegment], toTotal total: UInt64, stackPointers: [UInt64], pageSize: UInt64,
        dataRuns: (CoreSegment) -> [(address: UInt64, length: UInt64)]
    ) -> [CoreSegment] {
        var budget = total
        var granted = [UInt64](repeating: 0, count: segments.count)
        var runs: [[(address: UInt64, length: UInt64)]?] = Array(repeating: nil, count: segments.count)
        /// Data bytes of segment `index` between offsets `from` and `to`, and the largest end
        /// at most `to` whose data fits `budget` (whole pages).
        func fit(_ index: Int, from: UInt64, to: UInt64) -> (end: UInt64, cost: UInt64) {
            if runs[index] == nil { runs[index] = dataRuns(segments[index]) }
            let base = segments[index].mapping.startAddress
            var cost: UInt64 = 0
            for run in runs[index] ?? [] {
                let runStart = max(run.address - base, from), runEnd = min(run.address - base + run.length, to)
                guard runStart < runEnd else { continue }
                if cost + (runEnd - runStart) > budget {
                    let end = runStart + (budget - cost) / pageSize * pageSize
                    return (end, cost + (end - runStart))
                }
                cost += runEnd - runStart
            }
            return (to, cost)
        }
        func grant(_ index: Int, upTo size: UInt64, wholeOnly: Bool = false) {
            guard size > granted[index] else { return }
            let (end, cost) = fit(index, from: granted[index], to: size)
            if wholeOnly && end < size { return }
            granted[index] = end
            budget -= cost
        }
        let wanted = segments.map(\.dumpedSize)
        for index in segments.indices where segments[index].mapping.isFileBacked && segments[index].mapping.fileOffset == 0 {
            grant(index, upTo: min(pageSize, wanted[index]), wholeOnly: true)
        }
        let stacks = Set(segments.indices.filter { index in
            let mapping = segments[index].mapping
            return stackPointers.contains { $0 >= mapping.startAddress && $0 < mapping.endAddress }
        })
        for index in segments.indices where stacks.contains(index) {
            grant(index, upTo: wanted[index], wholeOnly: true)
        }
        for index in segments.indices where !stacks.contains(index) && segments[index].mapping.isWritable {
            grant(index, upTo: wanted[index])
        }
        for index in segments.indices where !stacks.contains(index) {
            grant(index, upTo: wanted[index])
        }
        return segments.indices.map { index in
            var segment = segments[index]
            segment.dumpedSize = granted[index]
            return segment
        }
    }
}
