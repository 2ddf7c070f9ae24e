import DumpModel

/// The finding about one core's memory: what a heap that dominates the process is made of
/// (glibc's malloc, or anonymous memory the program mapped itself). One core cannot tell a
/// leak from a full cache, so this is information; a heap that grows across cores is the
/// comparison's `memory-growth` warning (``ComparisonFindings``).
struct MemoryFindings {
    let memory: MemorySummary

    func findings() -> [Finding] {
        guard memory.isHeapDominant, let heap = memory.heapSize, let inUse = memory.inUseSize else { return [] }
        var title = "The heap is \(Self.size(heap)) of the \(Self.size(inUse)) in use"
        var description = "The heap (writable anonymous memory outside thread stacks) is \(Int(saturatingRounded: Double(heap) * 100 / Double(max(inUse, 1)))) % of the memory in use."
        if let malloc = memory.mallocSize, let own = memory.ownMappingsSize, case .known(let count, let systemMemory) = memory.arenas {
            title += own >= malloc
                ? ", \(Self.size(own)) of it mapped by the program itself, \(Self.size(malloc)) held by malloc"
                : ", \(Self.size(malloc)) of it held by malloc"
            description += " glibc's malloc got \(Self.size(systemMemory)) from the system in \(Wording.count(count, "arena"))"
                + " and mapped \(Self.size(memory.mallocMappedChunkSize ?? 0)) in chunks of their own;"
                + " the other \(Self.size(own)) are anonymous mappings the program made itself (its caches and buffer pools, a JIT's code, another allocator such as jemalloc) and its static data."
        } else if case .known(let count, let systemMemory) = memory.arenas {
            description += " glibc's malloc got \(Self.size(systemMemory)) from the system in \(Wording.count(count, "arena")); what it mapped in chunks of their own is unknown (mp_ is not readable), so the rest may be those chunks or the program's own mappings."
        } else {
            description += " What glibc's malloc holds is unknown (its arenas are not readable), so malloc and the program's own mappings cannot be told apart."
        }
        description += " One core shows what the memory is, not whether it grows: a cache at its configured size is not a leak."
        return [Finding(
            severity: .information, kind: .heapDominates,
            title: title,
            description: description,
            recommendation: "To tell a leak from a cache, take a second core later and compare them (analyze-dump compare reports a heap that grows); check the sizes the program is configured with for its caches (a database's buffer pool); find what allocates with a heap profiler (heaptrack, valgrind --tool=massif, jemalloc's prof) on a test instance.",
            tids: [], impact: 0)]
    }

    private static func size(_ bytes: UInt64) -> String { ByteSize.format(bytes) }
}
