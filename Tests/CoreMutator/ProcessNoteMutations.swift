/// Mutations of the process-wide notes: `NT_PRPSINFO` (command, arguments, state, PID),
/// `NT_SIGINFO` (fields and where it sits) and `NT_AUXV` (entries and size).
enum ProcessNoteMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        switch kind {
        case .processInfoFields: processInfoFields(&context)
        case .processInfoSize: resize(NoteType.processInfo, owner: "CORE", &context)
        case .signalInfoFields: signalInfoFields(&context)
        case .signalInfoPlacement: signalInfoPlacement(&context)
        case .auxiliaryVectorEntries: auxiliaryVectorEntries(&context)
        default: resize(NoteType.auxiliaryVector, owner: "CORE", &context)
        }
    }

    private static func processInfoFields(_ context: inout MutationContext) {
        guard let note = context.layout.note(ofType: NoteType.processInfo) else { return context.say("no NT_PRPSINFO") }
        let is64 = context.layout.is64
        let base = note.descriptorOffset
        let commandOffset = is64 ? 40 : 28
        if context.random.chance(2, in: 3) {
            write(context.hostileText(), at: base + commandOffset, size: 16, &context)
            context.say("pr_fname hostile")
        }
        if context.random.chance(2, in: 3) {
            write(context.hostileText(), at: base + commandOffset + 16, size: 80, &context)
            context.say("pr_psargs hostile")
        }
        let state = UInt8(truncatingIfNeeded: context.random.next())
        context.editor.bytes[base + 1] = state
        context.editor.bytes[base + 3] = UInt8(truncatingIfNeeded: context.random.next())
        let original = context.editor.bytes.integer(at: base + (is64 ? 24 : 12), width: 4)
        let pid = context.random.pick([0, 0xffff_ffff, 0x8000_0000, context.random.next() & 0xffff_ffff, original + 1] as [UInt64])
        context.editor.bytes.setInteger(pid, at: base + (is64 ? 24 : 12), width: 4)
        context.say("pr_sname \(state), pr_pid \(Int32(truncatingIfNeeded: pid))")
    }

    /// Writes `text` into a fixed-size field; text that fills it leaves no NUL.
    private static func write(_ text: [UInt8], at offset: Int, size: Int, _ context: inout MutationContext) {
        for index in 0..<size {
            context.editor.bytes[offset + index] = index < text.count ? text[index] : 0
        }
    }

    /// One note of `type` cut short, grown, or written twice with different contents.
    private static func resize(_ type: UInt32, owner: String, _ context: inout MutationContext) {
        let index = context.layout.notes.firstIndex { $0.type == type }
        let variant = context.random.index(3)
        var random = context.random
        var change = ""
        context.editor.editNotes { records in
            let record = index.map { records[$0] } ?? NoteRecord(owner: owner, type: type, descriptor: [])
            var descriptor = record.descriptor
            switch variant {
            case 0:
                let length = random.index(max(1, descriptor.count))
                descriptor.removeLast(descriptor.count - length)
                change = "cut to \(length) bytes"
            case 1:
                let extra = random.pick([1, 3, 8, 100, 4096])
                descriptor += (0..<extra).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                change = "grown by \(extra) random bytes"
            default:
                var second = descriptor
                for _ in 0..<8 where !second.isEmpty { second[random.index(second.count)] = UInt8(truncatingIfNeeded: random.next()) }
                records.insert(NoteRecord(name: record.name, type: type, descriptor: second), at: index.map { $0 + 1 } ?? records.count)
                change = "written twice, the second with 8 random bytes"
            }
            if let index { records[index].descriptor = descriptor } else if variant != 2 { records.append(NoteRecord(name: record.name, type: type, descriptor: descriptor)) }
        }
        context.random = random
        context.say("note type 0x\(String(type, radix: 16)) \(change)")
    }

    private static func signalInfoFields(_ context: inout MutationContext) {
        var descriptor = context.layout.note(ofType: NoteType.signalInfo).map {
            Array(context.editor.bytes[$0.descriptorOffset..<($0.descriptorOffset + $0.descriptorSize)])
        } ?? [UInt8](repeating: 0, count: 128)
        let signo = context.random.pick([0, 0xffff_ffff, 1, 7, 11, 31, 64, 65, 0x7fff_ffff, context.random.next() & 0xffff_ffff])
        let code = context.random.pick([0x8000_0000, 0xffff_fffa, 0xffff_ffff, 0, 1, 2, 3, 0x80, 0x7fff_ffff, context.random.next() & 0xffff_ffff])
        descriptor.setInteger(signo, at: 0, width: 4)
        descriptor.setInteger(context.random.next(), at: 4, width: 4)
        descriptor.setInteger(code, at: 8, width: 4)
        let unionOffset = context.layout.is64 ? 16 : 12
        descriptor.setInteger(context.interesting(descriptor.integer(at: unionOffset, width: 8), width: 8), at: unionOffset, width: 8)
        context.say("NT_SIGINFO si_signo \(Int32(truncatingIfNeeded: signo)), si_code \(Int32(truncatingIfNeeded: code)), union garbage")
        replaceOrAddAfterFirstThread(NoteRecord(owner: "CORE", type: NoteType.signalInfo, descriptor: descriptor), &context)
    }

    private static func replaceOrAddAfterFirstThread(_ note: NoteRecord, _ context: inout MutationContext) {
        let existing = context.layout.notes.firstIndex { $0.type == note.type }
        let firstThread = context.layout.notes.firstIndex { $0.type == NoteType.status } ?? -1
        context.editor.editNotes { records in
            if let existing { records[existing] = note } else { records.insert(note, at: firstThread + 1) }
        }
    }

    private static func signalInfoPlacement(_ context: inout MutationContext) {
        let existing = context.layout.note(ofType: NoteType.signalInfo).map {
            Array(context.editor.bytes[$0.descriptorOffset..<($0.descriptorOffset + $0.descriptorSize)])
        }
        var descriptor = existing ?? [UInt8](repeating: 0, count: 128)
        if existing == nil { descriptor.setInteger(11, at: 0, width: 4) }
        let size = context.random.pick([descriptor.count, descriptor.count, 0, 4, 8, 12, 16, 127])
        descriptor = Array(descriptor.prefix(size))
        let note = NoteRecord(owner: "CORE", type: NoteType.signalInfo, descriptor: descriptor)
        let variant = context.random.index(3)
        context.editor.editNotes { records in
            switch variant {
            case 0: records.insert(note, at: 0)
            case 1:
                var placed: [NoteRecord] = []
                for record in records where record.type != NoteType.signalInfo {
                    placed.append(record)
                    if record.type == NoteType.status { placed.append(note) }
                }
                records = placed
            default: records += [note, note, note]
            }
        }
        context.say("NT_SIGINFO of \(size) bytes \(["before every other note", "after every NT_PRSTATUS", "three times at the end"][variant])")
    }

    private static func auxiliaryVectorEntries(_ context: inout MutationContext) {
        guard let note = context.layout.note(ofType: NoteType.auxiliaryVector) else { return context.say("no NT_AUXV") }
        let word = context.layout.wordSize
        var entries: [(type: UInt64, value: UInt64)] = stride(from: 0, to: note.descriptorSize - 2 * word + 1, by: 2 * word).map {
            (context.editor.bytes.integer(at: note.descriptorOffset + $0, width: word), context.editor.bytes.integer(at: note.descriptorOffset + $0 + word, width: word))
        }
        let loads = context.layout.segments.filter(\.isLoad)
        let someSegment = loads.isEmpty ? 0 : context.random.pick(loads).virtualAddress
        let variant = context.random.index(5)
        switch variant {
        case 0, 1:
            // AT_ENTRY (9) or AT_SYSINFO_EHDR (33) somewhere absurd.
            let type: UInt64 = variant == 0 ? 9 : 33
            let value = context.random.pick([0, .max, someSegment, someSegment + 1, context.random.next(), 1 << 63])
            for index in entries.indices where entries[index].type == type { entries[index].value = value }
            context.say("auxv type \(type) -> 0x\(String(value, radix: 16))")
        case 2:
            entries.removeAll { $0.type == 0 }
            context.say("auxv without its AT_NULL terminator")
        case 3:
            let entry = context.random.pick(entries)
            entries.insert((entry.type, context.random.next()), at: 0)
            entries.insert((9, context.random.next()), at: 0)
            context.say("auxv with a second AT_ENTRY and a second type \(entry.type) first")
        default:
            entries = entries.map { _ in (context.random.next() % 64, context.random.next()) }
            context.say("auxv entries random")
        }
        var descriptor: [UInt8] = []
        for entry in entries {
            descriptor.appendInteger(entry.type, width: word)
            descriptor.appendInteger(entry.value, width: word)
        }
        let index = context.layout.notes.firstIndex { $0.offset == note.offset }!
        context.editor.editNotes { $0[index].descriptor = descriptor }
    }
}
