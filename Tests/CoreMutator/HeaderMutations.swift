/// Mutations of the ELF header: identification bytes, type, machine and the fields that
/// locate and size the program and section header tables.
enum HeaderMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        switch kind {
        case .headerIdent:
            let index = context.random.pick([0, 1, 2, 3, 6, 7, 8, 15])
            let original = context.editor.bytes[index]
            let value = UInt8(truncatingIfNeeded: context.differing(context.random.next() & 0xff, from: UInt64(original)))
            context.say("e_ident[\(index)] \(original) -> \(value)")
            context.editor.bytes[index] = value
        case .headerClass:
            let value = context.random.pick([0, 3, 0xff, context.layout.is64 ? 1 : 2] as [UInt8])
            context.say("EI_CLASS \(context.editor.bytes[4]) -> \(value)")
            context.editor.bytes[4] = value
        case .headerData:
            let value = context.random.pick([0, 2, 3, 0xff] as [UInt8])
            context.say("EI_DATA 1 -> \(value)")
            context.editor.bytes[5] = value
        case .headerType:
            set(.type, to: context.random.pick([0, 1, 2, 3, 5, 0xfe00, 0xff00, 0xffff, context.random.next() & 0xffff]), in: &context)
        case .headerMachine:
            let machines: [UInt64] = [0, 3, 62, 183, 40, 243, 8, 0xffff, context.random.next() & 0xffff]
            set(.machine, to: context.random.pick(machines.filter { $0 != UInt64(context.layout.machine) }), in: &context)
        case .headerProgramHeaderOffset:
            let original = context.editor.header(.programHeaderOffset)
            set(.programHeaderOffset, to: context.interesting(original, width: context.layout.wordSize), in: &context)
        case .headerProgramHeaderCount:
            let original = context.editor.header(.programHeaderCount)
            set(.programHeaderCount, to: context.random.pick([0, 1, original &- 1, original + 1, original * 2, 0xffff, context.random.next() & 0xffff]), in: &context)
        case .headerProgramHeaderEntrySize:
            set(.programHeaderEntrySize, to: context.random.pick([0, 1, 8, 32, 55, 57, 64, 0xffff]), in: &context)
        default:
            sections(&context)
        }
    }

    private static func set(_ field: ELFField, to newValue: UInt64, in context: inout MutationContext) {
        let value = context.differing(newValue, from: context.editor.header(field))
        context.say("\(field.rawValue) \(context.editor.header(field)) -> \(value)")
        context.editor.setHeader(field, value)
    }

    /// Section header fields, which the kernel leaves empty: a tool that trusts them reads
    /// garbage as sections. One variant is `PN_XNUM` with a section 0 whose `sh_info` (the
    /// real program header count) is hostile.
    private static func sections(_ context: inout MutationContext) {
        if context.random.chance(1, in: 3) {
            let count = context.random.pick([0, 1, UInt64(context.layout.segments.count), 0xffff, 0x1_0000, 0xffff_ffff, context.random.next() & 0xffff_ffff] as [UInt64])
            var section = [UInt8](repeating: 0, count: context.layout.is64 ? 64 : 40)
            section.setInteger(count, at: context.layout.is64 ? 44 : 28, width: 4)  // sh_info
            let offset = context.editor.append(section)
            context.editor.setHeader(.programHeaderCount, 0xffff)
            context.editor.setHeader(.sectionHeaderOffset, UInt64(offset))
            context.editor.setHeader(.sectionHeaderCount, context.random.pick([0, 1, 2]))
            context.editor.setHeader(.sectionHeaderEntrySize, UInt64(section.count))
            context.say("e_phnum PN_XNUM with section 0 sh_info \(count)")
            return
        }
        let fields: [ELFField] = [.sectionHeaderOffset, .sectionHeaderCount, .sectionHeaderEntrySize, .sectionNameIndex]
        for field in fields where context.random.chance(1, in: 2) {
            let width = field.location(is64: context.layout.is64).width
            set(field, to: context.interesting(context.editor.header(field), width: width), in: &context)
        }
        if context.changes.isEmpty || context.random.chance(1, in: 2) {
            set(.sectionHeaderOffset, to: context.random.next() % UInt64(context.editor.bytes.count), in: &context)
            set(.sectionHeaderCount, to: 1 + context.random.next() % 64, in: &context)
            set(.sectionHeaderEntrySize, to: context.layout.is64 ? 64 : 40, in: &context)
        }
    }
}
