import DumpModel
import Testing
@testable import RuntimeStacks

/// The goroutine reader on a Go runtime built in memory: layouts from a fake DWARF lookup,
/// `allgs` with a parked, a dead and a running goroutine; and hostile values (an `allglen`
/// past the cap, a missing DWARF type) that leave a note instead of goroutines.
struct GoroutineReaderTests {
    /// The fields at made-up offsets: the reader must take them from the lookup, not assume Go's.
    final class Layouts: TypeLayoutLookup {
        var sizes = ["runtime.g": UInt64(128), "runtime.m": 32]
        var members: [String: TypeMemberLayout] = [
            "runtime.g.goid": .init(offset: 0, size: 8), "runtime.g.atomicstatus": .init(offset: 8, size: 4),
            "runtime.g.waitreason": .init(offset: 12, size: 1), "runtime.g.waitsince": .init(offset: 16, size: 8),
            "runtime.g.sched.pc": .init(offset: 24, size: 8), "runtime.g.sched.sp": .init(offset: 32, size: 8),
            "runtime.g.sched.bp": .init(offset: 40, size: 8), "runtime.g.syscallpc": .init(offset: 48, size: 8),
            "runtime.g.syscallsp": .init(offset: 56, size: 8), "runtime.g.m": .init(offset: 64, size: 8),
            "runtime.g.stack.lo": .init(offset: 72, size: 8), "runtime.g.stack.hi": .init(offset: 80, size: 8),
            "runtime.g.startpc": .init(offset: 88, size: 8), "runtime.g.gopc": .init(offset: 96, size: 8),
            "runtime.m.procid": .init(offset: 0, size: 8), "runtime.m.curg": .init(offset: 8, size: 8),
        ]
        func size(ofType type: String) -> UInt64? { sizes[type] }
        func member(_ path: String, ofType type: String) -> TypeMemberLayout? { members[type + "." + path] }
        func scoped(toModuleContaining address: UInt64) -> (any TypeLayoutLookup)? { self }
    }

    /// Names every PC `f_<hex>`.
    final class Namer: MachineFrameSymbolizer {
        func frames(for stack: [MachineFrame]) -> [Frame] {
            stack.map { Frame(pc: $0.pc, kind: $0.kind, trust: .context, function: "f_" + String($0.pc, radix: 16)) }
        }
    }

    final class Symbols: SymbolLookup {
        var symbols: [SymbolReference] = []
        func symbol(containing address: UInt64) -> SymbolReference? {
            symbols.first { $0.address <= address && address < $0.address + max($0.size, 1) }
                .map { SymbolReference(name: $0.name, address: $0.address, size: $0.size, offset: address - $0.address) }
        }
        func address(ofSymbol name: String) -> UInt64? { symbols.first { $0.name == name }?.address }
    }

    static let allgs: UInt64 = 0x52_a470
    static let reasons: UInt64 = 0x52_7440

    /// Three goroutines: 1 parked in `chan receive` with a two-frame stack, 2 dead, 3 running
    /// on thread 42.
    static func image(allglen: UInt64 = 3) -> ProcessImage {
        let memory = FakeMemory()
        let symbols = Symbols()
        symbols.symbols = [
            SymbolReference(name: "runtime.allgs", address: allgs, size: 24, offset: 0),
            SymbolReference(name: "runtime.waitReasonStrings", address: reasons, size: 48, offset: 0),
            SymbolReference(name: "main.main", address: 0x48_1980, size: 0x200, offset: 0),
            SymbolReference(name: "main.worker", address: 0x48_1900, size: 0x80, offset: 0),
        ]
        // waitReasonStrings: "", "sleep", "chan receive".
        memory.words[reasons] = 0; memory.words[reasons + 8] = 0
        memory.words[reasons + 16] = 0x60_0000; memory.words[reasons + 24] = 5
        memory.words[reasons + 32] = 0x60_0010; memory.words[reasons + 40] = 12
        memory.bytes[0x60_0000] = Array("sleep".utf8)
        memory.bytes[0x60_0010] = Array("chan receive".utf8)
        let goroutines: [UInt64] = [0xc000_1000, 0xc000_2000, 0xc000_3000]
        memory.words[allgs] = 0xc000_0000; memory.words[allgs + 8] = allglen
        for (index, g) in goroutines.enumerated() { memory.words[0xc000_0000 + UInt64(index) * 8] = g }
        func g(_ address: UInt64, goid: UInt64, status: UInt64, reason: UInt64, pc: UInt64, bp: UInt64, m: UInt64) {
            let fields: [UInt64] = [goid, status | reason << 32, 0, pc, 0, bp, 0, 0, m, 0xc100_0000, 0xc100_1000, 0x48_1900, 0x48_1a05, 0, 0, 0]
            for (index, value) in fields.enumerated() { memory.words[address + UInt64(index) * 8] = value }
        }
        g(0xc000_1000, goid: 1, status: 4, reason: 2, pc: 0x43_4416, bp: 0xc100_0f00, m: 0)
        g(0xc000_2000, goid: 2, status: 6, reason: 0, pc: 0, bp: 0, m: 0)
        g(0xc000_3000, goid: 3, status: 2, reason: 0, pc: 0, bp: 0, m: 0xc000_9000)
        memory.words[0xc100_0f00] = 0; memory.words[0xc100_0f08] = 0x48_1956
        memory.words[0xc000_9000] = 42; memory.words[0xc000_9008] = 0xc000_3000
        memory.words[0xc000_9010] = 0; memory.words[0xc000_9018] = 0
        let thread = Thread(
            tid: 42, isMainThread: false, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: [Frame(pc: 0x48_18de, kind: .interrupted, trust: .context, function: "main.runawayLoop")],
            unwindStatus: .complete, systemCall: nil)
        return ProcessImage(
            process: Process(
                pid: 42, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
                threads: [thread], modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: []),
            memory: memory, symbols: symbols)
    }

    static func read(_ image: ProcessImage, layouts: Layouts = Layouts()) -> Process {
        var process = image.process
        GoroutineReader().read(image, context: RuntimeReadContext(typeLayouts: layouts, symbolizer: Namer()), into: &process)
        return process
    }

    @Test func readsParkedAndRunningGoroutinesAndSkipsDeadOnes() throws {
        let process = Self.read(Self.image())
        #expect(process.goroutines.map(\.id) == [1, 3])
        let parked = try #require(process.goroutines.first)
        #expect(parked.status == .waiting)
        #expect(parked.waitReason == "chan receive")
        #expect(parked.frames.map(\.function) == ["f_434416", "f_481956"])
        #expect(parked.frames.map(\.trust) == [.runtime, .framePointer])
        #expect(parked.frames.allSatisfy { $0.runtime == .go })
        #expect(parked.threadTID == nil)
        #expect(parked.startFunction == "main.worker")
        #expect(parked.creatorFunction == "main.main")
        let running = try #require(process.goroutines.last)
        #expect(running.status == .running)
        #expect(running.threadTID == 42)
        #expect(running.frames.map(\.function) == ["main.runawayLoop"])
        #expect(running.frames.first?.runtime == .go)
        #expect(process.diagnostics.isEmpty)
    }

    @Test func capsAHostileGoroutineCount() {
        let process = Self.read(Self.image(allglen: 1 << 40))
        #expect(process.goroutines.map(\.id) == [1, 3])
        #expect(process.diagnostics.map(\.message) == [
            "runtime.allgs holds 1099511627776 goroutines: only the first 100000 were read",
            "99997 of the 100000 goroutines in runtime.allgs could not be read from the core",
        ])
    }

    @Test func saysWhichDWARFTypeIsMissing() {
        let layouts = Layouts()
        layouts.members["runtime.g.sched.pc"] = nil
        let process = Self.read(Self.image(), layouts: layouts)
        #expect(process.goroutines.isEmpty)
        #expect(process.diagnostics.map(\.message) == [
            "goroutines were not read: the Go binary's DWARF does not describe runtime.g.sched.pc (built with -ldflags=-w?); rebuild it with DWARF or pass --exe with an unstripped copy",
        ])
    }
}
