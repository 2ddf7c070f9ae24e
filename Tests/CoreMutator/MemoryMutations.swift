/// Mutations of process memory: a thread's stack rewritten into frame chains that loop,
/// point into other stacks or into random code, and words of data (locks, queues, the heap's
/// arena) set to values that make the analyses follow garbage.
enum MemoryMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        if kind == .stackFrames { stack(&context) } else { dataWords(&context) }
    }

    private static func stack(_ context: inout MutationContext) {
        let threads = context.layout.threadNotes
        guard !threads.isEmpty else { return context.say("no NT_PRSTATUS") }
        let index = context.random.index(threads.count)
        let word = context.layout.wordSize
        let roles = context.layout.registers
        let registers = threads[index].descriptorOffset + context.layout.registersOffset
        let stackPointer = context.editor.bytes.integer(at: registers + roles.stackPointer * word, width: word)
        let wordCount = context.random.pick([8, 64, 512, 4096])
        guard let start = context.layout.fileOffset(ofAddress: stackPointer, count: word) else { return context.say("thread \(index) stack not in the core") }
        let code = context.layout.segments.filter { $0.isLoad && $0.flags & 1 != 0 }
        let stacks = threads.map { context.editor.bytes.integer(at: $0.descriptorOffset + context.layout.registersOffset + roles.stackPointer * word, width: word) }
        let variant = context.random.index(5)
        for slot in 0..<wordCount {
            let offset = start + slot * word
            guard offset + word <= context.editor.bytes.count else { break }
            let value: UInt64
            switch variant {
            case 0: value = stackPointer  // every saved frame pointer and return address: the stack itself
            case 1: value = context.random.next()
            case 2:
                // A frame-pointer chain that comes back to its start every 4 frames.
                value = slot % 2 == 0 ? stackPointer + UInt64(((slot + 2) % 8) * word) : context.editor.bytes.integer(at: offset, width: word)
            case 3:
                let segment = code.isEmpty ? nil : context.random.pick(code)
                value = segment.map { $0.virtualAddress + context.random.next() % max(1, $0.memorySize) } ?? context.random.next()
            default: value = context.random.pick(stacks) + UInt64(context.random.index(64) * word)
            }
            context.editor.bytes.setInteger(value, at: offset, width: word)
        }
        if variant == 2 {
            context.editor.bytes.setInteger(stackPointer, at: registers + roles.framePointer * word, width: word)
        }
        context.say("thread \(index) stack: \(wordCount) words from sp " + ["point at sp", "random", "a frame pointer loop", "random code addresses", "point into other threads' stacks"][variant])
    }

    private static func dataWords(_ context: inout MutationContext) {
        let word = context.layout.wordSize
        let writable = context.layout.segments.filter { $0.isLoad && $0.flags & 2 != 0 && $0.fileSize > 0 }
        guard !writable.isEmpty else { return context.say("no writable memory in the core") }
        let tids = context.layout.threadNotes.map { context.editor.bytes.integer(at: $0.descriptorOffset + context.layout.threadIDOffset, width: 4) }
        let count = context.random.pick([1, 16, 256, 4096])
        var hits = 0
        for _ in 0..<count {
            // Near a lock or queue the fixture names, or anywhere in writable memory.
            let address: UInt64
            if !context.source.addresses.isEmpty && context.random.chance(2, in: 3) {
                address = context.random.pick(context.source.addresses) + UInt64(context.random.index(16) * 4)
            } else {
                let segment = context.random.pick(writable)
                address = segment.virtualAddress + (context.random.next() % segment.fileSize) / UInt64(word) * UInt64(word)
            }
            guard let offset = context.layout.fileOffset(ofAddress: address, count: 4) else { continue }
            let value = context.random.pick([0, 1, .max, 0x8000_0000, address, address &- 16, context.random.pick(tids.isEmpty ? [1] : tids), context.random.next()])
            context.editor.bytes.setInteger(value, at: offset, width: context.random.chance(1, in: 2) ? 4 : word)
            hits += 1
        }
        context.say("\(hits) words of writable memory set to 0, -1, TIDs, self-pointers or random")
    }
}
