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
}
