import DumpModel

/// How a process's address space was used when the core was written: mapped, file-backed and
/// anonymous memory, thread stacks, the heap, what glibc's malloc got from the system, and what
/// of the heap the program mapped itself. The first question about a process that grew too
/// big, as DebugDiag's memory report asks it. One core says what the memory is, not whether it
/// grows: a leak is told by comparing cores (``CoreComparison``).
///
/// Every size is address space from the core's `PT_LOAD` segments and `NT_FILE`, not resident
/// memory: a mapping counts in full however little of it was touched.
///
/// Blind spots:
/// - Without `NT_FILE` (cores written by qemu-user) file-backed memory is unknown, and with it
///   anonymous memory, reserved space and the heap.
/// - A thread's stack is the segment its stack pointer lies in. A thread running on a stack
///   carved out of a larger mapping (a fiber stack allocated on the heap, a `sigaltstack`
///   buffer) has that whole mapping counted as its stack.
/// - malloc's arenas count only memory from `brk` and arena heaps: a chunk at or above the
///   mmap threshold (128 KiB by default, rising to 32 MiB on 64-bit as large blocks are
///   freed) is mapped on its own and counts in ``heapSize`` but in no arena. Other allocators
///   (jemalloc, tcmalloc) are not read: glibc's arenas then show little or nothing, and their
///   memory counts as the program's own mappings (``ownMappingsSize``).
public struct MemorySummary: Equatable, Sendable {
    /// The stack of one thread.
    public struct ThreadStack: Equatable, Sendable {
        /// The thread's TID.
        public var tid: Int32
        /// The thread's stack pointer, nil when its registers have none.
        public var stackPointer: UInt64?
        /// The stack's segment: the writable segment the stack pointer lies in, or the one
        /// right above the guard page it lies in. Nil when the stack pointer lies in no segment
        /// of the core, or in one that is neither writable nor a guard page.
        public var region: Range<UInt64>?
        /// Whether the stack pointer lies in the guard page below ``region``: the thread ran
        /// off the end of its stack.
        public var isStackPointerInGuardPage: Bool

        public init(tid: Int32, stackPointer: UInt64?, region: Range<UInt64>?, isStackPointerInGuardPage: Bool) {
            self.tid = tid
            self.stackPointer = stackPointer
            self.region = region
            self.isStackPointerInGuardPage = isStackPointerInGuardPage
        }

        /// The size of the stack's segment, nil when it is not known. With glibc this is the
        /// size the thread was created with; the guard page is a segment of its own.
        public var size: UInt64? { region.map { $0.upperBound &- $0.lowerBound } }
    }

    /// What glibc's malloc got from the system, walked from `main_arena` along each arena's
    /// `next` pointer.
    public enum MallocArenas: Equatable, Sendable {
        /// The arenas were walked: how many (the main arena included), and the sum of their
        /// `system_mem` (the bytes each got from `brk` or for its heaps).
        case known(count: Int, systemMemory: UInt64)
        /// The arenas could not be read, and why.
        case unknown(reason: String)
    }

    /// The size of every `PT_LOAD` segment of the core.
    public var mappedSize: UInt64
    /// How many bytes of the segments the core file holds, by its program headers (a
    /// truncated core file holds less).
    public var dumpedSize: UInt64
    /// The bytes of the segments that `NT_FILE` names a file for, nil when the core has no
    /// `NT_FILE` note.
    public var fileBackedSize: UInt64?
    /// The bytes of the segments backed by no file, nil when ``fileBackedSize`` is.
    public var anonymousSize: UInt64?
    /// Anonymous memory the process cannot write: guard pages, address space reserved for
    /// growth (all but the used part of each thread arena's 64 MiB heap) and the kernel's few
    /// vDSO pages. It is address space, not memory in use. gdb's `gcore` writes such segments
    /// as readable and dumps their zeros, so "not writable" decides, not "not readable".
    /// Nil when ``fileBackedSize`` is.
    public var reservedSize: UInt64?
    /// Each thread's stack, in the order of the process's threads.
    public var stacks: [ThreadStack]
    /// The size of the stack segments, each counted once.
    public var totalStackSize: UInt64
    /// Writable anonymous memory that is no thread's stack: the `brk` heap, arena heaps and
    /// mmapped chunks, and other anonymous mappings, plus small pieces such as the
    /// executable's `.bss`. Anonymous memory less reserved space and stacks. Nil when
    /// ``fileBackedSize`` is.
    public var heapSize: UInt64?
    /// What glibc's malloc got from the system.
    public var arenas: MallocArenas
    /// The bytes of the chunks glibc's malloc mapped one by one, at or above its mmap
    /// threshold (`mp_.mmapped_mem`): they are in no arena. Nil when `mp_` cannot be read (no
    /// symbol, not in the core, or a `struct malloc_par` of a size this reader does not know).
    public var mallocMappedChunkSize: UInt64?

    public init(
        mappedSize: UInt64, dumpedSize: UInt64, fileBackedSize: UInt64?, anonymousSize: UInt64?,
        reservedSize: UInt64?, stacks: [ThreadStack], totalStackSize: UInt64, heapSize: UInt64?,
        arenas: MallocArenas, mallocMappedChunkSize: UInt64? = nil
    ) {
        self.mappedSize = mappedSize
        self.dumpedSize = dumpedSize
        self.fileBackedSize = fileBackedSize
        self.anonymousSize = anonymousSize
        self.reservedSize = reservedSize
        self.stacks = stacks
        self.totalStackSize = totalStackSize
        self.heapSize = heapSize
        self.arenas = arenas
        self.mallocMappedChunkSize = mallocMappedChunkSize
    }

    /// Mapped memory less reserved space: what the process could use. Nil when
    /// ``reservedSize`` is.
    public var inUseSize: UInt64? { reservedSize.map { mappedSize &- $0 } }

    /// What glibc's malloc holds: its arenas' system memory and its chunks mapped one by one.
    /// Nil unless both are known.
    public var mallocSize: UInt64? {
        guard case .known(_, let systemMemory) = arenas, let mallocMappedChunkSize else { return nil }
        let (sum, overflow) = systemMemory.addingReportingOverflow(mallocMappedChunkSize)
        return overflow ? .max : sum
    }

    /// The heap glibc's malloc does not hold: anonymous memory the program mapped itself (its
    /// caches and buffer pools, a JIT's code, another allocator's arenas) and small pieces
    /// such as the executable's `.bss`. Nil unless ``heapSize`` and ``mallocSize`` are known.
    public var ownMappingsSize: UInt64? {
        guard let heapSize, let mallocSize else { return nil }
        return heapSize > mallocSize ? heapSize - mallocSize : 0
    }

    /// The share of memory in use the heap must reach for ``isHeapDominant``.
    ///
    /// Code, libraries, mapped files and stacks of a working service come to tens or hundreds
    /// of MiB; a heap three times all of them is worth a line saying what it is, while a
    /// service that mostly maps files stays below.
    public static let heapDominanceShare = 0.75
    /// The heap size below which ``isHeapDominant`` never holds: 256 MiB.
    ///
    /// A small process's share swings on little: the warmup-lock fixture's 188 KiB heap is 6 %
    /// of its memory in use, queue-backlog's 48 MiB of leaked buffers make 92 %.
    public static let heapDominanceMinimumSize: UInt64 = 256 << 20

    /// Whether anonymous memory dominates: the heap is at least ``heapDominanceMinimumSize``
    /// and at least ``heapDominanceShare`` of ``inUseSize``. This is what the memory is, not a
    /// leak: a database's buffer pool is such a heap from its first second. Only cores
    /// compared over time show growth.
    ///
    /// Stacks and reserved space are left out on both sides: ten idle threads with 8 MiB stacks
    /// are 80 MiB of anonymous memory, and an idle program whose four threads each malloc'ed
    /// once maps 255 MiB of reserved arena heaps. Without `NT_FILE` the arenas' system memory
    /// stands in for the heap, against all mapped memory: both err towards "no".
    public var isHeapDominant: Bool {
        let heapEvidence: UInt64
        let base: UInt64
        if let heapSize, let inUseSize {
            heapEvidence = heapSize
            base = inUseSize
        } else if case .known(_, let systemMemory) = arenas {
            heapEvidence = systemMemory
            base = mappedSize
        } else {
            return false
        }
        return heapEvidence >= Self.heapDominanceMinimumSize
            && Double(heapEvidence) >= Self.heapDominanceShare * Double(base)
    }

    /// The longest arena list walked before it is taken as corrupt. glibc allows 8 arenas per
    /// CPU by default: 1,024 at 128 CPUs.
    public static let maximumArenaCount = 1024

    /// Why the arenas are unknown when the process has no `main_arena` symbol.
    public static let noMainArenaSymbolReason =
        "no main_arena symbol: the C library has no symbol table (install libc6-dbg)"
    /// Why the arenas are unknown when the core does not hold `main_arena`.
    public static let mainArenaNotInCoreReason = "main_arena is not in the core"
}

extension MemorySummary {
    /// Summarizes the memory of `image`.
    ///
    /// Reads `main_arena` and the arenas it links to from the core's memory; everything else
    /// comes from the model. A value that cannot be known is nil (or `.unknown` with a reason)
    /// rather than a guess.
    ///
    /// - Complexity: O((s + f + t) log s) for s segments, f `NT_FILE` entries and t threads,
    ///   plus one read per arena field.
    public static func summarize(_ image: ProcessImage) -> MemorySummary {
        let process = image.process
        let segments = process.memorySegments.sorted { $0.startAddress < $1.startAddress }
        let mappedSize = saturatingSum(segments.map(\.length))
        let stacks = process.threads.map { threadStack(of: $0, in: segments) }
        let stackStarts = Set(stacks.compactMap { $0.region?.lowerBound })
        let totalStackSize = saturatingSum(
            segments.filter { stackStarts.contains($0.startAddress) }.map(\.length))

        var fileBackedSize: UInt64?
        var reservedSize: UInt64?
        var heapSize: UInt64?
        if !process.mappedFiles.isEmpty {
            let files = mergedRanges(process.mappedFiles)
            var fileBacked: [UInt64] = []
            var reserved: [UInt64] = []
            var heap: [UInt64] = []
            for segment in segments {
                let fileBytes = overlap(of: segment, with: files)
                let anonymousBytes = segment.length &- fileBytes
                fileBacked.append(fileBytes)
                if !segment.isWritable {
                    reserved.append(anonymousBytes)
                } else if !stackStarts.contains(segment.startAddress) {
                    heap.append(anonymousBytes)
                }
            }
            fileBackedSize = saturatingSum(fileBacked)
            reservedSize = saturatingSum(reserved)
            heapSize = saturatingSum(heap)
        }
        return MemorySummary(
            mappedSize: mappedSize, dumpedSize: saturatingSum(segments.map(\.dumpedSize)),
            fileBackedSize: fileBackedSize, anonymousSize: fileBackedSize.map { mappedSize &- $0 },
            reservedSize: reservedSize, stacks: stacks, totalStackSize: totalStackSize,
            heapSize: heapSize, arenas: mallocArenas(of: image, mappedSize: mappedSize),
            mallocMappedChunkSize: mallocMappedChunks(of: image, mappedSize: mappedSize))
    }

    /// The stack of `thread`: the writable segment holding its stack pointer, or, when the
    /// stack pointer is in a guard page (a segment the thread cannot write), the writable
    /// segment that starts where the guard page ends. Stacks grow down on every architecture
    /// the reader knows.
    private static func threadStack(of thread: Thread, in segments: [MemorySegment]) -> ThreadStack {
        let stackPointer = thread.registers.stackPointer
        var region: Range<UInt64>?
        var isInGuardPage = false
        if let stackPointer, let index = segmentIndex(containing: stackPointer, in: segments) {
            let segment = segments[index]
            let above = index + 1 < segments.count ? segments[index + 1] : nil
            if segment.isWritable {
                region = segment.range
            } else if let above, above.startAddress == segment.endAddress, above.isWritable {
                region = above.range
                isInGuardPage = region != nil
            }
        }
        return ThreadStack(tid: thread.tid, stackPointer: stackPointer, region: region, isStackPointerInGuardPage: isInGuardPage)
    }

    /// The index of the segment holding `address` in segments sorted by start address.
    private static func segmentIndex(containing address: UInt64, in segments: [MemorySegment]) -> Int? {
        // The first segment starting above the address; the one before it may hold it.
        var low = 0
        var high = segments.count
        while low < high {
            let middle = (low + high) / 2
            if segments[middle].startAddress <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, address &- segments[low - 1].startAddress < segments[low - 1].length else { return nil }
        return low - 1
    }

    /// The address ranges of `files`, sorted and with overlapping or touching ranges merged.
    private static func mergedRanges(_ files: [MappedFile]) -> [Range<UInt64>] {
        var merged: [Range<UInt64>] = []
        for file in files.sorted(by: { $0.startAddress < $1.startAddress }) where file.startAddress < file.endAddress {
            if let last = merged.last, file.startAddress <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, file.endAddress)
            } else {
                merged.append(file.startAddress..<file.endAddress)
            }
        }
        return merged
    }

    /// How many bytes of `segment` lie in the sorted, disjoint `ranges`.
    private static func overlap(of segment: MemorySegment, with ranges: [Range<UInt64>]) -> UInt64 {
        let segmentEnd = segment.startAddress &+ segment.length
        guard segmentEnd > segment.startAddress else { return 0 }
        // The first range ending after the segment starts.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound <= segment.startAddress { low = middle + 1 } else { high = middle }
        }
        var bytes: UInt64 = 0
        for range in ranges[low...] {
            guard range.lowerBound < segmentEnd else { break }
            bytes += min(range.upperBound, segmentEnd) - max(range.lowerBound, segment.startAddress)
        }
        return bytes
    }

    /// Walks glibc's arena list from `main_arena`, summing `system_mem`.
    ///
    /// The list is circular: it ends when a `next` pointer returns to `main_arena`. An arena
    /// the core does not hold, a loop that misses `main_arena`, more than
    /// ``maximumArenaCount`` arenas, or more system memory than is mapped mean the memory is
    /// not glibc's list as this layout knows it, and the arenas are unknown.
    private static func mallocArenas(of image: ProcessImage, mappedSize: UInt64) -> MallocArenas {
        let architecture = image.process.architecture
        guard let layout = GlibcLayout(architecture: architecture) else {
            return .unknown(reason: "glibc's malloc_state layout is not known for \(architecture)")
        }
        guard let mainArena = image.symbols.address(ofSymbol: "main_arena") else {
            return .unknown(reason: noMainArenaSymbolReason)
        }
        var arena = mainArena
        var visited: Set<UInt64> = []
        var systemMemoryTotal: UInt64 = 0
        while true {
            guard let next = image.memory.readWord(at: arena &+ layout.arenaNext, size: layout.pointerSize),
                  let systemMemory = image.memory.readWord(at: arena &+ layout.arenaSystemMemory, size: layout.pointerSize)
            else {
                return .unknown(reason: arena == mainArena
                    ? mainArenaNotInCoreReason
                    : "arena \(visited.count + 1) at \(hex(arena)) is not in the core")
            }
            systemMemoryTotal = systemMemoryTotal.addingReportingOverflow(systemMemory).partialValue
            guard systemMemory <= mappedSize, systemMemoryTotal <= mappedSize else {
                return .unknown(reason:
                    "the arenas up to \(hex(arena)) claim more memory from the system than the \(mappedSize) bytes mapped: not glibc's malloc_state")
            }
            visited.insert(arena)
            if next == mainArena { return .known(count: visited.count, systemMemory: systemMemoryTotal) }
            guard !visited.contains(next) else {
                return .unknown(reason: "the arena list loops at \(hex(next)) without returning to main_arena")
            }
            guard visited.count < maximumArenaCount else {
                return .unknown(reason: "the arena list does not return to main_arena within \(maximumArenaCount) arenas")
            }
            arena = next
        }
    }

    /// Reads `mp_.mmapped_mem`, the bytes of malloc's chunks mapped one by one. Where the field
    /// lies depends on the glibc release, which the symbol's size (`sizeof(struct
    /// malloc_par)`) tells; a size this reader does not know, or more than is mapped, is nil.
    private static func mallocMappedChunks(of image: ProcessImage, mappedSize: UInt64) -> UInt64? {
        guard let layout = GlibcLayout(architecture: image.process.architecture),
              let parameters = image.symbols.address(ofSymbol: "mp_"),
              let symbol = image.symbols.symbol(containing: parameters), symbol.address == parameters,
              let offset = layout.mallocParametersMappedMemory[symbol.size],
              let mapped = image.memory.readWord(at: parameters &+ offset, size: layout.pointerSize),
              mapped <= mappedSize
        else { return nil }
        return mapped
    }

    private static func hex(_ address: UInt64) -> String { "0x" + String(address, radix: 16) }

    /// The sum of `values`, held at `UInt64.max` rather than trapping on a corrupt core.
    private static func saturatingSum(_ values: [UInt64]) -> UInt64 {
        values.reduce(0) { total, value in
            let (sum, overflow) = total.addingReportingOverflow(value)
            return overflow ? .max : sum
        }
    }
}

private extension MemorySegment {
    /// The size of the segment, correct also for one that ends at the top of the address space
    /// (its end address wraps to 0).
    var length: UInt64 { endAddress &- startAddress }

    /// The segment's addresses, nil for one that ends at the top of the address space: no
    /// stack does.
    var range: Range<UInt64>? { startAddress < endAddress ? startAddress..<endAddress : nil }
}
