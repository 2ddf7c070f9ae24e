import DumpModel

/// Names the frames in JIT-compiled code from a perf map (``PerfMap``): each frame whose PC
/// lies in no module but in anonymous executable memory of the core gets the map's name, with
/// the function and source position ``PerfMapSymbol`` reads from it and its offset into the
/// entry, and ``FrameRuntime/jit``; its trust (how the unwinder found it) is kept.
///
/// It uses the first map of ``RuntimeReadContext/perfMaps`` it trusts. A map of this host's
/// `/tmp` is trusted only when at least half of its entries that lie in no module start in
/// memory the core holds without a file: another process that had the same PID put its code
/// and heaps elsewhere (address space layout randomisation), and a note says the map was
/// refused. Entries in modules do not count: V8 names its builtins in node's own text, at the
/// same addresses in every process of a non-PIE node. Not only executable memory counts: V8
/// names interpreted functions by their bytecode in its (not executable) heap.
public struct PerfMapReader: RuntimeStackReader {
    public init() {}

    public func read(_ image: ProcessImage, context: RuntimeReadContext, into process: inout Process) {
        let jitCode = AnonymousMemory(process, executableOnly: true)
        let unnamed = process.threads.reduce(0) { count, thread in
            count + thread.frames.lazy.filter { $0.moduleIndex == nil && jitCode.contains($0.lookupAddress) }.count
        }
        guard unnamed > 0, !context.perfMaps.isEmpty else { return }
        var chosen: (source: PerfMapSource, map: PerfMap)?
        for source in context.perfMaps {
            let map = PerfMap(parsing: source.bytes)
            if case .host = source.origin {
                let runtimeMemory = AnonymousMemory(process, executableOnly: false)
                let outsideModules = map.entries.filter { !runtimeMemory.isInAFile($0.start) }
                let inside = outsideModules.lazy.filter { runtimeMemory.contains($0.start) }.count
                guard inside * 2 >= outsideModules.count, inside > 0 else {
                    process.diagnostics.append(.note(
                        "\(source.description) was not used: \(inside) of its \(outsideModules.count) entries outside modules lie in the core's memory, so another process with the same PID wrote it; give the process's own map with --perf-map"))
                    continue
                }
            }
            chosen = (source, map)
            break
        }
        guard let (source, map) = chosen else { return }
        var symbols: [UInt64: FrameSymbol] = [:]
        var named = 0
        for threadIndex in process.threads.indices {
            var frames = process.threads[threadIndex].frames
            var changed = false
            for frameIndex in frames.indices {
                let address = frames[frameIndex].lookupAddress
                guard frames[frameIndex].moduleIndex == nil, jitCode.contains(address),
                      let entry = map.entry(containing: address)
                else { continue }
                let symbol = symbols[address] ?? PerfMapSymbol.symbol(name: entry.name, offset: address - entry.start)
                symbols[address] = symbol
                frames[frameIndex].symbol = symbol
                frames[frameIndex].runtime = .jit
                changed = true
                named += 1
            }
            // Set once per thread: each set of `threads` checks its TID index.
            if changed { process.threads[threadIndex].frames = frames }
        }
        var facts = "\(named) of \(unnamed) frames in JIT code named from \(source.description) (\(map.entries.count) entries)"
        if map.skippedLineCount > 0 { facts += "; \(map.skippedLineCount) lines that are not START SIZE NAME were skipped" }
        if map.isTruncated { facts += "; lines after the first \(PerfMap.maximumEntryCount) entries were ignored" }
        if source.origin == .core, let ignored = context.perfMaps.first(where: { if case .userFile = $0.origin { true } else { false } }) {
            facts += "; \(ignored.description) was not used, since the core carries the process's own map"
        }
        process.diagnostics.append(.note(facts))
    }
}
