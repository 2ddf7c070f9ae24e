/// The frame of a stack-aligning trampoline in code that has no CFI, on x86_64, and the step
/// from it to its caller: `sub rsp, 8; call rcx` at the trampoline's start, which is what
/// CPython 3.12 writes into anonymous memory for each Python function under `-X perf`.
///
/// libdwfl cannot unwind code without CFI; for such a frame it falls back to the frame-pointer
/// chain (elfutils' x86_64 backend), which serves JIT code that keeps frame pointers (V8,
/// CPython 3.13's trampolines). This trampoline keeps none, and its caller (the interpreter's
/// C code, optimized) leaves rbp holding data, so the fallback stops there ("No DWARF
/// information found"). The trampoline is known by those two instructions just before the
/// frame's return address; its caller's return address is then the word above the aligning
/// slot, and every other register is the caller's.
struct StackAligningTrampoline: Equatable {
    /// DWARF register numbers on x86_64.
    static let framePointerRegister = 6
    static let stackPointerRegister = 7
    /// The registers an unwind from the caller starts with (`rax` to `r15` and the return address).
    static let registerCount = 17
    /// `sub rsp, 8` (REX.W 83 /5 ib) then `call rcx` (FF D1).
    static let code: [UInt8] = [0x48, 0x83, 0xEC, 0x08, 0xFF, 0xD1]

    /// The caller's PC: the return address.
    var returnAddress: UInt64
    /// The caller's stack pointer: above the return address.
    var stackPointer: UInt64
    /// The caller's frame pointer: the trampoline leaves it as it found it.
    var framePointer: UInt64

    /// The caller's registers in DWARF order, unknown ones zero.
    var dwarfRegisters: [UInt64] {
        var registers = [UInt64](repeating: 0, count: Self.registerCount)
        registers[Self.framePointerRegister] = framePointer
        registers[Self.stackPointerRegister] = stackPointer
        return registers
    }

    /// The step from the frame running at `programCounter` (a return address) with stack
    /// pointer `stackPointer` and frame pointer `framePointer` (nil when unknown), nil when the
    /// code before the return address is not the trampoline's or the word it would return to
    /// follows no call instruction.
    /// - Parameter read: the bytes at an address (stack or code), nil when unreadable.
    init?(programCounter: UInt64, stackPointer: UInt64, framePointer: UInt64?, read: (UInt64, Int) -> [UInt8]?) {
        let count = UInt64(Self.code.count)
        guard programCounter >= count, read(programCounter - count, Self.code.count) == Self.code,
              stackPointer % 8 == 0, stackPointer <= UInt64.max - 16,
              let slot = read(stackPointer + 8, 8), slot.count == 8
        else { return nil }
        let returnAddress = (0..<8).reduce(UInt64(0)) { $0 | UInt64(slot[$1]) << (8 * UInt64($1)) }
        guard Self.followsCall(returnAddress, read: read) else { return nil }
        self.returnAddress = returnAddress
        self.stackPointer = stackPointer + 16
        self.framePointer = framePointer ?? 0
    }

    /// Whether the bytes before `returnAddress` end in a call: `E8 rel32`, or `FF /2` with a
    /// register, register-indirect, 8- or 32-bit displacement or RIP-relative operand (with or
    /// without a REX prefix, which does not change where the opcode sits from the end).
    static func followsCall(_ returnAddress: UInt64, read: (UInt64, Int) -> [UInt8]?) -> Bool {
        guard returnAddress >= 7, let bytes = read(returnAddress - 7, 7), bytes.count == 7 else { return false }
        // bytes[6] is the byte just before the return address.
        if bytes[2] == 0xE8 { return true }
        func indirectCall(opcodeAt index: Int, length: Int) -> Bool {
            guard bytes[index] == 0xFF else { return false }
            let modRM = bytes[index + 1]
            let mod = modRM >> 6, reg = (modRM >> 3) & 7, rm = modRM & 7
            guard reg == 2 else { return false }
            let hasSIB = mod != 3 && rm == 4
            let displacement = switch mod {
            case 0: rm == 5 ? 4 : (hasSIB && bytes.indices.contains(index + 2) && bytes[index + 2] & 7 == 5 ? 4 : 0)
            case 1: 1
            case 2: 4
            default: 0
            }
            return 2 + (hasSIB ? 1 : 0) + displacement == length
        }
        // The opcode 2 to 7 bytes before the return address.
        return (2...7).contains { length in indirectCall(opcodeAt: 7 - length, length: length) }
    }
}
