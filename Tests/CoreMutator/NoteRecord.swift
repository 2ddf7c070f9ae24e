/// One ELF note as the mutator rewrites it: owner name bytes (with their NUL, or without it
/// to make an unterminated name), type and descriptor.
public struct NoteRecord: Equatable, Sendable {
    public var name: [UInt8]
    public var type: UInt32
    public var descriptor: [UInt8]

    public init(name: [UInt8], type: UInt32, descriptor: [UInt8]) {
        self.name = name
        self.type = type
        self.descriptor = descriptor
    }

    /// A note whose owner is `owner` followed by its NUL, as the kernel writes them.
    public init(owner: String, type: UInt32, descriptor: [UInt8]) {
        self.init(name: Array(owner.utf8) + [0], type: type, descriptor: descriptor)
    }

    /// The owner name without its terminator.
    public var owner: String {
        String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The notes of a `PT_NOTE` segment: `namesz`, `descsz`, type, the name padded to 4,
    /// the descriptor padded to `alignment` (4 for every Linux core note; 8 only for
    /// `ELF_T_NHDR8` notes such as GNU properties).
    public static func encode(_ notes: [NoteRecord], alignment: Int = 4) -> [UInt8] {
        var bytes: [UInt8] = []
        for note in notes {
            bytes.appendInteger(UInt64(note.name.count), width: 4)
            bytes.appendInteger(UInt64(note.descriptor.count), width: 4)
            bytes.appendInteger(UInt64(note.type), width: 4)
            bytes += note.name
            bytes.pad(to: 4)
            bytes += note.descriptor
            bytes.pad(to: alignment)
        }
        return bytes
    }
}

/// Note types the mutator knows (`<elf.h>` and our own `ANALYZEDUMP` note).
public enum NoteType {
    public static let status: UInt32 = 1          // NT_PRSTATUS
    public static let floatingPoint: UInt32 = 2   // NT_FPREGSET
    public static let processInfo: UInt32 = 3     // NT_PRPSINFO
    public static let auxiliaryVector: UInt32 = 6 // NT_AUXV
    public static let extendedFloatingPoint: UInt32 = 0x46e62b7f  // NT_PRXFPREG
    public static let x86ExtendedState: UInt32 = 0x202           // NT_X86_XSTATE
    public static let x86ExtendedStateLayout: UInt32 = 0x205     // NT_X86_XSAVE_LAYOUT
    public static let signalInfo: UInt32 = 0x5349_4749  // NT_SIGINFO
    public static let files: UInt32 = 0x4649_4c45      // NT_FILE
    public static let capture: UInt32 = 0x4144_4d50     // ANALYZEDUMP's capture record

    /// Every type above, for mutations that retype a note.
    public static let all: [UInt32] = [
        status, floatingPoint, processInfo, auxiliaryVector, extendedFloatingPoint,
        x86ExtendedState, x86ExtendedStateLayout, signalInfo, files, capture,
    ]
}
