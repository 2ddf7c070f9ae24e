import Testing
@testable import RuntimeStacks

/// The line tables of CPython 3.8 to 3.10 on the tables those versions compile for
///
///     def f(x):              # line 2
///         y = x + 1
///
///         for i in range(3):
///             y += i
///         return y
///
/// whose 34 bytes of bytecode run line 3 from offset 0, line 5 from 8, line 6 from 20 and
/// line 7 from 30 (`dis.findlinestarts` under pyenv's 3.9.18 and 3.10.13).
@Suite struct CPythonLegacyLineTableTests {
    /// The line of each even offset, as `dis.findlinestarts` gives it.
    static let expected: [Int: Int] = Dictionary(uniqueKeysWithValues: stride(from: 0, to: 34, by: 2).map {
        ($0, $0 < 8 ? 3 : $0 < 20 ? 5 : $0 < 30 ? 6 : 7)
    })

    @Test func linesFromLnotab() {
        let table: [UInt8] = [0, 1, 8, 2, 12, 1, 10, 1]
        for (offset, line) in Self.expected {
            #expect(CPythonLegacyLineTable.lnotabLine(atByteOffset: offset, table: table, firstLine: 2) == line, "offset \(offset)")
        }
        // A frame that has not started (f_lasti -1) is on the first line.
        #expect(CPythonLegacyLineTable.lnotabLine(atByteOffset: -1, table: table, firstLine: 2) == 2)
        // Negative line advances (a loop's jump back) and an odd trailing byte.
        #expect(CPythonLegacyLineTable.lnotabLine(atByteOffset: 6, table: [4, 5, 2, 0xFD, 7], firstLine: 10) == 12)
    }

    @Test func linesFromThe310LineTable() {
        let table: [UInt8] = [8, 1, 12, 2, 10, 1, 4, 1]
        for (offset, line) in Self.expected {
            #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: offset, table: table, firstLine: 2) == line, "offset \(offset)")
        }
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: -2, table: table, firstLine: 2) == 2)
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: 40, table: table, firstLine: 2) == 2)
        // -128 is no line; an empty range still moves the line; the range after it is on it.
        let gaps: [UInt8] = [2, 1, 2, 0x80, 0, 3, 4, 0xFF]
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: 0, table: gaps, firstLine: 5) == 6)
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: 2, table: gaps, firstLine: 5) == nil)
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: 4, table: gaps, firstLine: 5) == 8)
    }

    /// Line advances that add up past Int's range wrap instead of trapping.
    @Test func aHostileTableDoesNotTrap() {
        let table = [UInt8](repeating: 0x7F, count: 1 << 16)
        #expect(CPythonLegacyLineTable.lnotabLine(atByteOffset: Int.max, table: table, firstLine: Int.max) != 0)
        #expect(CPythonLegacyLineTable.lineTable310Line(atByteOffset: Int.max - 1, table: table, firstLine: Int.max) != nil)
    }
}
