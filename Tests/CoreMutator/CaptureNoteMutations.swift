/// Mutations of the `ANALYZEDUMP` note `analyze-dump capture` writes (layout in
/// `DumpModel/CaptureNote.swift`): version, counts and lengths that do not fit, hostile
/// names, duplicate and unknown TIDs, extreme times; and the note where it should not be.
enum CaptureNoteMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let existing = context.layout.notes.firstIndex { $0.type == NoteType.capture && $0.owner == "ANALYZEDUMP" }
        var descriptor = existing.map { index in
            let note = context.layout.notes[index]
            return Array(context.editor.bytes[note.descriptorOffset..<(note.descriptorOffset + note.descriptorSize)])
        } ?? built(&context)
        if existing == nil { context.say("ANALYZEDUMP note added") }
        if kind == .captureFields {
            fields(&descriptor, &context)
            context.editor.editNotes { records in
                let note = NoteRecord(owner: "ANALYZEDUMP", type: NoteType.capture, descriptor: descriptor)
                if let existing { records[existing] = note } else { records.append(note) }
            }
            return
        }
        let variant = context.random.index(3)
        var second = descriptor
        second.setInteger(context.random.next(), at: 8, width: 8)
        context.editor.editNotes { records in
            let note = NoteRecord(owner: "ANALYZEDUMP", type: NoteType.capture, descriptor: descriptor)
            if let existing { records.remove(at: existing) }
            switch variant {
            case 0: records.insert(note, at: 0)
            case 1: records += [note, NoteRecord(owner: "ANALYZEDUMP", type: NoteType.capture, descriptor: second)]
            default:
                // A type-1 note of our owner, 336 bytes long: BFD once took it for a thread.
                records += [note, NoteRecord(owner: "ANALYZEDUMP", type: NoteType.status, descriptor: Array(repeating: 0x41, count: 336))]
            }
        }
        context.say(["capture note first", "two capture notes", "capture note plus a 336-byte type-1 note of the same owner"][variant])
    }

    /// A well-formed note naming every thread, for cores the capture did not write.
    private static func built(_ context: inout MutationContext) -> [UInt8] {
        let tids = context.layout.threadNotes.map { context.editor.bytes.integer(at: $0.descriptorOffset + context.layout.threadIDOffset, width: 4) }
        var bytes: [UInt8] = []
        bytes.appendInteger(1, width: 4)
        bytes.appendInteger(UInt64(tids.count), width: 4)
        bytes.appendInteger(1_700_000_000_000_000_000, width: 8)
        bytes.appendInteger(1_000_000, width: 8)
        bytes.appendInteger(0, width: 4)
        for tid in tids {
            bytes.appendInteger(tid, width: 4)
            bytes.appendInteger(6, width: 4)
            bytes += Array("worker".utf8) + [0, 0]
        }
        return bytes
    }

    private static func fields(_ descriptor: inout [UInt8], _ context: inout MutationContext) {
        let count = Int(descriptor.integer(at: 4, width: 4))
        switch context.random.index(6) {
        case 0:
            let version = context.random.pick([0, 2, 0xffff_ffff] as [UInt64])
            descriptor.setInteger(version, at: 0, width: 4)
            context.say("capture version \(version)")
        case 1:
            let value = context.random.pick([0, UInt64(count) + 1, 0x8000_0000, 0xffff_ffff, UInt64(descriptor.count / 8), UInt64(descriptor.count / 8) + 1])
            descriptor.setInteger(value, at: 4, width: 4)
            context.say("capture thread count \(count) -> \(value)")
        case 2:
            let time = context.random.pick([1 << 63, (1 << 63) - 1, .max, 0, context.random.next()] as [UInt64])
            let stopped = context.random.pick([.max, 1 << 63, 0, context.random.next()] as [UInt64])
            descriptor.setInteger(time, at: 8, width: 8)
            descriptor.setInteger(stopped, at: 16, width: 8)
            context.say("capture time 0x\(String(time, radix: 16)), stopped 0x\(String(stopped, radix: 16)) ns")
        case 3:
            let length = context.random.pick([0xffff_ffff, 0x7fff_ffff, UInt64(descriptor.count), UInt64(descriptor.count - 27), 1])
            descriptor.setInteger(length, at: 24, width: 4)
            context.say("capture trigger length -> \(length)")
        case 4:
            // Names and trigger rewritten with hostile text, and the TIDs duplicated.
            let tids = records(descriptor).map(\.tid)
            let trigger = context.hostileText()
            var bytes = Array(descriptor.prefix(24))
            func appendText(_ text: [UInt8]) {
                bytes.appendInteger(UInt64(text.count), width: 4)
                bytes += text
                bytes.pad(to: 4)
            }
            appendText(trigger)
            let duplicate = tids.first ?? 1
            for (index, tid) in tids.enumerated() {
                bytes.appendInteger(index % 2 == 1 ? duplicate : tid, width: 4)
                appendText(context.hostileText())
            }
            descriptor = bytes
            context.say("capture trigger and thread names hostile, every other TID \(duplicate)")
        default:
            let length = context.random.index(descriptor.count)
            descriptor.removeLast(descriptor.count - length)
            context.say("capture note cut to \(length) bytes")
        }
    }

    /// The (TID, name offset) records of a well-formed descriptor.
    private static func records(_ descriptor: [UInt8]) -> [(tid: UInt64, nameLength: Int)] {
        var offset = 28 + (Int(descriptor.integer(at: 24, width: 4)) + 3) / 4 * 4
        var result: [(UInt64, Int)] = []
        for _ in 0..<Int(descriptor.integer(at: 4, width: 4)) where offset + 8 <= descriptor.count {
            let length = Int(descriptor.integer(at: offset + 4, width: 4))
            result.append((descriptor.integer(at: offset, width: 4), length))
            offset += 8 + (length + 3) / 4 * 4
        }
        return result
    }
}
