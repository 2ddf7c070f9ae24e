import DumpModel

/// Decodes `NT_FILE`: a count, the page size, `count` triples (start, end, offset in pages),
/// then `count` NUL-terminated paths.
enum FileNoteDecoder {
    /// The mappings, at most ``CoreReadLimits/maximumMappedFileCount`` of them, and how many
    /// more the note lists; nil when the note's count does not fit in the note.
    static func decode(_ note: ByteReader, wordSize: Int) -> (files: [MappedFile], omitted: Int)? {
        guard let count = note.word(at: 0, size: wordSize),
              let pageSize = note.word(at: wordSize, size: wordSize),
              count <= UInt64(note.count / (3 * wordSize))
        else { return nil }
        // At most the note's size: it fits in an Int.
        let listed = Int(count)
        let entryCount = min(listed, CoreReadLimits.maximumMappedFileCount)
        var pathOffset = 2 * wordSize + listed * 3 * wordSize
        var files: [MappedFile] = []
        files.reserveCapacity(entryCount)
        for index in 0..<entryCount {
            let base = 2 * wordSize + index * 3 * wordSize
            guard let start = note.word(at: base, size: wordSize),
                  let end = note.word(at: base + wordSize, size: wordSize),
                  let pageOffset = note.word(at: base + 2 * wordSize, size: wordSize),
                  let (path, pathLength) = note.cStringWithByteCount(at: pathOffset, maxLength: note.count - pathOffset)
            else { return nil }
            pathOffset += pathLength + 1
            let offset = pageOffset.multipliedReportingOverflow(by: pageSize)
            files.append(MappedFile(
                startAddress: start, endAddress: max(start, end),
                fileOffset: offset.overflow ? 0 : offset.partialValue, path: path))
        }
        return (files, listed - entryCount)
    }
}
