/// The head of an ELF core arriving on a pipe (its ELF header and program header table), and
/// the rewrite that inserts one note segment into it while the rest streams through verbatim.
///
/// The new head is: the ELF header with `e_phnum + 1`; the old program headers with every
/// `p_offset` moved by a delta that is a multiple of the page size and of every `PT_LOAD`'s
/// alignment (so a `PT_LOAD`'s offset stays congruent to its address modulo its alignment:
/// 64 KiB pages on some aarch64 kernels); one more `PT_NOTE` header; the note; zeros up to the old
/// table's end plus the delta. Every byte after the old table then keeps its place plus the
/// delta. Only 64-bit little-endian `ET_CORE` files without `PN_XNUM` are rewritten.
public struct CoreHead {
    /// The size of an `Elf64_Ehdr`.
    public static let headerSize = 64
    /// The size of an `Elf64_Phdr`.
    static let programHeaderSize = 56
    /// The most program headers a head may have (`PN_XNUM` is 0xffff and is refused).
    static let maximumProgramHeaders = 0xFFFE
    /// Where the table may start at the latest (the kernel puts it right after the header).
    static let maximumTableOffset = 4096
    /// The delta's smallest unit: offsets stay page-aligned.
    static let pageSize = 4096
    /// The largest `PT_LOAD` alignment the delta follows; a larger one (which no kernel
    /// writes) is not kept.
    static let maximumAlignment = 1 << 20

    private let header: [UInt8]
    private let tableOffset: Int
    private let programHeaderCount: Int

    /// Where the program header table ends: the bytes of the head to read before calling
    /// ``inserting(noteName:type:descriptor:head:)``.
    public var tableEnd: Int { tableOffset + programHeaderCount * Self.programHeaderSize }

    /// Checks the ELF header (the first ``headerSize`` bytes of the stream).
    /// - Throws: ``Refusal`` saying why the core is stored unchanged.
    public init(header: [UInt8]) throws(Refusal) {
        guard header.count >= Self.headerSize else { throw Refusal(reason: "the stream is shorter than an ELF header") }
        guard header[0..<4] == [0x7F, 0x45, 0x4C, 0x46] else { throw Refusal(reason: "not an ELF file") }
        guard header[4] == 2, header[5] == 1 else { throw Refusal(reason: "not a 64-bit little-endian ELF file") }
        let bytes = Array(header.prefix(Self.headerSize))
        guard Self.uint16(bytes, at: 16) == 4 else { throw Refusal(reason: "not an ELF core (e_type is not ET_CORE)") }
        guard Self.uint16(bytes, at: 54) == UInt16(Self.programHeaderSize) else {
            throw Refusal(reason: "e_phentsize is not \(Self.programHeaderSize)")
        }
        let count = Int(Self.uint16(bytes, at: 56))
        guard count <= Self.maximumProgramHeaders else { throw Refusal(reason: "the core uses PN_XNUM (more than 65534 segments)") }
        let offset = Self.uint64(bytes, at: 32)
        guard offset >= UInt64(Self.headerSize), offset <= UInt64(Self.maximumTableOffset) else {
            throw Refusal(reason: "e_phoff \(offset) is not between \(Self.headerSize) and \(Self.maximumTableOffset)")
        }
        self.header = bytes
        tableOffset = Int(offset)
        programHeaderCount = count
    }

    /// The head with a note segment holding one note inserted, to be written in place of the
    /// first ``tableEnd`` bytes of the stream; every later byte follows at its offset plus
    /// the returned delta.
    ///
    /// - Parameters:
    ///   - head: the first ``tableEnd`` bytes of the stream.
    /// - Throws: ``Refusal`` when a segment lies inside the head or its offset would overflow.
    public func inserting(noteName: String, type: UInt32, descriptor: [UInt8], head: [UInt8]) throws(Refusal) -> (head: [UInt8], delta: UInt64) {
        guard head.count >= tableEnd else { throw Refusal(reason: "the stream ends inside the program header table") }
        let note = Self.note(name: noteName, type: type, descriptor: descriptor)
        let newTableEnd = tableEnd + Self.programHeaderSize
        let noteOffset = (newTableEnd + 7) & ~7
        let unit = loadAlignment(head: head)
        let delta = UInt64((noteOffset + note.count - tableEnd + unit - 1) / unit * unit)
        var rewritten = Array(head[0..<tableOffset])
        Self.store(UInt16(programHeaderCount + 1), into: &rewritten, at: 56)
        let sectionTable = Self.uint64(header, at: 40)
        if sectionTable != 0 {
            guard sectionTable >= UInt64(tableEnd), sectionTable <= UInt64.max - delta else {
                throw Refusal(reason: "the section header table lies inside the program headers")
            }
            Self.store(sectionTable + delta, into: &rewritten, at: 40)
        }
        for index in 0..<programHeaderCount {
            let start = tableOffset + index * Self.programHeaderSize
            var entry = Array(head[start..<start + Self.programHeaderSize])
            let offset = Self.uint64(entry, at: 8)
            let fileSize = Self.uint64(entry, at: 32)
            if fileSize > 0 || offset > 0 {
                guard offset >= UInt64(tableEnd) || fileSize == 0 else {
                    throw Refusal(reason: "segment \(index) lies inside the program header table")
                }
                guard offset <= UInt64.max - delta else { throw Refusal(reason: "segment \(index)'s offset overflows") }
                Self.store(offset >= UInt64(tableEnd) ? offset + delta : offset, into: &entry, at: 8)
            }
            rewritten += entry
        }
        var noteHeader = [UInt8](repeating: 0, count: Self.programHeaderSize)
        Self.store(UInt32(4), into: &noteHeader, at: 0)  // PT_NOTE
        Self.store(UInt32(4), into: &noteHeader, at: 4)  // PF_R
        Self.store(UInt64(noteOffset), into: &noteHeader, at: 8)
        Self.store(UInt64(note.count), into: &noteHeader, at: 32)
        Self.store(UInt64(4), into: &noteHeader, at: 48)
        rewritten += noteHeader
        rewritten += [UInt8](repeating: 0, count: noteOffset - rewritten.count)
        rewritten += note
        rewritten += [UInt8](repeating: 0, count: tableEnd + Int(delta) - rewritten.count)
        return (rewritten, delta)
    }

    /// The largest power-of-two `p_align` of the `PT_LOAD` headers between ``pageSize`` and
    /// ``maximumAlignment``, else ``pageSize``.
    private func loadAlignment(head: [UInt8]) -> Int {
        var unit = Self.pageSize
        for index in 0..<programHeaderCount {
            let start = tableOffset + index * Self.programHeaderSize
            guard head[start] == 1, head[start + 1...start + 3].allSatisfy({ $0 == 0 }) else { continue }
            let alignment = Self.uint64(head, at: start + 48)
            if alignment > UInt64(unit), alignment <= UInt64(Self.maximumAlignment), alignment & (alignment - 1) == 0 {
                unit = Int(alignment)
            }
        }
        return unit
    }

    /// One ELF note: `Elf64_Nhdr` (name size, descriptor size, type), the NUL-terminated name
    /// and the descriptor, each padded to 4 bytes.
    static func note(name: String, type: UInt32, descriptor: [UInt8]) -> [UInt8] {
        let nameBytes = Array(name.utf8) + [0]
        var bytes = [UInt8](repeating: 0, count: 12)
        store(UInt32(nameBytes.count), into: &bytes, at: 0)
        store(UInt32(clamping: descriptor.count), into: &bytes, at: 4)
        store(type, into: &bytes, at: 8)
        bytes += nameBytes + [UInt8](repeating: 0, count: (4 - nameBytes.count % 4) % 4)
        bytes += descriptor + [UInt8](repeating: 0, count: (4 - descriptor.count % 4) % 4)
        return bytes
    }

    /// Why a core is stored without the note.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    private static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    private static func store<Integer: FixedWidthInteger>(_ value: Integer, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<MemoryLayout<Integer>.size {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }
}
