internal import CCapstone
import DumpModel

/// Decodes one machine instruction with Capstone (`cs_open`, `cs_disasm`, `cs_free`,
/// `cs_close`): the only place CoreDump calls it. Intel syntax, the same instruction gdb's
/// `x/i $pc` shows after `set disassembly-flavor intel`.
///
/// elfutils' own disassembler (libasm's `disasm_begin`) needs an `Ebl` backend, which only
/// elfutils' private static libebl hands out, and it decodes common instructions such as
/// `mov rax, qword ptr fs:[0x28]` as `(bad)`; Capstone is a public library that also knows
/// aarch64.
enum InstructionDecoder {
    /// The most bytes one instruction of `architecture` takes: 15 on x86, 4 on aarch64.
    static func maximumLength(of architecture: Architecture) -> Int {
        switch architecture {
        case .x86_64, .i386, .unsupported: 15
        case .aarch64: 4
        }
    }

    /// The first instruction of `bytes`, decoded as code of `architecture` at `address`: how
    /// many bytes it takes and its text. Nil when Capstone does not know the architecture or
    /// the bytes start no valid instruction.
    static func decode(_ bytes: [UInt8], at address: UInt64, architecture: Architecture) -> (length: Int, text: String)? {
        let mode: (cs_arch, cs_mode)
        switch architecture {
        case .x86_64: mode = (CS_ARCH_X86, CS_MODE_64)
        case .i386: mode = (CS_ARCH_X86, CS_MODE_32)
        case .aarch64: mode = (CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN)
        case .unsupported: return nil
        }
        guard !bytes.isEmpty else { return nil }
        var handle: csh = 0
        guard cs_open(mode.0, mode.1, &handle) == CS_ERR_OK else { return nil }
        defer { cs_close(&handle) }
        var instructions: UnsafeMutablePointer<cs_insn>?
        let count = bytes.withUnsafeBufferPointer { buffer in
            cs_disasm(handle, buffer.baseAddress, buffer.count, address, 1, &instructions)
        }
        guard count >= 1, let instruction = instructions?.pointee else { return nil }
        defer { cs_free(instructions, count) }
        let mnemonic = withUnsafeBytes(of: instruction.mnemonic) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let operands = withUnsafeBytes(of: instruction.op_str) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let length = min(Int(instruction.size), bytes.count)
        guard length > 0, !mnemonic.isEmpty else { return nil }
        return (length, operands.isEmpty ? mnemonic : mnemonic + " " + operands)
    }
}
