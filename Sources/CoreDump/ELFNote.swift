/// One ELF note: the owner name (`CORE`, `LINUX`), the type (`NT_PRSTATUS` ...) and the
/// descriptor bytes.
struct ELFNote {
    /// The owner name without its NUL terminator.
    var name: String
    /// The note type (`n_type`).
    var type: UInt32
    /// The descriptor bytes.
    var descriptor: ByteReader
}

/// Splits the bytes of a `PT_NOTE` segment into notes. A note whose sizes run past the end of
/// the segment ends the walk and is reported as corrupt, keeping the notes before it.
struct ELFNoteSequence: Sequence, IteratorProtocol {
    private let segment: ByteReader
    private let alignment: Int
    private var offset = 0
    /// Set when the walk stopped at a note that does not fit in the segment.
    private(set) var corruptionOffset: Int?

    /// - Parameters:
    ///   - segment: the bytes of one `PT_NOTE` segment.
    ///   - alignment: the segment's `p_align`: 8 for `ELF_T_NHDR8` notes, 4 otherwise.
    init(segment: ByteReader, alignment: UInt64) {
        self.segment = segment
        self.alignment = alignment == 8 ? 8 : 4
    }

    mutating func next() -> ELFNote? {
        guard offset + 12 <= segment.count else {
            if offset < segment.count, segment.slice(at: offset, count: segment.count - offset)?.bytes.contains(where: { $0 != 0 }) == true {
                corruptionOffset = offset
            }
            return nil
        }
        guard let nameSize = segment.uint32(at: offset), let descriptorSize = segment.uint32(at: offset + 4),
              let type = segment.uint32(at: offset + 8)
        else { return nil }
        let nameStart = offset + 12
        let descriptorStart = nameStart + Self.align(Int(nameSize), to: 4)
        let descriptorEnd = descriptorStart.addingReportingOverflow(Int(descriptorSize))
        guard !descriptorEnd.overflow, descriptorEnd.partialValue <= segment.count,
              let descriptor = segment.slice(at: descriptorStart, count: Int(descriptorSize))
        else {
            corruptionOffset = offset
            offset = segment.count
            return nil
        }
        let name = segment.cString(at: nameStart, maxLength: Int(nameSize)) ?? ""
        offset = Self.align(descriptorEnd.partialValue, to: alignment)
        return ELFNote(name: name, type: type, descriptor: descriptor)
    }

    private static func align(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) & ~(alignment - 1)
    }
}
