/// Where the structures of a well-formed ELF core sit in its bytes: the header, each program
/// header and each note. The mutator parses a fixture once and then rewrites fields at
/// these offsets, so a mutation changes exactly what it says.
public struct CoreLayout: Sendable {
    /// One program header.
    public struct Segment: Sendable {
        /// Its position in the program header table.
        public var index: Int
        /// The file offset of the program header itself.
        public var headerOffset: Int
        public var type: UInt32
        public var offset: UInt64
        public var fileSize: UInt64
        public var virtualAddress: UInt64
        public var memorySize: UInt64
        public var alignment: UInt64
        public var flags: UInt32

        public var isLoad: Bool { type == 1 }
        public var isNote: Bool { type == 4 }
    }

    /// One note of a `PT_NOTE` segment.
    public struct Note: Sendable {
        /// The index of its segment in ``CoreLayout/segments``.
        public var segment: Int
        /// The file offset of its header (`namesz`).
        public var offset: Int
        public var nameSize: Int
        public var descriptorSize: Int
        public var type: UInt32
        public var owner: String
        /// The file offset of its descriptor.
        public var descriptorOffset: Int
        /// The file offset just past its padded descriptor.
        public var end: Int
    }

    public let is64: Bool
    public let machine: UInt16
    public let programHeaderOffset: Int
    public let programHeaderEntrySize: Int
    public let segments: [Segment]
    public let notes: [Note]

    public var wordSize: Int { is64 ? 8 : 4 }
    /// The size of the ELF header.
    public var headerSize: Int { is64 ? 64 : 52 }
    public var registers: RegisterRoles { RegisterRoles(machine: machine) }

    /// Parses a core; nil when it is not a little-endian ELF file with program headers
    /// inside the file (a fixture always is).
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46,
              bytes[5] == 1, bytes[4] == 1 || bytes[4] == 2
        else { return nil }
        let is64 = bytes[4] == 2
        func field(_ field: ELFField) -> UInt64 {
            let (offset, width) = field.location(is64: is64)
            return bytes.integer(at: offset, width: width)
        }
        let tableOffset = Int(field(.programHeaderOffset))
        let entrySize = Int(field(.programHeaderEntrySize))
        let count = Int(field(.programHeaderCount))
        guard entrySize == ProgramHeaderField.entrySize(is64: is64), tableOffset + count * entrySize <= bytes.count
        else { return nil }
        self.is64 = is64
        machine = UInt16(field(.machine))
        programHeaderOffset = tableOffset
        programHeaderEntrySize = entrySize
        var segments: [Segment] = []
        for index in 0..<count {
            let base = tableOffset + index * entrySize
            func value(_ field: ProgramHeaderField) -> UInt64 {
                let (offset, width) = field.location(is64: is64)
                return bytes.integer(at: base + offset, width: width)
            }
            segments.append(Segment(
                index: index, headerOffset: base, type: UInt32(value(.type)), offset: value(.offset),
                fileSize: value(.fileSize), virtualAddress: value(.virtualAddress), memorySize: value(.memorySize),
                alignment: value(.alignment), flags: UInt32(value(.flags))))
        }
        var notes: [Note] = []
        for segment in segments where segment.isNote {
            var offset = Int(segment.offset)
            let end = min(bytes.count, Int(segment.offset + segment.fileSize))
            while offset + 12 <= end {
                let nameSize = Int(bytes.integer(at: offset, width: 4))
                let descriptorSize = Int(bytes.integer(at: offset + 4, width: 4))
                let descriptorOffset = offset + 12 + (nameSize + 3) / 4 * 4
                let next = descriptorOffset + (descriptorSize + 3) / 4 * 4
                guard next <= end else { break }
                let owner = String(decoding: bytes[(offset + 12)..<(offset + 12 + nameSize)].prefix { $0 != 0 }, as: UTF8.self)
                notes.append(Note(
                    segment: segment.index, offset: offset, nameSize: nameSize, descriptorSize: descriptorSize,
                    type: UInt32(bytes.integer(at: offset + 8, width: 4)), owner: owner,
                    descriptorOffset: descriptorOffset, end: next))
                offset = next
            }
        }
        self.segments = segments
        self.notes = notes
    }

    /// The first `PT_NOTE` segment.
    public var noteSegment: Segment? { segments.first(where: \.isNote) }

    /// The `NT_PRSTATUS` notes, one per thread, in file order.
    public var threadNotes: [Note] { notes.filter { $0.type == NoteType.status && $0.owner == "CORE" } }

    /// The first note of a type.
    public func note(ofType type: UInt32) -> Note? { notes.first { $0.type == type } }

    /// The offset of `pr_pid` in `NT_PRSTATUS`.
    public var threadIDOffset: Int { is64 ? 32 : 24 }
    /// The offset of `pr_reg` in `NT_PRSTATUS`.
    public var registersOffset: Int { is64 ? 112 : 72 }

    /// The file offset of the byte at a process address, when a `PT_LOAD` segment's file
    /// bytes hold `count` bytes from there.
    public func fileOffset(ofAddress address: UInt64, count: Int = 1) -> Int? {
        for segment in segments where segment.isLoad && segment.fileSize > 0 {
            guard address >= segment.virtualAddress, address - segment.virtualAddress + UInt64(count) <= segment.fileSize
            else { continue }
            return Int(segment.offset + (address - segment.virtualAddress))
        }
        return nil
    }
}

/// Which general-purpose registers of `NT_PRSTATUS` (by index in `pr_reg`) hold the program
/// counter, the stack pointer, the frame pointer and the system call number.
public struct RegisterRoles: Sendable {
    public let programCounter: Int
    public let stackPointer: Int
    public let framePointer: Int
    public let systemCall: Int
    public let count: Int

    init(machine: UInt16) {
        switch machine {
        case 3:  // EM_386: ebx ecx edx esi edi ebp eax ds es fs gs orig_eax eip cs eflags esp ss
            (programCounter, stackPointer, framePointer, systemCall, count) = (12, 15, 5, 11, 17)
        case 183:  // EM_AARCH64: x0-x30 sp pc pstate; x8 holds the call number
            (programCounter, stackPointer, framePointer, systemCall, count) = (32, 31, 29, 8, 34)
        default:  // EM_X86_64: r15 ... rbp(4) ... orig_rax(15) rip(16) cs eflags rsp(19) ...
            (programCounter, stackPointer, framePointer, systemCall, count) = (16, 19, 4, 15, 27)
        }
    }
}
