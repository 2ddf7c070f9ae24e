/// Mutations of `NT_FILE`: the count, the page size, the ranges (reversed, wrapping,
/// overflowing offsets) and the paths (control characters, no terminator, very long, and
/// paths that are FIFOs, devices or `/proc` files).
enum FileNoteMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let word = context.layout.wordSize
        let existing = context.layout.notes.firstIndex { $0.type == NoteType.files && $0.owner == "CORE" }
        var note = existing.map { index -> FileNote in
            let entry = context.layout.notes[index]
            return FileNote(descriptor: Array(context.editor.bytes[entry.descriptorOffset..<(entry.descriptorOffset + entry.descriptorSize)]), wordSize: word)
        } ?? FileNote(pageSize: 4096, entries: context.layout.segments.filter(\.isLoad).map {
            // A core without NT_FILE (qemu): one named entry per PT_LOAD.
            .init(start: $0.virtualAddress, end: $0.virtualAddress &+ $0.memorySize, pageOffset: 0, path: Array("/lib/x.so".utf8))
        })
        if existing == nil { context.say("NT_FILE added") }
        guard !note.entries.isEmpty else { return context.say("no mappings") }
        var count: UInt64?
        var terminateLast = true
        switch kind {
        case .fileCount:
            let fit = UInt64(note.encoded(wordSize: word).count / (3 * word))
            count = context.random.pick([0, UInt64(note.entries.count) + 1, UInt64(note.entries.count) * 2, fit, fit + 1, 0x1_0000_0000, 1 << 63, .max, context.random.next()])
            context.say("NT_FILE count \(note.entries.count) -> \(count!)")
        case .filePageSize:
            note.pageSize = context.random.pick([0, 1, 3, .max, 0x1_0000_0000, 1 << 63, context.random.next()])
            context.say("NT_FILE page size -> \(note.pageSize)")
        case .fileRanges:
            ranges(&note, &context)
        case .fileNames:
            for _ in 0..<(1 + context.random.index(3)) {
                let index = context.random.index(note.entries.count)
                let name: [UInt8] = context.random.pick([
                    context.hostileText(), Array(repeating: UInt8(ascii: "a"), count: 100_000), [],
                    Array("relative/lib.so".utf8), Array("/etc/passwd".utf8), Array("/nonexistent/\u{1b}[31m/lib.so".utf8),
                ])
                note.entries[index].path = name.filter { $0 != 0 }
                context.say("NT_FILE entry \(index) path -> \(name.count) bytes \(String(decoding: name.prefix(24), as: UTF8.self).debugDescription)")
            }
            if context.random.chance(1, in: 4) {
                terminateLast = false
                context.say("last path unterminated")
            }
        default:
            // Every mapping of one file (the executable's, mostly): libdwfl opens the path of
            // the mapping that holds the ELF header.
            let path = Array(context.random.pick(SpecialPath.all).utf8)
            let entry = executableEntry(note, &context)
            let original = note.entries[entry].path
            let every = context.random.chance(1, in: 4)
            for index in note.entries.indices where every || note.entries[index].path == original {
                note.entries[index].path = path
            }
            context.say("NT_FILE \(every ? "every path" : "path \(String(decoding: original, as: UTF8.self))") -> \(String(decoding: path, as: UTF8.self))")
        }
        let descriptor = note.encoded(wordSize: word, count: count, terminateLast: terminateLast)
        context.editor.editNotes { records in
            if let existing { records[existing].descriptor = descriptor } else {
                records.append(NoteRecord(owner: "CORE", type: NoteType.files, descriptor: descriptor))
            }
        }
    }

    /// The entry mapping the program's entry point (`AT_ENTRY`), or the first: the module
    /// libdwfl reports first and opens by its recorded path.
    private static func executableEntry(_ note: FileNote, _ context: inout MutationContext) -> Int {
        if context.random.chance(1, in: 3) { return context.random.index(note.entries.count) }
        guard let auxv = context.layout.note(ofType: NoteType.auxiliaryVector) else { return 0 }
        let word = context.layout.wordSize
        for offset in stride(from: 0, to: auxv.descriptorSize - 2 * word + 1, by: 2 * word)
        where context.editor.bytes.integer(at: auxv.descriptorOffset + offset, width: word) == 9 {
            let entry = context.editor.bytes.integer(at: auxv.descriptorOffset + offset + word, width: word)
            return note.entries.firstIndex { $0.start <= entry && entry < $0.end } ?? 0
        }
        return 0
    }

    private static func ranges(_ note: inout FileNote, _ context: inout MutationContext) {
        let index = context.random.index(note.entries.count)
        var entry = note.entries[index]
        let variant = context.random.index(6)
        switch variant {
        case 0: swap(&entry.start, &entry.end)
        case 1: entry.end = entry.start
        case 2: (entry.start, entry.end) = (0, .max)
        case 3: entry.pageOffset = context.random.pick([.max, 1 << 52, context.random.next()])
        case 4: (entry.start, entry.end) = (UInt64.max - 4095, 8192)
        default:
            for other in note.entries.indices { (note.entries[other].start, note.entries[other].end) = (entry.start, entry.end) }
        }
        if variant != 5 { note.entries[index] = entry }
        context.say("NT_FILE entry \(index) " + ["start and end swapped", "empty range", "range 0 to 2^64-1", "page offset 0x\(String(entry.pageOffset, radix: 16))", "range wraps past 2^64", "every entry the same range"][variant])
    }
}
