/// Mutations of the floating-point and extended register notes (`NT_FPREGSET`,
/// `NT_PRXFPREG`, `NT_X86_XSTATE`) and of an `NT_X86_XSAVE_LAYOUT` note: random contents,
/// sizes from empty to a megabyte, and notes a core of another machine would not have.
enum ExtendedStateMutations {
    static func apply(to context: inout MutationContext) {
        let candidates = context.layout.notes.enumerated().filter {
            [NoteType.floatingPoint, NoteType.extendedFloatingPoint, NoteType.x86ExtendedState].contains($0.element.type)
        }.map(\.offset)
        let variant = candidates.isEmpty ? 3 : context.random.index(5)
        let index = candidates.isEmpty ? 0 : context.random.pick(candidates)
        var random = context.random
        var change = ""
        context.editor.editNotes { records in
            switch variant {
            case 0:
                for _ in 0..<(1 + random.index(64)) where !records[index].descriptor.isEmpty {
                    records[index].descriptor[random.index(records[index].descriptor.count)] = UInt8(truncatingIfNeeded: random.next())
                }
                change = "random bytes"
            case 1:
                let size = random.pick([0, 1, 511, 512, 576, 1024, 2432, 4096, 1 << 20])
                records[index].descriptor = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                change = "\(size) random bytes"
            case 2:
                // XSTATE_BV and XCOMP_BV (the header after the 512-byte legacy area) garbage.
                records[index].descriptor.setInteger(random.next(), at: 512, width: 8)
                records[index].descriptor.setInteger(random.pick([0, 1 << 63, .max, random.next()]), at: 520, width: 8)
                change = "XSAVE header garbage"
            case 3:
                // An NT_X86_XSTATE after every thread, whatever the machine.
                var placed: [NoteRecord] = []
                let state = (0..<random.pick([576, 2432, 3])).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                for record in records {
                    placed.append(record)
                    if record.type == NoteType.status { placed.append(NoteRecord(owner: "LINUX", type: NoteType.x86ExtendedState, descriptor: state)) }
                }
                records = placed
                change = "NT_X86_XSTATE of \(state.count) bytes after every thread"
            default:
                // NT_X86_XSAVE_LAYOUT: (type, size, offset, flags) u32 records, here garbage.
                var layout: [UInt8] = []
                for _ in 0..<random.pick([0, 1, 3, 1000]) {
                    for _ in 0..<4 { layout.appendInteger(random.pick([0, 0xffff_ffff, 64, random.next() & 0xffff_ffff]), width: 4) }
                }
                records.insert(NoteRecord(owner: "LINUX", type: NoteType.x86ExtendedStateLayout, descriptor: layout + [1, 2]), at: index + 1)
                change = "NT_X86_XSAVE_LAYOUT of \(layout.count + 2) garbage bytes"
            }
        }
        context.random = random
        context.say(variant >= 3 ? change : "note \(index) (type 0x\(String(context.layout.notes[index].type, radix: 16))) \(change)")
    }
}
