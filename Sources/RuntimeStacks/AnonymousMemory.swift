import DumpModel

/// The memory of a process that no file backs: with `executableOnly`, where JIT compilers
/// write code; without, also the heaps where runtimes keep their bytecode. Built from the
/// core's `PT_LOAD` segments with the `NT_FILE` mappings and the modules taken out, so that an
/// address inside a library or the executable is never renamed.
struct AnonymousMemory {
    /// Disjoint ranges without a file, sorted.
    private var ranges: [(start: UInt64, end: UInt64)]
    /// Disjoint ranges of the files and modules, sorted.
    private var files: [(start: UInt64, end: UInt64)]

    init(_ process: Process, executableOnly: Bool) {
        let files = (process.mappedFiles.map { (start: $0.startAddress, end: $0.endAddress) }
            + process.modules.map { (start: $0.startAddress, end: $0.endAddress) }).sorted { $0.start < $1.start }
        var union: [(start: UInt64, end: UInt64)] = []
        for file in files where file.start < file.end {
            if let last = union.last, file.start <= last.end {
                union[union.count - 1].end = max(last.end, file.end)
            } else {
                union.append(file)
            }
        }
        self.files = union
        ranges = []
        for segment in process.memorySegments where segment.isExecutable || !executableOnly {
            var start = segment.startAddress
            var index = Self.firstEnding(after: start, in: union)
            while index < union.count && union[index].start < segment.endAddress {
                if union[index].start > start { ranges.append((start, union[index].start)) }
                start = max(start, union[index].end)
                index += 1
            }
            if start < segment.endAddress { ranges.append((start, segment.endAddress)) }
        }
    }

    /// The index of the first of the sorted, disjoint `ranges` that ends after `address`.
    private static func firstEnding(after address: UInt64, in ranges: [(start: UInt64, end: UInt64)]) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = low + (high - low) / 2
            if ranges[middle].end <= address { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether `address` lies in a mapped file or a module.
    func isInAFile(_ address: UInt64) -> Bool {
        let index = Self.firstEnding(after: address, in: files)
        return index < files.count && files[index].start <= address
    }

    /// Whether `address` is memory without a file (executable, with `executableOnly`).
    func contains(_ address: UInt64) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = low + (high - low) / 2
            if ranges[middle].start <= address { low = middle + 1 } else { high = middle }
        }
        return low > 0 && address < ranges[low - 1].end
    }
}
