/// The line a bytecode offset is on, from a code object's location table (`co_linetable`,
/// the format of CPython 3.11 and later: Objects/locations.md).
///
/// Each entry starts with a byte whose top bit is set: bits 3 to 6 are its code, bits 0 to 2
/// its length in code units minus one. The line changes by 0 for a short form (codes 0 to 9)
/// and for no location (15), by `code - 10` for the one-line forms (10 to 12), and by a
/// signed varint for the long form (14) and the form without columns (13). The column bytes
/// that follow never have the top bit set, so the next entry is the next byte that has it.
enum CPythonLineTable {
    /// The line of the instruction at `byteOffset` into the bytecode; `firstLine` when the
    /// offset is before the first instruction (a frame that has not started) or past the table,
    /// nil when the entry covering it has no location.
    static func line(atByteOffset byteOffset: Int, table: [UInt8], firstLine: Int) -> Int? {
        guard byteOffset >= 0 else { return firstLine }
        var line = firstLine
        var address = 0
        var index = 0
        while index < table.count {
            let first = table[index]
            index += 1
            guard first & 0x80 != 0 else { continue }
            let code = Int(first >> 3) & 15
            let length = (Int(first & 7) + 1) * 2
            switch code {
            case 10...12: line &+= code - 10
            case 13, 14: line &+= signedVarint(table, &index)
            default: break
            }
            if byteOffset < address + length { return code == 15 ? nil : line }
            address += length
        }
        return firstLine
    }

    /// The signed varint at `index` (6 bits a byte, bit 6 says another follows; the lowest bit
    /// of the value is the sign), advancing `index` past it. Saturates instead of overflowing.
    private static func signedVarint(_ table: [UInt8], _ index: inout Int) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < table.count {
            let byte = table[index]
            index += 1
            if shift < 58 { value |= UInt64(byte & 63) << shift }
            shift += 6
            guard byte & 64 != 0 else { break }
        }
        let magnitude = Int(clamping: value >> 1)
        return value & 1 != 0 ? -magnitude : magnitude
    }
}
