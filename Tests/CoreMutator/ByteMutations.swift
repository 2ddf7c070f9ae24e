/// Unstructured bit flips: anywhere in the file, or only in the headers and notes, where a
/// flipped bit changes how everything else is read.
enum ByteMutations {
    static func apply(_ kind: MutationKind, to context: inout MutationContext) {
        let structureEnd = max(
            context.layout.programHeaderOffset + context.layout.segments.count * context.layout.programHeaderEntrySize,
            context.layout.noteSegment.map { Int($0.offset + $0.fileSize) } ?? 0)
        let span = kind == .structureBitFlips ? min(structureEnd, context.editor.bytes.count) : context.editor.bytes.count
        let flips = 1 + context.random.index(32)
        for _ in 0..<flips {
            let offset = context.random.index(span)
            context.editor.bytes[offset] ^= 1 << UInt8(context.random.index(8))
        }
        context.say("\(flips) bits flipped in the first \(span) bytes")
    }
}
