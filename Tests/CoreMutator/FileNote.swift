/// An `NT_FILE` descriptor taken apart and put back together: count, page size, one
/// (start, end, offset in pages) triple and one path per mapping.
struct FileNote {
    struct Entry {
        var start: UInt64
        var end: UInt64
        var pageOffset: UInt64
        var path: [UInt8]
    }

    var pageSize: UInt64
    var entries: [Entry]

    init(pageSize: UInt64, entries: [Entry]) {
        self.pageSize = pageSize
        self.entries = entries
    }

    /// Decodes a well-formed descriptor (a fixture's); paths past the end read as empty.
    init(descriptor: [UInt8], wordSize: Int) {
        let count = Int(min(descriptor.integer(at: 0, width: wordSize), UInt64(descriptor.count / (3 * wordSize))))
        pageSize = descriptor.integer(at: wordSize, width: wordSize)
        var pathOffset = 2 * wordSize + 3 * wordSize * count
        entries = (0..<count).map { index in
            let base = 2 * wordSize + 3 * wordSize * index
            let start = min(pathOffset, descriptor.count)
            let end = descriptor[start...].firstIndex(of: 0) ?? descriptor.count
            pathOffset = end + 1
            return Entry(
                start: descriptor.integer(at: base, width: wordSize), end: descriptor.integer(at: base + wordSize, width: wordSize),
                pageOffset: descriptor.integer(at: base + 2 * wordSize, width: wordSize), path: Array(descriptor[start..<end]))
        }
    }

    /// The descriptor; `count` overrides the entry count written, `terminateLast` false
    /// leaves the last path without its NUL.
    func encoded(wordSize: Int, count: UInt64? = nil, terminateLast: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendInteger(count ?? UInt64(entries.count), width: wordSize)
        bytes.appendInteger(pageSize, width: wordSize)
        for entry in entries {
            bytes.appendInteger(entry.start, width: wordSize)
            bytes.appendInteger(entry.end, width: wordSize)
            bytes.appendInteger(entry.pageOffset, width: wordSize)
        }
        for (index, entry) in entries.enumerated() {
            bytes += entry.path
            if terminateLast || index < entries.count - 1 { bytes.append(0) }
        }
        return bytes
    }
}
