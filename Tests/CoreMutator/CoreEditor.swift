/// A fixture's bytes being mutated, with the layout of the original to find fields by name.
/// Edits that grow a structure (new notes, a longer program header table) append it at the end
/// of the file and point the header at it, so every other offset stays valid.
public struct CoreEditor {
    public var bytes: [UInt8]
    public let layout: CoreLayout

    public init(bytes: [UInt8], layout: CoreLayout) {
        self.bytes = bytes
        self.layout = layout
    }

    public func header(_ field: ELFField) -> UInt64 {
        let (offset, width) = field.location(is64: layout.is64)
        return bytes.integer(at: offset, width: width)
    }

    public mutating func setHeader(_ field: ELFField, _ value: UInt64) {
        let (offset, width) = field.location(is64: layout.is64)
        bytes.setInteger(value, at: offset, width: width)
    }

    public func programHeader(_ index: Int, _ field: ProgramHeaderField) -> UInt64 {
        let (offset, width) = field.location(is64: layout.is64)
        return bytes.integer(at: layout.segments[index].headerOffset + offset, width: width)
    }

    public mutating func setProgramHeader(_ index: Int, _ field: ProgramHeaderField, _ value: UInt64) {
        let (offset, width) = field.location(is64: layout.is64)
        bytes.setInteger(value, at: layout.segments[index].headerOffset + offset, width: width)
    }

    /// Appends `data` at the end of the file, 8-byte aligned, and returns its offset.
    @discardableResult
    public mutating func append(_ data: [UInt8]) -> Int {
        bytes.pad(to: 8)
        let offset = bytes.count
        bytes += data
        return offset
    }

    /// The notes of the first `PT_NOTE` segment as records.
    public func noteRecords() -> [NoteRecord] {
        guard let segment = layout.noteSegment else { return [] }
        return layout.notes.filter { $0.segment == segment.index }.map { note in
            NoteRecord(
                name: Array(bytes[(note.offset + 12)..<(note.offset + 12 + note.nameSize)]), type: note.type,
                descriptor: Array(bytes[note.descriptorOffset..<(note.descriptorOffset + note.descriptorSize)]))
        }
    }

    /// Writes `notes` as a new note segment at the end of the file and points the first
    /// `PT_NOTE` header at it.
    public mutating func replaceNotes(_ notes: [NoteRecord], alignment: Int = 4) {
        replaceNoteBytes(NoteRecord.encode(notes, alignment: alignment))
    }

    /// Points the first `PT_NOTE` header at `data`, appended at the end of the file.
    public mutating func replaceNoteBytes(_ data: [UInt8]) {
        guard let segment = layout.noteSegment else { return }
        let offset = append(data)
        setProgramHeader(segment.index, .offset, UInt64(offset))
        setProgramHeader(segment.index, .fileSize, UInt64(data.count))
    }

    /// Rewrites the notes through `transform`, which gets them in file order.
    public mutating func editNotes(alignment: Int = 4, _ transform: (inout [NoteRecord]) -> Void) {
        var notes = noteRecords()
        transform(&notes)
        replaceNotes(notes, alignment: alignment)
    }
}
