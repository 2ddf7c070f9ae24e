import DumpModel

/// A core's program headers, read with `pread` at explicit offsets and made consistent once,
/// where they are read: every later use (``CoreMemory``, ``CoreNotes``, the memory segments of
/// the model) can add and subtract their fields without a check.
///
/// A header that overflows is clamped (``ProgramHeader/clamped()``) with one warning per kind
/// of inconsistency, and a table longer than ``CoreReadLimits/maximumProgramHeaderCount`` is
/// read up to that count, with a warning.
struct ProgramHeaderTable {
    /// The headers, in file order.
    var headers: [ProgramHeader] = []
    /// What was clamped or left out.
    var diagnostics: [Diagnostic] = []
    /// Whether the core has more headers than were read. libelf reads the whole table when
    /// asked for one header, so libdwfl must not be given such a core.
    var isCut = false

    /// How many headers are decoded per `pread`.
    private static let headersPerRead = 4096

    /// Reads the table `header` describes.
    ///
    /// - Parameters:
    ///   - header: the core's validated ELF header.
    ///   - path: the core's name for messages.
    ///   - read: reads up to `count` bytes at an offset, fewer at the end of the file.
    /// - Throws: ``CoreDumpError/corruptHeader(path:reason:)`` when the core has no program
    ///   header or the file ends inside the table.
    init(header: ELFHeader, path: String, read: (_ offset: UInt64, _ count: Int) -> [UInt8]) throws {
        guard header.programHeaderCount > 0 else {
            throw CoreDumpError.corruptHeader(path: path, reason: "no readable program headers")
        }
        let limit = CoreReadLimits.maximumProgramHeaderCount
        let count = Int(clamping: min(header.programHeaderCount, UInt64(limit)))
        if header.programHeaderCount > UInt64(limit) {
            isCut = true
            diagnostics.append(.warning(
                "the core has \(header.programHeaderCount) program headers, more than the \(limit) read: the memory of the segments after the first \(limit) is missing"))
        }
        let size = header.programHeaderSize
        var counts: [ProgramHeader.Inconsistency: (count: Int, first: Int)] = [:]
        headers.reserveCapacity(count)
        var index = 0
        while index < count {
            let batch = min(Self.headersPerRead, count - index)
            let (offset, overflow) = header.programHeaderOffset.addingReportingOverflow(UInt64(index * size))
            let bytes = overflow ? [] : read(offset, batch * size)
            guard bytes.count == batch * size else {
                throw CoreDumpError.corruptHeader(
                    path: path,
                    reason: "program header \(index + bytes.count / size) of \(header.programHeaderCount) is cut short (the file is truncated)")
            }
            bytes.withUnsafeBytes { buffer in
                let reader = ByteReader(bytes: buffer)
                for position in 0..<batch {
                    guard let raw = ProgramHeader(decoding: reader, at: position * size, wordSize: header.wordSize) else { continue }
                    let (clamped, inconsistencies) = raw.clamped()
                    for inconsistency in inconsistencies {
                        let previous = counts[inconsistency]
                        counts[inconsistency] = ((previous?.count ?? 0) + 1, previous?.first ?? index + position)
                    }
                    headers.append(clamped)
                }
            }
            index += batch
        }
        for inconsistency in ProgramHeader.Inconsistency.allCases {
            guard let (count, first) = counts[inconsistency] else { continue }
            diagnostics.append(.warning(Self.message(inconsistency, count: count, first: first)))
        }
    }

    /// The warning for `count` headers with the same inconsistency, the first at `first`.
    static func message(_ inconsistency: ProgramHeader.Inconsistency, count: Int, first: Int) -> String {
        let which = count == 1 ? "program header \(first)" : "\(count) program headers (the first is \(first))"
        switch inconsistency {
        case .wrapsAddressSpace:
            return "\(which) of the core \(count == 1 ? "runs" : "run") past the top of the address space (p_vaddr + p_memsz): cut there; the core is corrupt"
        case .fileSizeExceedsMemorySize:
            return "\(which) of the core \(count == 1 ? "claims" : "claim") more bytes in the file than in memory (p_filesz > p_memsz): cut to p_memsz; the core is corrupt"
        case .wrapsFileOffsets:
            return "\(which) of the core \(count == 1 ? "runs" : "run") past the largest file offset (p_offset + p_filesz): cut there; the core is corrupt"
        }
    }
}
