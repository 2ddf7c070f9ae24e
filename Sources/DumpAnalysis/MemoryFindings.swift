import DumpModel

/// The finding about memory: a heap that dominates the process (a leak candidate; a process
/// recycled at its memory limit shows it at its largest).
struct MemoryFindings {
    let memory: MemorySummary

    func findings() -> [Finding] {
        guard memory.isLeakCandidate, let heap = memory.heapSize, let inUse = memory.inUseSize else { return [] }
        var description = "The heap (writable anonymous memory outside thread stacks) is \(Self.size(heap)), \(Int(saturatingRounded: Double(heap) * 100 / Double(max(inUse, 1)))) % of the \(Self.size(inUse)) in use."
        if case .known(let count, let systemMemory) = memory.arenas {
            description += " glibc's malloc got \(Self.size(systemMemory)) from the system in \(count) arena\(count == 1 ? "" : "s")."
        }
        return [Finding(
            severity: .warning, kind: .memoryGrowth,
            title: "The heap dominates the process: \(Self.size(heap)) of \(Self.size(inUse)) (leak candidate)",
            description: description,
            recommendation: "Compare with a core taken earlier (analyze-dump compare) to see whether it grows; find what allocates with a heap profiler (heaptrack, valgrind --tool=massif, jemalloc's prof) on a test instance; a process recycled at its memory limit shows the heap at its largest in the core taken then.",
            tids: [], impact: 0)]
    }

    private static func size(_ bytes: UInt64) -> String { ByteSize.format(bytes) }
}
