/// Applies one named mutation to a fixture core. The result is a function of the fixture,
/// the kind and the seed only, so a failing input is reproduced from its name
/// (`fixture/kind/seed`) with `core-mutate write`.
public enum CoreMutator {
    /// The mutated core for `(source, kind, seed)`.
    public static func mutate(_ source: SourceCore, kind: MutationKind, seed: UInt64) -> MutatedCore {
        var context = MutationContext(source: source, random: SplitMix64(name: "\(source.name)/\(kind.rawValue)", seed: seed))
        let compressed: [UInt8]?
        switch kind.group {
        case "header": HeaderMutations.apply(kind, to: &context); compressed = nil
        case "phdr": SegmentMutations.apply(kind, to: &context); compressed = nil
        case "note": NoteFramingMutations.apply(kind, to: &context); compressed = nil
        case "prstatus": ThreadStatusMutations.apply(kind, to: &context); compressed = nil
        case "prpsinfo", "siginfo", "auxv": ProcessNoteMutations.apply(kind, to: &context); compressed = nil
        case "file": FileNoteMutations.apply(kind, to: &context); compressed = nil
        case "xstate": ExtendedStateMutations.apply(to: &context); compressed = nil
        case "capture": CaptureNoteMutations.apply(kind, to: &context); compressed = nil
        case "stack", "memory": MemoryMutations.apply(kind, to: &context); compressed = nil
        case "truncate": TruncationMutations.apply(kind, to: &context); compressed = nil
        case "zstd": compressed = ZstdMutations.apply(kind, seed: seed, to: &context)
        case "size": SizeMutations.apply(kind, seed: seed, to: &context); compressed = nil
        default: ByteMutations.apply(kind, to: &context); compressed = nil
        }
        return MutatedCore(bytes: compressed ?? context.editor.bytes, summary: context.changes.joined(separator: "; "))
    }
}
