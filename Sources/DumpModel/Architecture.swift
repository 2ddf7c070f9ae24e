/// The instruction set a core file was written for, from its ELF header.
public enum Architecture: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// 64-bit x86 (`EM_X86_64`).
    case x86_64
    /// 64-bit ARM (`EM_AARCH64`).
    case aarch64
    /// 32-bit x86 (`EM_386`).
    case i386
    /// Any other machine, by its `e_machine` number; cores of these are rejected by the reader.
    case unsupported(machine: UInt16)

    /// The size of an address in bytes.
    public var pointerSize: Int {
        switch self {
        case .x86_64, .aarch64: return 8
        case .i386: return 4
        case .unsupported: return 8
        }
    }

    public var description: String {
        switch self {
        case .x86_64: return "x86_64"
        case .aarch64: return "aarch64"
        case .i386: return "i386"
        case .unsupported(let machine): return "unsupported machine \(machine)"
        }
    }
}
