/// Mutations of the program headers: offsets and sizes near 2^64, addresses whose end wraps,
/// overlapping segments, retyped segments, a second `PT_NOTE` over the same notes.
enum SegmentMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let segments = context.layout.segments
        let loads = segments.filter(\.isLoad)
        // A third of the time the note segment, else a PT_LOAD: both are read very differently.
        let target = context.random.chance(1, in: 3) ? (context.layout.noteSegment ?? context.random.pick(segments)) : context.random.pick(loads.isEmpty ? segments : loads)
        let width = context.layout.wordSize
        let maximum: UInt64 = width == 8 ? .max : 0xffff_ffff
        switch kind {
        case .segmentOffset:
            set(.offset, of: target, to: context.interesting(target.offset, width: width), in: &context)
        case .segmentFileSize, .segmentMemorySize:
            // One segment, or up to three: sums of sizes overflow only with two.
            let field: ProgramHeaderField = kind == .segmentFileSize ? .fileSize : .memorySize
            var targets = [target]
            for _ in 0..<context.random.pick([0, 0, 1, 2]) { targets.append(context.random.pick(loads.isEmpty ? segments : loads)) }
            for target in targets {
                let original = kind == .segmentFileSize ? target.fileSize : target.memorySize
                let nearTop = maximum - context.random.next() % 0x10000
                let beyondFile = UInt64(context.editor.bytes.count) - min(target.offset, UInt64(context.editor.bytes.count)) + 1 + context.random.next() % 4096
                let value = context.random.chance(1, in: 2) ? context.random.pick([nearTop, maximum, maximum &- target.virtualAddress &+ 1, beyondFile]) : context.interesting(original, width: width)
                set(field, of: target, to: value, in: &context)
            }
        case .segmentAddress:
            let other = context.random.pick(segments)
            let wrapping = maximum - context.random.next() % 0x10000
            set(.virtualAddress, of: target, to: context.random.pick([wrapping, 0, maximum, other.virtualAddress, target.virtualAddress ^ (1 << 63 & maximum), context.interesting(target.virtualAddress, width: width)]), in: &context)
        case .segmentOverlap:
            guard loads.count >= 2 else { return set(.virtualAddress, of: target, to: 0, in: &context) }
            let first = context.random.pick(loads)
            let second = context.random.pick(loads.filter { $0.index != first.index })
            let delta = first.memorySize == 0 ? 0 : context.random.next() % first.memorySize
            set(.virtualAddress, of: second, to: first.virtualAddress &+ delta, in: &context)
            if context.random.chance(1, in: 3) {
                set(.memorySize, of: second, to: context.random.pick([maximum - second.virtualAddress, 1 << 40, second.memorySize * 2]), in: &context)
            }
        case .segmentType:
            let types: [UInt64] = [0, 1, 2, 3, 4, 6, 7, 0x6474_e550, 0x6474_e551, context.random.next() & 0xffff_ffff]
            set(.type, of: target, to: context.random.pick(types.filter { $0 != UInt64(target.type) }), in: &context)
        case .segmentAlignment:
            set(.alignment, of: target, to: context.random.pick([0, 1, 2, 3, 8, 16, 4096, 1 << 63 & maximum, maximum, context.random.next() & maximum]), in: &context)
        case .segmentDuplicateNotes:
            guard let notes = context.layout.noteSegment, let victim = segments.last(where: { !$0.isNote }) else { return }
            let entry = Array(context.editor.bytes[notes.headerOffset..<(notes.headerOffset + context.layout.programHeaderEntrySize)])
            context.editor.bytes.replaceSubrange(victim.headerOffset..<(victim.headerOffset + entry.count), with: entry)
            context.say("program header \(victim.index) replaced by a copy of the PT_NOTE header \(notes.index)")
        default:
            var order = Array(segments.indices)
            order.shuffle(using: &context.random)
            let entries = segments.map { Array(context.editor.bytes[$0.headerOffset..<($0.headerOffset + context.layout.programHeaderEntrySize)]) }
            for (position, source) in order.enumerated() {
                let offset = segments[position].headerOffset
                context.editor.bytes.replaceSubrange(offset..<(offset + entries[source].count), with: entries[source])
            }
            context.say("program headers reordered \(order)")
        }
    }

    private static func set(_ field: ProgramHeaderField, of segment: CoreLayout.Segment, to newValue: UInt64, in context: inout MutationContext) {
        let value = context.differing(newValue, from: context.editor.programHeader(segment.index, field))
        context.say("program header \(segment.index) (type \(segment.type)) \(field.rawValue) 0x\(String(context.editor.programHeader(segment.index, field), radix: 16)) -> 0x\(String(value, radix: 16))")
        context.editor.setProgramHeader(segment.index, field, value)
    }
}
