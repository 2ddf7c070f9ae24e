import Foundation
import FixtureSupport

/// The bytes of a 64-bit little-endian core, with the few edits the hostile-input tests make:
/// program header fields, ELF header fields, `NT_PRSTATUS` TIDs and strings.
struct CoreBytes {
    var bytes: [UInt8]

    /// A fixture's plain core.
    init(_ fixture: Fixture) throws {
        bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
    }

    /// One entry of the program header table.
    struct ProgramHeader {
        var index: Int
        var offset: Int
        var type: UInt32
        var fileOffset: Int
        var fileSize: Int
    }

    var programHeaders: [ProgramHeader] {
        let table = Int(read64(at: 0x20))
        let count = Int(read16(at: 0x38))
        return (0..<count).map { index in
            let entry = table + index * 56
            return ProgramHeader(
                index: index, offset: entry, type: read32(at: entry),
                fileOffset: Int(truncatingIfNeeded: read64(at: entry + 8)), fileSize: Int(truncatingIfNeeded: read64(at: entry + 32)))
        }
    }

    /// The field offsets of `Elf64_Phdr`.
    enum Field: Int {
        case flags = 4, fileOffset = 8, virtualAddress = 16, fileSize = 32, memorySize = 40
    }

    mutating func set(_ field: Field, of index: Int, to value: UInt64) {
        let entry = programHeaders[index].offset + field.rawValue
        if field == .flags { write32(UInt32(value), at: entry) } else { write64(value, at: entry) }
    }

    /// The file offsets of the descriptors of the notes of type `type`, in note order.
    func noteDescriptors(type: UInt32) -> [Int] {
        var found: [Int] = []
        for header in programHeaders where header.type == 4 {
            var offset = header.fileOffset
            while offset + 12 <= header.fileOffset + header.fileSize {
                let nameSize = Int(read32(at: offset))
                let descriptorSize = Int(read32(at: offset + 4))
                let descriptor = offset + 12 + (nameSize + 3) & ~3
                if read32(at: offset + 8) == type { found.append(descriptor) }
                offset = descriptor + (descriptorSize + 3) & ~3
            }
        }
        return found
    }

    /// Sets the TID (`pr_pid`) of the `index`th `NT_PRSTATUS` note.
    mutating func setThreadID(ofStatusNote index: Int, to tid: Int32) {
        write32(UInt32(bitPattern: tid), at: noteDescriptors(type: 1)[index] + 32)
    }

    /// Replaces every NUL-terminated occurrence of `old` with `new`, of the same length.
    /// - Returns: how many were replaced.
    mutating func replaceString(_ old: String, with new: String) -> Int {
        let pattern = Array(old.utf8) + [0]
        let replacement = Array(new.utf8)
        precondition(replacement.count == pattern.count - 1, "the replacement must keep the length")
        var count = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0] && Array(bytes[index..<(index + pattern.count)]) == pattern {
                bytes.replaceSubrange(index..<(index + replacement.count), with: replacement)
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }

    func read16(at offset: Int) -> UInt16 { UInt16(readInteger(at: offset, size: 2)) }
    func read32(at offset: Int) -> UInt32 { UInt32(readInteger(at: offset, size: 4)) }
    func read64(at offset: Int) -> UInt64 { readInteger(at: offset, size: 8) }

    mutating func write16(_ value: UInt16, at offset: Int) { writeInteger(UInt64(value), at: offset, size: 2) }
    mutating func write32(_ value: UInt32, at offset: Int) { writeInteger(UInt64(value), at: offset, size: 4) }
    mutating func write64(_ value: UInt64, at offset: Int) { writeInteger(value, at: offset, size: 8) }

    /// Writes the core to the scratch directory and returns its path.
    func write(named name: String) throws -> String {
        try Scratch.file(named: name, bytes: bytes)
    }

    private func readInteger(at offset: Int, size: Int) -> UInt64 {
        (0..<size).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    private mutating func writeInteger(_ value: UInt64, at offset: Int, size: Int) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
