import Testing
@testable import CoreCapture

/// The trigger conditions and the size cap, on readings and mappings built in code.
struct CaptureTriggerTests {
    /// Readings every 0.5 s of a process whose CPU time grows by `perInterval` seconds.
    private func window(sustained: Duration, perInterval: [Double]) -> CPULoadWindow {
        var window = CPULoadWindow(sustained: sustained)
        var cpu = 0.0
        window.add(elapsed: .zero, cpu: .zero)
        for (index, used) in perInterval.enumerated() {
            cpu += used
            window.add(elapsed: .milliseconds(500 * (index + 1)), cpu: .seconds(cpu))
        }
        return window
    }

    @Test func cpuAboveHoldsOnlyWhenEveryIntervalOfTheSpanIsAbove() throws {
        // 90%, 90%, 40%, then 95% x 4: the dip breaks the first 2 s, the last 2 s hold.
        let busy = window(sustained: .seconds(2), perInterval: [0.45, 0.45, 0.2, 0.475, 0.475, 0.475, 0.475])
        #expect(abs(try #require(busy.load(over: .seconds(2), above: true, percent: 70)) - 95) < 1e-9)
        #expect(busy.load(over: .seconds(3), above: true, percent: 70) == nil)
        let dipped = window(sustained: .seconds(2), perInterval: [0.45, 0.45, 0.45, 0.2])
        #expect(dipped.load(over: .seconds(2), above: true, percent: 70) == nil)
        #expect(abs(try #require(dipped.load(over: .seconds(2), above: false, percent: 100)) - 77.5) < 1e-9)
    }

    @Test func theWindowMustBeCoveredAndZeroMeansTheLastInterval() throws {
        let short = window(sustained: .seconds(5), perInterval: [0.5, 0.5])
        #expect(short.load(over: .seconds(5), above: true, percent: 10) == nil)
        #expect(try #require(short.load(over: .zero, above: true, percent: 10)) == 100)
        #expect(CPULoadWindow(sustained: .zero).load(over: .zero, above: true, percent: 0) == nil)
        // A process using two CPUs reads 200%.
        let twoCPUs = window(sustained: .seconds(1), perInterval: [1, 1])
        #expect(twoCPUs.load(over: .zero, above: true, percent: 0) == 200)
    }

    /// `/proc` counts in 10 ms ticks: a thread that never stops reads 98 % and 102 % in turn,
    /// and `--cpu 100` still fires; a thread at 96 % does not.
    @Test func oneTickOfSlackPerInterval() throws {
        let spinning = window(sustained: .seconds(2), perInterval: [0.49, 0.51, 0.49, 0.51, 0.49])
        #expect(spinning.load(over: .seconds(2), above: true, percent: 100) != nil)
        let mostly = window(sustained: .seconds(2), perInterval: [0.48, 0.48, 0.48, 0.48, 0.48])
        #expect(mostly.load(over: .seconds(2), above: true, percent: 100) == nil)
    }

    @Test func readingsBeyondTheWindowAreDropped() {
        var window = CPULoadWindow(sustained: .zero)
        for index in 0..<10_000 { window.add(elapsed: .milliseconds(500 * index), cpu: .milliseconds(index)) }
        #expect(window.readingCount == 2)
    }

    @Test func idleBelowTrigger() throws {
        let idle = window(sustained: .seconds(1), perInterval: [0.5, 0.01, 0.0])
        #expect(try #require(idle.load(over: .seconds(1), above: false, percent: 5)) == 1)
    }

    @Test func triggersNameThemselvesForFilesAndNotes() {
        #expect(CaptureTrigger.immediately.fileTag == "now")
        #expect(CaptureTrigger.immediately.description == "now")
        #expect(CaptureTrigger.cpuAbove(percent: 70, sustained: .seconds(5)).fileTag == "cpu70")
        #expect(CaptureTrigger.cpuBelow(percent: 2.5, sustained: .seconds(5)).fileTag == "cpubelow2.5")
        #expect(CaptureTrigger.residentMemoryAbove(bytes: 512 << 20).fileTag == "mem512M")
        // A size below a MiB keeps its unit (it read "0 MiB"); one that no unit divides is in bytes.
        #expect(CaptureTrigger.residentMemoryAbove(bytes: 256 << 10).fileTag == "mem256K")
        #expect(CaptureTrigger.residentMemoryAbove(bytes: 256 << 10).description == "resident memory above 256 KiB")
        #expect(CaptureTrigger.residentMemoryAbove(bytes: (1 << 20) + 512).description == "resident memory above 1049088 bytes")
        #expect(CaptureTrigger.residentMemoryAbove(bytes: 3 << 20).description == "resident memory above 3 MiB")
        #expect(CaptureTrigger.threadCountAbove(200).fileTag == "threads200")
        #expect(CaptureTrigger.signal(11).fileTag == "sigsegv")
        #expect(CaptureTrigger.cpuAbove(percent: 70, sustained: .milliseconds(500)).description == "CPU at or above 70% of one CPU for 0.5 s")
        #expect(CaptureTrigger.signal(10).description == "signal SIGUSR1")
    }

    @Test func sizeCapKeepsModuleHeadersThenStacksThenWritableMemory() throws {
        let lines = [
            "100000-104000 r--p 00000000 fe:00 7 /bin/x",     // 16 KiB, ELF start
            "104000-108000 r-xp 00004000 fe:00 7 /bin/x",     // code, 16 KiB
            "200000-210000 rw-p 00000000 00:00 0 [heap]",     // 64 KiB, 32 KiB populated
            "300000-308000 rw-p 00000000 00:00 0",            // a thread stack: 8 pages, top 2 populated
            "400000-408000 rw-p 00000000 00:00 0",            // a stack too large for what is left
        ]
        let mappings = try lines.map { try #require(MemoryMapping(line: $0)) }
        let segments = CoreSegment.plan(mappings, options: .init(), pageSize: 0x1000) { _ in true }
        let populated: [UInt64: [(address: UInt64, length: UInt64)]] = [
            0x200000: [(0x200000, 0x4000), (0x20C000, 0x4000)],
            0x300000: [(0x306000, 0x2000)],
            0x400000: [(0x400000, 0x8000)],
        ]
        func runs(_ segment: CoreSegment) -> [(address: UInt64, length: UInt64)] {
            let start = segment.mapping.startAddress
            let all = populated[start] ?? [(start, segment.dumpedSize)]
            return all.filter { $0.address < start + segment.dumpedSize }
        }
        // 7 pages: 1 ELF header page, the 2 live pages of the first stack (the second does not
        // fit whole), then the heap's first run of 4; its prefix ends where its second run
        // begins (the hole between costs nothing). Nothing is left for the code.
        let capped = CoreSegment.capped(
            segments, toTotal: 7 * 0x1000 + 100, stackPointers: [0x306F00, 0x400100], pageSize: 0x1000, dataRuns: runs)
        #expect(capped.map(\.dumpedSize) == [0x1000, 0, 0xC000, 0x8000, 0])
        let roomy = CoreSegment.capped(segments, toTotal: 1 << 30, stackPointers: [0x306F00], pageSize: 0x1000, dataRuns: runs)
        #expect(roomy.map(\.dumpedSize) == segments.map(\.dumpedSize))
    }
}
