import DumpModel
import Testing
@testable import RuntimeStacks

struct PerfMapReaderTests {
    private final class NoMemory: ProcessMemory, SymbolLookup {
        func readWord(at address: UInt64, size: Int) -> UInt64? { nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
        func symbol(containing address: UInt64) -> SymbolReference? { nil }
        func address(ofSymbol name: String) -> UInt64? { nil }
    }

    /// A process with code of `/usr/bin/node` at 0x400000 and anonymous JIT code at
    /// 0x7000_0000, whose one thread is in JIT code (interrupted), called from JIT code, then
    /// from node, then from a writable (not executable) address.
    private func process() -> Process {
        let frames = [
            Frame(pc: 0x7000_0010, kind: .interrupted, trust: .context),
            Frame(pc: 0x7000_0101, kind: .call, trust: .framePointer),
            Frame(pc: 0x40_1000, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: 0x1000, function: "main"),
            Frame(pc: 0x9000_0000, kind: .call, trust: .framePointer),
        ]
        let thread = Thread(
            tid: 7, isMainThread: true, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: frames, unwindStatus: .complete)
        return Process(
            pid: 7, architecture: .x86_64, producer: .analyzeDump, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [thread],
            modules: [Module(name: "node", startAddress: 0x40_0000, endAddress: 0x50_0000, buildID: nil, filePath: "/usr/bin/node", debugFilePath: nil, symbolStatus: .symbolsOnly)],
            mappedFiles: [MappedFile(startAddress: 0x40_0000, endAddress: 0x50_0000, fileOffset: 0, path: "/usr/bin/node")],
            auxiliaryVector: [], diagnostics: [],
            memorySegments: [
                MemorySegment(startAddress: 0x40_0000, endAddress: 0x50_0000, dumpedSize: 0, isReadable: true, isWritable: false, isExecutable: true),
                MemorySegment(startAddress: 0x7000_0000, endAddress: 0x7001_0000, dumpedSize: 0x10000, isReadable: true, isWritable: true, isExecutable: true),
                MemorySegment(startAddress: 0x9000_0000, endAddress: 0x9001_0000, dumpedSize: 0x10000, isReadable: true, isWritable: true, isExecutable: false),
            ])
    }

    private func read(_ maps: [PerfMapSource]) -> Process {
        let memory = NoMemory()
        var result = process()
        PerfMapReader().read(ProcessImage(process: result, memory: memory, symbols: memory), context: RuntimeReadContext(perfMaps: maps), into: &result)
        return result
    }

    private let nodeMap = Array("""
        70000000 40 JS:*warmUpCache /app/warm.js:3:21
        70000100 80 JS:~main /app/warm.js:9:1
        400f00 200 JS:*shadowsNode /app/x.js:1:1
        90000000 10 JS:*notCode /app/x.js:1:1

        """.utf8)

    @Test func namesFramesInAnonymousExecutableMemoryOnly() {
        let frames = read([PerfMapSource(origin: .core, bytes: nodeMap)]).threads[0].frames
        #expect(frames.map(\.function) == ["warmUpCache", "main", "main", nil])
        #expect(frames.map(\.runtime) == [.jit, .jit, .native, .native])
        #expect(frames.map(\.trust) == [.context, .framePointer, .cfi, .framePointer])
        #expect(frames[0].source == SourceLocation(file: "/app/warm.js", line: 3, column: 21))
        #expect(frames[0].functionOffset == 0x10)
        // A call frame is looked up at its return address minus one.
        #expect(frames[1].functionOffset == 0x0)
    }

    @Test func saysWhichMapNamedTheFrames() {
        let map = nodeMap + Array("not a line\n".utf8)
        let result = read([PerfMapSource(origin: .core, bytes: map), PerfMapSource(origin: .userFile(path: "/x/perf-1.map"), bytes: [])])
        #expect(result.diagnostics.map(\.message) == [
            "2 of 2 frames in JIT code named from the perf map in the core (4 entries); 1 lines that are not START SIZE NAME were skipped; the perf map /x/perf-1.map was not used, since the core carries the process's own map",
        ])
    }

    @Test func refusesAHostMapWrittenByAnotherProcess() {
        // Its builtins in node's text match any node's; its JIT code and heap lie elsewhere.
        let foreign = Array("401000 40 Builtin:A\n402000 40 Builtin:B\n403000 40 Builtin:C\n7f0000000000 40 JS:*other /b.js:1:1\n7f0000000100 40 JS:~other2 /b.js:2:1\n70000000 40 JS:*lucky /b.js:3:1\n".utf8)
        let result = read([PerfMapSource(origin: .host(path: "/tmp/perf-7.map"), bytes: foreign)])
        #expect(result.threads[0].frames.allSatisfy { $0.runtime == .native })
        #expect(result.threads[0].frames[0].symbol == nil)
        #expect(result.diagnostics.map(\.message) == [
            "the perf map /tmp/perf-7.map was not used: 1 of its 3 entries outside modules lie in the core's memory, so another process with the same PID wrote it; give the process's own map with --perf-map",
        ])
    }

    @Test func usesAHostMapWhoseEntriesLieInTheJITCode() {
        let result = read([PerfMapSource(origin: .host(path: "/tmp/perf-7.map"), bytes: nodeMap)])
        #expect(result.threads[0].frames[0].function == "warmUpCache")
    }

    @Test func leavesAProcessWithoutJITFramesAlone() {
        var plain = process()
        plain.threads[0].frames.removeSubrange(0..<2)
        let memory = NoMemory()
        var result = plain
        PerfMapReader().read(
            ProcessImage(process: plain, memory: memory, symbols: memory),
            context: RuntimeReadContext(perfMaps: [PerfMapSource(origin: .core, bytes: nodeMap)]), into: &result)
        #expect(result == plain)
    }
}
