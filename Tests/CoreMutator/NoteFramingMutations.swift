/// Mutations of the note framing: `namesz`, `descsz`, type and owner of one note, the order
/// and count of notes, where the segment ends and how notes are padded.
enum NoteFramingMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let notes = context.layout.notes
        guard !notes.isEmpty else { return context.say("no notes") }
        let note = context.random.pick(notes)
        switch kind {
        case .noteNameSize:
            let size = UInt64(note.nameSize)
            let sizes: [UInt64] = [0, 1, 3, 4, 5, size &- 1, size + 1, size + 4, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff]
            let value = context.random.pick(sizes + [context.random.next() & 0xffff_ffff])
            set(note, field: 0, name: "namesz", to: value, in: &context)
        case .noteDescriptorSize:
            let segmentEnd = context.layout.segments[note.segment].offset + context.layout.segments[note.segment].fileSize
            let rest = segmentEnd - UInt64(note.descriptorOffset)
            let size = UInt64(note.descriptorSize)
            let sizes: [UInt64] = [0, 1, size &- 1, size + 1, size + 3, size + 4, size + 8, rest, rest + 1, 0x7fff_ffff, 0xffff_fffc, 0xffff_ffff]
            let value = context.random.pick(sizes + [context.random.next() & 0xffff_ffff])
            set(note, field: 4, name: "descsz", to: value & 0xffff_ffff, in: &context)
        case .noteType:
            let types = (NoteType.all + [UInt32(truncatingIfNeeded: context.random.next())]).filter { $0 != note.type }
            set(note, field: 8, name: "type", to: UInt64(context.random.pick(types)), in: &context)
        case .noteOwner:
            let index = notes.firstIndex { $0.offset == note.offset }!
            let owners: [[UInt8]] = [
                Array("CORE\0".utf8), Array("LINUX\0".utf8), [], [0], Array("GNU\0".utf8), Array("ANALYZEDUMP\0".utf8),
                Array("CORE".utf8), Array("CORE\0\0\0\0".utf8), Array("CORE\0CORE\0".utf8),
                (0..<(1 + context.random.index(40))).map { _ in UInt8(truncatingIfNeeded: context.random.next()) },
                Array(repeating: UInt8(ascii: "N"), count: 300) + [0],
            ]
            let owner = context.random.pick(owners)
            context.say("note \(index) (type 0x\(String(note.type, radix: 16))) owner \(note.owner) -> \(owner.count) bytes \(String(decoding: owner.prefix(16), as: UTF8.self).debugDescription)")
            context.editor.editNotes { $0[index].name = owner }
        case .noteOrder:
            let variant = context.random.index(3)
            var random = context.random
            context.editor.editNotes { records in
                switch variant {
                case 0: records.shuffle(using: &random)
                case 1: records.reverse()
                default: records.append(records.removeFirst())
                }
            }
            context.random = random
            context.say(["notes shuffled", "notes reversed", "first note moved last"][variant])
        case .noteDrop:
            dropNotes(&context)
        case .noteDuplicate:
            let whole = context.random.chance(1, in: 4)
            let count = 1 + context.random.index(3)
            var random = context.random
            context.editor.editNotes { records in
                if whole { return records += records }
                for _ in 0..<count {
                    let copy = records[random.index(records.count)]
                    records.insert(copy, at: random.index(records.count + 1))
                }
            }
            context.random = random
            context.say(whole ? "every note twice" : "\(count) notes duplicated at random positions")
        case .noteSegmentCut:
            guard let segment = context.layout.noteSegment else { return }
            let cut = context.random.chance(1, in: 2)
                ? UInt64(note.offset) - segment.offset + UInt64(context.random.pick([0, 1, 4, 8, 11, 12, 13, note.descriptorOffset - note.offset + 1]))
                : context.random.next() % max(1, segment.fileSize)
            context.say("PT_NOTE p_filesz \(segment.fileSize) -> \(cut)")
            context.editor.setProgramHeader(segment.index, .fileSize, cut)
        default:
            // Notes padded to 8 in a segment that says 4, or the other way round.
            let eight = context.random.chance(1, in: 2)
            context.editor.editNotes(alignment: eight ? 8 : 4) { _ in }
            if let segment = context.layout.noteSegment {
                context.editor.setProgramHeader(segment.index, .alignment, eight ? 4 : 8)
            }
            context.say(eight ? "notes padded to 8, p_align 4" : "notes padded to 4, p_align 8")
        }
    }

    private static func set(_ note: CoreLayout.Note, field: Int, name: String, to value: UInt64, in context: inout MutationContext) {
        let index = context.layout.notes.firstIndex { $0.offset == note.offset }!
        context.say("note \(index) (\(note.owner) type 0x\(String(note.type, radix: 16))) \(name) \(context.editor.bytes.integer(at: note.offset + field, width: 4)) -> \(value)")
        context.editor.bytes.setInteger(value, at: note.offset + field, width: 4)
    }

    private static func dropNotes(_ context: inout MutationContext) {
        let variant = context.random.index(4)
        let types = Array(Set(context.layout.notes.map(\.type))).sorted()
        let droppedType = context.random.pick(types)
        let index = context.random.index(context.layout.notes.count)
        context.editor.editNotes { records in
            switch variant {
            case 0: records.remove(at: min(index, records.count - 1))
            case 1: records.removeAll { $0.type == droppedType }
            case 2: records.removeAll { $0.type == NoteType.status }
            default: records.removeAll()
            }
        }
        context.say(["note \(index) dropped", "every note of type 0x\(String(droppedType, radix: 16)) dropped", "every NT_PRSTATUS dropped", "every note dropped"][variant])
    }
}
