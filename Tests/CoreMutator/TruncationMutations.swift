/// The core cut short: at a structure boundary (inside the ELF header, between and inside
/// program headers, at each note's header, name, descriptor and end, at the start, middle and
/// end of each segment's bytes) or at a random length.
enum TruncationMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let length: Int
        if kind == .truncateBoundary {
            let boundaries = Self.boundaries(context.layout, fileSize: context.editor.bytes.count)
            length = boundaries[context.random.index(boundaries.count)]
        } else {
            length = context.random.index(context.editor.bytes.count)
        }
        context.say("cut to \(length) of \(context.editor.bytes.count) bytes")
        context.editor.bytes.removeLast(context.editor.bytes.count - length)
    }

    /// Every length at which a structure starts, ends or is half read.
    static func boundaries(_ layout: CoreLayout, fileSize: Int) -> [Int] {
        var cuts: Set<Int> = [0, 1, 4, 5, 16, 18, 20, layout.headerSize - 1, layout.headerSize]
        let entrySize = layout.programHeaderEntrySize
        for segment in layout.segments {
            cuts.formUnion([segment.headerOffset, segment.headerOffset + 4, segment.headerOffset + entrySize / 2])
            if segment.fileSize > 0 {
                let start = Int(segment.offset), size = Int(segment.fileSize)
                cuts.formUnion([start, start + 1, start + size / 2, start + size - 1])
            }
        }
        cuts.insert(layout.programHeaderOffset + layout.segments.count * entrySize)
        for note in layout.notes {
            cuts.formUnion([note.offset, note.offset + 4, note.offset + 12, note.descriptorOffset, note.descriptorOffset + note.descriptorSize / 2, note.end - 1])
        }
        return cuts.filter { $0 >= 0 && $0 < fileSize }.sorted()
    }
}
