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

extension CoreBytes {
    /// Adds `count` `PT_LOAD` segments, 2 MiB apart from 0x7e00_0000_0000, that all hold
    /// `image` (the start of a library: its ELF header, program headers and notes), and names
    /// `path(i)` for each in a new `NT_FILE` note that replaces the old one (whose entries it
    /// keeps). The program header table and the notes move to the end of the file.
    mutating func addModules(count: Int, image: [UInt8], span: UInt64, path: (Int) -> String) {
        let imageOffset = appendAligned(image, to: 4096)
        let base: UInt64 = 0x7e00_0000_0000
        var table = Array(bytes[Int(read64(at: 0x20))..<(Int(read64(at: 0x20)) + programHeaders.count * 56)])
        for index in 0..<count {
            var entry = [UInt8](repeating: 0, count: 56)
            CoreBytes.put(1, 4, at: 0, in: &entry)
            CoreBytes.put(4, 4, at: 4, in: &entry)
            CoreBytes.put(UInt64(imageOffset), 8, at: 8, in: &entry)
            CoreBytes.put(base + UInt64(index) * 0x20_0000, 8, at: 16, in: &entry)
            CoreBytes.put(UInt64(image.count), 8, at: 32, in: &entry)
            CoreBytes.put(UInt64(image.count), 8, at: 40, in: &entry)
            CoreBytes.put(4096, 8, at: 48, in: &entry)
            table += entry
        }
        // The NT_FILE note with the old entries and the new ones.
        let fileNote = noteDescriptors(type: 0x4649_4C45)[0]
        let oldCount = Int(read64(at: fileNote))
        var ranges = Array(bytes[(fileNote + 16)..<(fileNote + 16 + 24 * oldCount)])
        var names: [UInt8] = []
        var offset = fileNote + 16 + 24 * oldCount
        for _ in 0..<oldCount {
            let end = bytes[offset...].firstIndex(of: 0)!
            names += bytes[offset...end]
            offset = end + 1
        }
        for index in 0..<count {
            var triple = [UInt8](repeating: 0, count: 24)
            let start = base + UInt64(index) * 0x20_0000
            CoreBytes.put(start, 8, at: 0, in: &triple)
            CoreBytes.put(start + span, 8, at: 8, in: &triple)
            ranges += triple
            names += Array(path(index).utf8) + [0]
        }
        var descriptor = [UInt8](repeating: 0, count: 16)
        CoreBytes.put(UInt64(oldCount + count), 8, at: 0, in: &descriptor)
        CoreBytes.put(read64(at: fileNote + 8), 8, at: 8, in: &descriptor)
        descriptor += ranges + names
        var notes: [UInt8] = []
        let noteHeader = programHeaders.first { $0.type == 4 }!
        var position = noteHeader.fileOffset
        while position + 12 <= noteHeader.fileOffset + noteHeader.fileSize {
            let nameSize = Int(read32(at: position))
            let descriptorSize = Int(read32(at: position + 4))
            let next = position + 12 + (nameSize + 3) & ~3 + (descriptorSize + 3) & ~3
            if read32(at: position + 8) == 0x4649_4C45 {
                var header = [UInt8](repeating: 0, count: 20)
                CoreBytes.put(5, 4, at: 0, in: &header)
                CoreBytes.put(UInt64(descriptor.count), 4, at: 4, in: &header)
                CoreBytes.put(0x4649_4C45, 4, at: 8, in: &header)
                header.replaceSubrange(12..<16, with: Array("CORE".utf8))
                notes += header + descriptor + [UInt8](repeating: 0, count: (4 - descriptor.count % 4) % 4)
            } else {
                notes += bytes[position..<next]
            }
            position = next
        }
        let notesOffset = appendAligned(notes, to: 4096)
        CoreBytes.put(UInt64(notesOffset), 8, at: 8, in: &table)
        CoreBytes.put(UInt64(notes.count), 8, at: 32, in: &table)
        let tableOffset = appendAligned(table, to: 8)
        write64(UInt64(tableOffset), at: 0x20)
        write16(UInt16(table.count / 56), at: 0x38)
    }

    /// Appends `data` at the next multiple of `alignment` and returns its offset.
    private mutating func appendAligned(_ data: [UInt8], to alignment: Int) -> Int {
        let offset = (bytes.count + alignment - 1) / alignment * alignment
        bytes += [UInt8](repeating: 0, count: offset - bytes.count) + data
        return offset
    }

    private static func put(_ value: UInt64, _ size: Int, at offset: Int, in bytes: inout [UInt8]) {
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}
