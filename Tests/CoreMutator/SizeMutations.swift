/// Mutations that make a core big in the dimensions the reader loops over: thousands of
/// threads with deep stacks, hundreds of thousands of notes, a million `NT_FILE` entries,
/// and program header tables past `PN_XNUM`.
enum SizeMutations {
    static func apply(_ kind: MutationKind, seed: UInt64, to context: inout MutationContext) {
        switch kind {
        case .sizeThreads: threads(seed: seed, &context)
        case .sizeNotes: notes(&context)
        case .sizeFileEntries: fileEntries(&context)
        default: segments(&context)
        }
    }

    /// The first thread (the crashing one in a kernel core: in `stack-overflow`, a recursion
    /// thousands of frames deep) copied thousands of times with new TIDs.
    private static func threads(seed: UInt64, _ context: inout MutationContext) {
        // The count follows the seed: seed 0 is the 5,000 threads the issue measured.
        let count = [5000, 1000, 20000][Int(seed % 3)]
        let tidOffset = context.layout.threadIDOffset
        context.editor.editNotes { records in
            guard let first = records.firstIndex(where: { $0.type == NoteType.status }) else { return }
            var group = [records[first]]
            for record in records[(first + 1)...] {
                guard [NoteType.floatingPoint, NoteType.x86ExtendedState, NoteType.extendedFloatingPoint].contains(record.type) else { break }
                group.append(record)
            }
            var copies: [NoteRecord] = []
            copies.reserveCapacity(count * group.count)
            for copy in 0..<count {
                var status = group[0]
                status.descriptor.setInteger(UInt64(1_000_000 + copy), at: tidOffset, width: 4)
                copies.append(status)
                copies += group.dropFirst()
            }
            records += copies
        }
        context.say("the first thread copied \(count) times with TIDs from 1000000")
    }

    private static func notes(_ context: inout MutationContext) {
        let variant = context.random.index(4)
        let count = context.random.pick([10_000, 100_000, 300_000])
        var random = context.random
        let signal = context.layout.note(ofType: NoteType.signalInfo).map {
            Array(context.editor.bytes[$0.descriptorOffset..<($0.descriptorOffset + $0.descriptorSize)])
        } ?? Array(repeating: 0, count: 128)
        let auxv = context.layout.note(ofType: NoteType.auxiliaryVector).map {
            Array(context.editor.bytes[$0.descriptorOffset..<($0.descriptorOffset + $0.descriptorSize)])
        } ?? []
        context.editor.editNotes { records in
            records.reserveCapacity(records.count + count)
            for _ in 0..<count {
                switch variant {
                case 0:
                    let descriptor = (0..<random.index(17)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                    records.append(NoteRecord(owner: "JUNK", type: UInt32(truncatingIfNeeded: random.next()), descriptor: descriptor))
                case 1: records.append(NoteRecord(owner: "CORE", type: NoteType.signalInfo, descriptor: signal))
                case 2: records.append(NoteRecord(owner: "CORE", type: NoteType.auxiliaryVector, descriptor: auxv))
                default: records.append(NoteRecord(owner: "ANALYZEDUMP", type: NoteType.capture, descriptor: [1, 0, 0, 0]))
                }
            }
        }
        context.random = random
        context.say("\(count) extra notes: " + ["junk of random types", "NT_SIGINFO", "NT_AUXV", "ANALYZEDUMP"][variant])
    }

    private static func fileEntries(_ context: inout MutationContext) {
        let count = context.random.pick([100_000, 1_000_000])
        let overlapping = context.random.chance(1, in: 2)
        var note = FileNote(pageSize: 4096, entries: [])
        note.entries.reserveCapacity(count)
        for index in 0..<count {
            let start: UInt64 = overlapping ? 0x40_0000 : 0x1000_0000_0000 + UInt64(index) * 4096
            note.entries.append(.init(start: start, end: start + 4096, pageOffset: UInt64(index), path: Array("/lib/m\(index % 1000).so".utf8)))
        }
        let descriptor = note.encoded(wordSize: context.layout.wordSize)
        let existing = context.layout.notes.firstIndex { $0.type == NoteType.files }
        context.editor.editNotes { records in
            let record = NoteRecord(owner: "CORE", type: NoteType.files, descriptor: descriptor)
            if let existing { records[existing] = record } else { records.append(record) }
        }
        context.say("NT_FILE with \(count) \(overlapping ? "entries all at the executable's address" : "one-page entries")")
    }

    /// A new program header table at the end of the file: the original headers plus
    /// thousands of one-page `PT_LOAD`s, with `PN_XNUM` and section 0's `sh_info` when they
    /// do not fit in `e_phnum`.
    private static func segments(_ context: inout MutationContext) {
        let extra = context.random.pick([10_000, 65_000, 200_000])
        let layout = context.layout
        var table: [UInt8] = []
        for segment in layout.segments {
            table += context.editor.bytes[segment.headerOffset..<(segment.headerOffset + layout.programHeaderEntrySize)]
        }
        let data = layout.segments.first { $0.isLoad && $0.fileSize >= 4096 }
        for index in 0..<extra {
            var entry = [UInt8](repeating: 0, count: layout.programHeaderEntrySize)
            func set(_ field: ProgramHeaderField, _ value: UInt64) {
                let (offset, width) = field.location(is64: layout.is64)
                entry.setInteger(value, at: offset, width: width)
            }
            set(.type, 1)
            set(.flags, 6)
            set(.offset, data?.offset ?? 0)
            set(.virtualAddress, (layout.is64 ? 0x5000_0000_0000 : 0x8000_0000) + UInt64(index) * 4096)
            set(.fileSize, data == nil ? 0 : 4096)
            set(.memorySize, 4096)
            set(.alignment, 4096)
            table += entry
        }
        let total = layout.segments.count + extra
        let offset = context.editor.append(table)
        context.editor.setHeader(.programHeaderOffset, UInt64(offset))
        if total < 0xffff {
            context.editor.setHeader(.programHeaderCount, UInt64(total))
        } else {
            var section = [UInt8](repeating: 0, count: layout.is64 ? 64 : 40)
            section.setInteger(UInt64(total), at: layout.is64 ? 44 : 28, width: 4)
            let sectionOffset = context.editor.append(section)
            context.editor.setHeader(.programHeaderCount, 0xffff)
            context.editor.setHeader(.sectionHeaderOffset, UInt64(sectionOffset))
            context.editor.setHeader(.sectionHeaderCount, 1)
            context.editor.setHeader(.sectionHeaderEntrySize, UInt64(section.count))
        }
        context.say("\(extra) extra one-page PT_LOAD headers (\(total) in all)")
    }
}
