/// Mutations of `NT_PRSTATUS`: duplicate and absurd TIDs, program counter, stack and frame
/// pointer garbage, signal fields, CPU times and descriptor sizes.
enum ThreadStatusMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let threads = context.layout.threadNotes
        guard !threads.isEmpty else { return context.say("no NT_PRSTATUS") }
        let tidOffset = context.layout.threadIDOffset
        switch kind {
        case .statusDuplicateTID:
            duplicateTIDs(threads, &context)
        case .statusTID:
            for (index, thread) in chosen(threads, &context) {
                let value = context.random.pick([0, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, context.random.next() & 0xffff_ffff])
                context.say("thread \(index) TID -> \(Int32(truncatingIfNeeded: value))")
                context.editor.bytes.setInteger(value, at: thread.descriptorOffset + tidOffset, width: 4)
            }
        case .statusRegisters:
            let variant = context.random.index(5)
            for (index, thread) in chosen(threads, &context) {
                registers(of: thread, index: index, variant: variant, &context)
            }
        case .statusSignal:
            for (index, thread) in chosen(threads, &context) {
                let cursig = context.random.pick([0, 1, 6, 11, 31, 32, 64, 65, 0x7fff, 0x8000, 0xffff] as [UInt64])
                let signo = context.random.pick([0, 11, 65, 0xffff_ffff, context.random.next() & 0xffff_ffff])
                let word = context.layout.wordSize
                context.editor.bytes.setInteger(cursig, at: thread.descriptorOffset + 12, width: 2)
                context.editor.bytes.setInteger(signo, at: thread.descriptorOffset, width: 4)
                context.editor.bytes.setInteger(context.random.next(), at: thread.descriptorOffset + 16, width: word)
                context.editor.bytes.setInteger(context.random.pick([0, .max, context.random.next()]), at: thread.descriptorOffset + 16 + word, width: word)
                context.say("thread \(index) pr_cursig \(cursig), si_signo \(Int32(truncatingIfNeeded: signo)), signal masks garbage")
            }
        case .statusTimes:
            let word = context.layout.wordSize
            let first = context.layout.is64 ? 48 : 40
            for (index, thread) in chosen(threads, &context) {
                for slot in 0..<8 where context.random.chance(1, in: 2) {
                    let value = context.random.pick([0, .max, 1 << 63, (1 << 63) - 1, 1_000_000, 999_999_999, context.random.next()] as [UInt64])
                    context.editor.bytes.setInteger(value, at: thread.descriptorOffset + first + slot * word, width: word)
                    context.say("thread \(index) time word \(slot) -> 0x\(String(value, radix: 16))")
                }
            }
        default:
            let index = context.random.index(threads.count)
            let full = threads[index].descriptorSize
            let registersEnd = context.layout.registersOffset + context.layout.registers.count * context.layout.wordSize
            let length = context.random.pick([0, 12, 16, 32, 48, 111, 112, registersEnd - 1, full - 1, full + 1, full + 4, full + 100, full + 4096])
            var random = context.random
            let statusIndex = context.layout.notes.firstIndex { $0.offset == threads[index].offset }!
            context.editor.editNotes { records in
                var descriptor = records[statusIndex].descriptor
                if length < descriptor.count {
                    descriptor.removeLast(descriptor.count - length)
                } else {
                    descriptor += (descriptor.count..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                }
                records[statusIndex].descriptor = descriptor
            }
            context.random = random
            context.say("thread \(index) NT_PRSTATUS descriptor \(full) -> \(length) bytes")
        }
    }

    /// One thread, or (a quarter of the time) every thread, with its position.
    private static func chosen(_ threads: [CoreLayout.Note], _ context: inout MutationContext) -> [(Int, CoreLayout.Note)] {
        if context.random.chance(1, in: 4) { return Array(threads.enumerated()) }
        let index = context.random.index(threads.count)
        return [(index, threads[index])]
    }

    private static func duplicateTIDs(_ threads: [CoreLayout.Note], _ context: inout MutationContext) {
        let tidOffset = context.layout.threadIDOffset
        let tids = threads.map { context.editor.bytes.integer(at: $0.descriptorOffset + tidOffset, width: 4) }
        guard threads.count >= 2 else {
            // One thread: a second copy of its note.
            let index = context.layout.notes.firstIndex { $0.offset == threads[0].offset }!
            context.editor.editNotes { $0.insert($0[index], at: index + 1) }
            return context.say("the only NT_PRSTATUS (TID \(tids[0])) written twice")
        }
        switch context.random.index(3) {
        case 0:
            let source = context.random.index(threads.count)
            let target = (source + 1 + context.random.index(threads.count - 1)) % threads.count
            context.editor.bytes.setInteger(tids[source], at: threads[target].descriptorOffset + tidOffset, width: 4)
            context.say("thread \(target) TID \(tids[target]) -> \(tids[source]) (thread \(source)'s)")
        case 1:
            for thread in threads {
                context.editor.bytes.setInteger(tids[0], at: thread.descriptorOffset + tidOffset, width: 4)
            }
            context.say("every thread TID -> \(tids[0])")
        default:
            // The main thread's TID (the PID) given to the last thread as well.
            let pid = context.layout.note(ofType: NoteType.processInfo).map {
                context.editor.bytes.integer(at: $0.descriptorOffset + (context.layout.is64 ? 24 : 12), width: 4)
            } ?? tids[0]
            let target = threads.count - 1 == tids.firstIndex(of: pid) ? 0 : threads.count - 1
            context.editor.bytes.setInteger(pid, at: threads[target].descriptorOffset + tidOffset, width: 4)
            context.say("thread \(target) TID \(tids[target]) -> \(pid) (the PID)")
        }
    }

    private static func registers(of thread: CoreLayout.Note, index: Int, variant: Int, _ context: inout MutationContext) {
        let roles = context.layout.registers
        let word = context.layout.wordSize
        let base = thread.descriptorOffset + context.layout.registersOffset
        func value(_ register: Int) -> UInt64 { context.editor.bytes.integer(at: base + register * word, width: word) }
        func set(_ register: Int, _ newValue: UInt64, _ name: String) {
            context.editor.bytes.setInteger(newValue, at: base + register * word, width: word)
            context.say("thread \(index) \(name) -> 0x\(String(newValue & (word == 8 ? .max : 0xffff_ffff), radix: 16))")
        }
        switch variant {
        case 0:
            let picks = [(roles.programCounter, "pc"), (roles.stackPointer, "sp"), (roles.framePointer, "fp")]
            let first = context.random.index(3)
            for (position, (register, name)) in picks.enumerated() where position == first || context.random.chance(1, in: 2) {
                set(register, context.interesting(value(register), width: word), name)
            }
        case 1:
            for register in 0..<roles.count { context.editor.bytes.setInteger(context.random.next(), at: base + register * word, width: word) }
            context.say("thread \(index) every register random")
        case 2:
            set(roles.systemCall, context.interesting(value(roles.systemCall), width: word), "system call register")
        case 3:
            // The stack at the very top of its segment, the PC in data, the frame pointer at
            // the stack pointer: a frame chain that points at itself.
            let stack = value(roles.stackPointer)
            let segment = context.layout.segments.first { $0.isLoad && stack >= $0.virtualAddress && stack - $0.virtualAddress < $0.memorySize }
            let top = segment.map { $0.virtualAddress + $0.memorySize - UInt64(word) } ?? stack
            let data = context.layout.segments.filter { $0.isLoad && $0.flags & 2 != 0 }
            set(roles.stackPointer, top, "sp")
            set(roles.framePointer, top, "fp")
            if let target = data.isEmpty ? nil : context.random.pick(data) {
                set(roles.programCounter, target.virtualAddress + context.random.next() % max(1, target.memorySize), "pc")
            }
        default:
            set(roles.stackPointer, value(roles.stackPointer) | UInt64(1 + context.random.index(7)), "sp")
            set(roles.programCounter, context.random.pick([0, 1, value(roles.programCounter) + 1]), "pc")
        }
    }
}
