/// The line a bytecode offset is on, from the line tables of CPython 3.8 to 3.10: pairs of an
/// unsigned bytecode advance and a signed line advance (Objects/lnotab_notes.txt).
enum CPythonLegacyLineTable {
    /// The line of the instruction at `byteOffset`, from 3.8's and 3.9's `co_lnotab`
    /// (`PyCode_Addr2Line`): each pair's line advance applies once the offset reaches the
    /// pair's address.
    static func lnotabLine(atByteOffset byteOffset: Int, table: [UInt8], firstLine: Int) -> Int {
        var line = firstLine
        var address = 0
        var index = 0
        while index + 1 < table.count {
            address += Int(table[index])
            guard address <= byteOffset else { break }
            line &+= Int(Int8(bitPattern: table[index + 1]))
            index += 2
        }
        return line
    }

    /// The line of the instruction at `byteOffset`, from 3.10's `co_linetable`
    /// (`PyCode_Addr2Line`): each pair covers the next `advance` bytes of bytecode, on the line
    /// moved by its line advance, or on none when that is -128. `firstLine` before the first
    /// instruction (a frame that has not started, `f_lasti` -1) and past the table; nil for an
    /// instruction on no line.
    static func lineTable310Line(atByteOffset byteOffset: Int, table: [UInt8], firstLine: Int) -> Int? {
        guard byteOffset >= 0 else { return firstLine }
        var line = firstLine
        var end = 0
        var index = 0
        while index + 1 < table.count {
            let start = end
            end += Int(table[index])
            let advance = Int8(bitPattern: table[index + 1])
            index += 2
            if advance != -128 { line &+= Int(advance) }
            if byteOffset >= start && byteOffset < end { return advance == -128 ? nil : line }
        }
        return firstLine
    }
}
