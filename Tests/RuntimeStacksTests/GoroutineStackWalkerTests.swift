import DumpModel
import Testing
@testable import RuntimeStacks

/// The frame-pointer walk of a parked goroutine on stacks built in memory: it follows the
/// chain to its end, and stops (keeping what it found) on a cycle, a frame pointer outside
/// the goroutine's stack or a misaligned one.
struct GoroutineStackWalkerTests {
    static let stackLow: UInt64 = 0xc000_0000
    static let stackHigh: UInt64 = 0xc000_1000

    @Test func followsTheChainToTheOutermostFrame() {
        let memory = FakeMemory()
        // gopark's frame at 0x...f00 -> caller at 0x...f40 -> outermost at 0x...f80 (saved BP 0).
        memory.words = [
            0xc000_0f00: 0xc000_0f40, 0xc000_0f08: 0x40_1234,
            0xc000_0f40: 0xc000_0f80, 0xc000_0f48: 0x40_5678,
            0xc000_0f80: 0, 0xc000_0f88: 0x45_d0c1,
        ]
        let walked = GoroutineStackWalker(memory: memory).walk(pc: 0x43_4416, framePointer: 0xc000_0f00, stackLow: Self.stackLow, stackHigh: Self.stackHigh)
        #expect(walked.frames.map(\.pc) == [0x43_4416, 0x40_1234, 0x40_5678, 0x45_d0c1])
        #expect(walked.frames.allSatisfy { $0.kind == .call })
        #expect(walked.complete)
    }

    @Test func stopsOnACycle() {
        let memory = FakeMemory()
        memory.words = [0xc000_0f00: 0xc000_0f40, 0xc000_0f08: 0x40_1234, 0xc000_0f40: 0xc000_0f00, 0xc000_0f48: 0x40_5678]
        let walked = GoroutineStackWalker(memory: memory).walk(pc: 0x43_4416, framePointer: 0xc000_0f00, stackLow: Self.stackLow, stackHigh: Self.stackHigh)
        #expect(walked.frames.map(\.pc) == [0x43_4416, 0x40_1234, 0x40_5678])
        #expect(!walked.complete)
    }

    @Test func stopsAtAFramePointerOutsideTheStackOrMisaligned() {
        let memory = FakeMemory()
        memory.words = [0xc000_0f00: 0xc000_2000, 0xc000_0f08: 0x40_1234, 0xc000_2000: 0, 0xc000_2008: 0x40_5678]
        let outside = GoroutineStackWalker(memory: memory).walk(pc: 0x43_4416, framePointer: 0xc000_0f00, stackLow: Self.stackLow, stackHigh: Self.stackHigh)
        #expect(outside.frames.map(\.pc) == [0x43_4416, 0x40_1234])
        #expect(!outside.complete)
        let misaligned = GoroutineStackWalker(memory: memory).walk(pc: 0x43_4416, framePointer: 0xc000_0f03, stackLow: Self.stackLow, stackHigh: Self.stackHigh)
        #expect(misaligned.frames.map(\.pc) == [0x43_4416])
        #expect(!misaligned.complete)
    }

    @Test func stopsAtTheFrameLimit() {
        let memory = FakeMemory()
        let high: UInt64 = 0xc001_1000
        var address: UInt64 = 0xc000_0000
        while address < high - 16 {
            memory.words[address] = address + 16
            memory.words[address + 8] = 0x40_1000
            address += 16
        }
        let walked = GoroutineStackWalker(memory: memory).walk(pc: 0x43_4416, framePointer: 0xc000_0000, stackLow: 0xc000_0000, stackHigh: high)
        #expect(walked.frames.count == GoroutineStackWalker.maximumFrames)
        #expect(!walked.complete)
    }
}

/// Process memory as a dictionary of 8-byte words, for stacks and structures built in tests.
final class FakeMemory: ProcessMemory {
    var words: [UInt64: UInt64] = [:]
    var bytes: [UInt64: [UInt8]] = [:]

    func readWord(at address: UInt64, size: Int) -> UInt64? {
        if size == 8 { return words[address] }
        guard let bytes = read(at: address, count: size) else { return nil }
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    func read(at address: UInt64, count: Int) -> [UInt8]? {
        if let block = bytes[address], block.count >= count { return Array(block.prefix(count)) }
        guard count % 8 == 0 else { return nil }
        var result: [UInt8] = []
        for index in 0..<count / 8 {
            guard let word = words[address + UInt64(index * 8)] else { return nil }
            result += (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) }
        }
        return result
    }
}
