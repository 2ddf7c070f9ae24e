/// One machine instruction as a debugger's `x/i $pc` shows it: where it is, its bytes and,
/// when a disassembler knows the architecture, its text.
public struct MachineInstruction: Equatable, Sendable {
    /// The instruction's address.
    public var address: UInt64
    /// The instruction's bytes; when it could not be decoded, the bytes read at ``address``
    /// (at most as many as the architecture's longest instruction).
    public var bytes: [UInt8]
    /// The instruction in Intel syntax (`mov eax, dword ptr [rax + 0x10]`), nil when no
    /// disassembler supports the architecture or the bytes are no valid instruction.
    public var text: String?

    public init(address: UInt64, bytes: [UInt8], text: String?) {
        self.address = address
        self.bytes = bytes
        self.text = text
    }
}
