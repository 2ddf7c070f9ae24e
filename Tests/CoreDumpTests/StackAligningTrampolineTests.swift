import Testing
@testable import CoreDump

/// The step from a stack-aligning trampoline's frame to its caller, over a made-up stack and
/// code: the layout it knows, the call instructions a return address may follow, and what it
/// refuses.
@Suite struct StackAligningTrampolineTests {
    /// Bytes by address; a read is answered only when every byte is known.
    struct Memory {
        var bytes: [UInt64: UInt8] = [:]

        mutating func write(_ values: [UInt8], at address: UInt64) {
            for (offset, value) in values.enumerated() { bytes[address + UInt64(offset)] = value }
        }

        mutating func write(word: UInt64, at address: UInt64) {
            write((0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }, at: address)
        }

        func read(_ address: UInt64, _ count: Int) -> [UInt8]? {
            let values = (0..<UInt64(count)).compactMap { bytes[address + $0] }
            return values.count == count ? values : nil
        }
    }

    /// A caller's code at 0x401000 whose call returns to 0x401005 (`call rel32`), preceded by
    /// padding, so that every window of 7 bytes before it is readable.
    static let returnAddress: UInt64 = 0x401005

    static func memoryWithCaller() -> Memory {
        var memory = Memory()
        memory.write([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0xE8, 0x10, 0x20, 0x30, 0x40], at: 0x400FF8)
        return memory
    }

    /// CPython 3.12's perf trampoline (`sub rsp, 8; call rcx; add rsp, 8; ret`) keeps no frame
    /// pointer: the return address is the word above the aligning slot, and rbp stays.
    @Test func aStackAligningTrampolineStepsOverItsSlot() throws {
        var memory = Self.memoryWithCaller()
        memory.write([0x48, 0x83, 0xEC, 0x08, 0xFF, 0xD1, 0x48, 0x83, 0xC4, 0x08, 0xC3], at: 0x7F00_1234_0000)
        memory.write(word: 0xDEAD_BEEF, at: 0x7F00_0000_7000)
        memory.write(word: Self.returnAddress, at: 0x7F00_0000_7008)
        let step = try #require(StackAligningTrampoline(
            programCounter: 0x7F00_1234_0006, stackPointer: 0x7F00_0000_7000, framePointer: 0x7F00_0000_7777, read: memory.read))
        #expect(step.returnAddress == Self.returnAddress)
        #expect(step.stackPointer == 0x7F00_0000_7010)
        #expect(step.framePointer == 0x7F00_0000_7777)
        #expect(step.dwarfRegisters.count == 17)
        #expect(step.dwarfRegisters[6] == 0x7F00_0000_7777)
        #expect(step.dwarfRegisters[7] == 0x7F00_0000_7010)
        // The same stack under other code is not that trampoline.
        #expect(StackAligningTrampoline(programCounter: 0x7F00_1234_0009, stackPointer: 0x7F00_0000_7000, framePointer: nil, read: memory.read) == nil)
        // A misaligned or unreadable stack, or a word above the slot that follows no call.
        #expect(StackAligningTrampoline(programCounter: 0x7F00_1234_0006, stackPointer: 0x7F00_0000_7004, framePointer: nil, read: memory.read) == nil)
        #expect(StackAligningTrampoline(programCounter: 0x7F00_1234_0006, stackPointer: 0x7F00_0000_9000, framePointer: nil, read: memory.read) == nil)
        memory.write(word: 0x400FFC, at: 0x7F00_0000_7008)
        #expect(StackAligningTrampoline(programCounter: 0x7F00_1234_0006, stackPointer: 0x7F00_0000_7000, framePointer: nil, read: memory.read) == nil)
    }

    @Test(arguments: [
        ([0xE8, 0x00, 0x00, 0x00, 0x00] as [UInt8], true),   // call rel32
        ([0xFF, 0xD1], true),                                 // call rcx
        ([0x41, 0xFF, 0xD0], true),                           // call r8
        ([0xFF, 0x50, 0x08], true),                           // call [rax+8]
        ([0xFF, 0x14, 0x24], true),                           // call [rsp]
        ([0xFF, 0x15, 0x00, 0x10, 0x00, 0x00], true),         // call [rip+0x1000]
        ([0xFF, 0x94, 0x24, 0x00, 0x01, 0x00, 0x00], true),   // call [rsp+0x100]
        ([0xFF, 0xE1], false),                                // jmp rcx
        ([0x48, 0x89, 0xC7], false),                          // mov rdi, rax
        ([0xFF, 0x15, 0x00, 0x10, 0x00], false),              // a call [rip+disp32] cut one byte short
    ])
    func aReturnAddressMustFollowACall(_ instruction: [UInt8], _ isCall: Bool) {
        var memory = Memory()
        let end: UInt64 = 0x402000
        memory.write([UInt8](repeating: 0x00, count: 7 - instruction.count) + instruction, at: end - 7)
        #expect(StackAligningTrampoline.followsCall(end, read: memory.read) == isCall)
    }

    /// A return address too low to have a call before it is refused, not an underflow.
    @Test func aReturnAddressBelowSevenFollowsNoCall() {
        #expect(!StackAligningTrampoline.followsCall(6, read: { _, count in [UInt8](repeating: 0xE8, count: count) }))
        #expect(StackAligningTrampoline.followsCall(7, read: { _, count in [0, 0, 0xE8, 0, 0, 0, 0].prefix(count).map { $0 } }))
    }
}
