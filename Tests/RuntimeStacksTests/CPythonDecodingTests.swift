import Testing
@testable import RuntimeStacks

/// The location table and string decoding on hand-made bytes.
@Suite struct CPythonDecodingTests {
    /// Entries: no columns +2 (1 unit), one-line +0 (2 units), one-line +1 (1 unit), long form
    /// -3 (1 unit), no location (1 unit), short form (1 unit).
    static let table: [UInt8] = [
        0x80 | 13 << 3 | 0, 4,
        0x80 | 10 << 3 | 1, 2, 5,
        0x80 | 11 << 3 | 0, 2, 5,
        0x80 | 14 << 3 | 0, 7, 0, 1, 2,
        0x80 | 15 << 3 | 0,
        0x80 | 3 << 3 | 0, 9,
    ]

    @Test func linesFromTheLocationTable() {
        func line(_ offset: Int) -> Int? { CPythonLineTable.line(atByteOffset: offset, table: Self.table, firstLine: 10) }
        #expect(line(0) == 12)
        #expect(line(2) == 12 && line(4) == 12)
        #expect(line(6) == 13)
        #expect(line(8) == 10)
        #expect(line(10) == nil)
        #expect(line(12) == 10)
        // Before the first instruction (a frame that has not started) and past the table.
        #expect(line(-2) == 10)
        #expect(line(1000) == 10)
    }

    /// A varint longer than 64 bits saturates instead of overflowing.
    @Test func anOverlongVarintDoesNotTrap() {
        let table: [UInt8] = [0x80 | 13 << 3] + [UInt8](repeating: 0x7F, count: 30) + [0x3F]
        #expect(CPythonLineTable.line(atByteOffset: 0, table: table, firstLine: 1) != nil)
    }

    @Test func stringsOfEachKind() {
        #expect(CPythonString.decode([0x61, 0xE9], kind: 1) == "aé")
        #expect(CPythonString.decode([0x3B, 0x04, 0x00, 0xD8], kind: 2) == "л\u{FFFD}")
        #expect(CPythonString.decode([0x00, 0xF6, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0x7F], kind: 4) == "😀\u{FFFD}")
        // A trailing partial character is dropped.
        #expect(CPythonString.decode([0x61, 0x00, 0x62], kind: 2) == "a")
    }

    @Test func compactStringsReadFromMemory() throws {
        let python = FakeCPython()
        let memory = CPythonMemory(memory: python.memory, unicodeType: FakeCPython.unicodeType, codeType: nil, bytesType: nil)
        let ucs2 = python.string(scalars: [0x43B, 0x438], kind: 2)
        #expect(try CPythonString.read(at: ucs2, layout: python.layout, memory: memory, "a name") == "ли")
        let ucs4 = python.string(scalars: [0x1F600], kind: 4)
        #expect(try CPythonString.read(at: ucs4, layout: python.layout, memory: memory, "a name") == "😀")
        // Kind 3 is no kind.
        python.memory.write(3 << 2 | 0x20, at: ucs4 + 32, size: 1)
        #expect(throws: CPythonReadError.wrongType(what: "a name", address: ucs4)) {
            try CPythonString.read(at: ucs4, layout: python.layout, memory: memory, "a name")
        }
    }
}
