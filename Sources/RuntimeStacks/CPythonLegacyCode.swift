/// What the reader needs of one CPython 3.8 to 3.10 code object: its name, file, first line,
/// line table and where its bytecode is, read once per code object however many frames run it.
struct CPythonLegacyCode: Sendable {
    /// `co_name`: these versions have no qualified name (`co_qualname` came in 3.11).
    var name: String
    /// `co_filename`.
    var fileName: String
    /// `co_firstlineno`.
    var firstLine: Int
    /// `co_lnotab`'s or `co_linetable`'s bytes, cut at ``CPythonCode/maxLineTableBytes``.
    var lineTable: [UInt8]
    /// The address of the first instruction (`co_code`'s bytes).
    var bytecodeAddress: UInt64

    /// Reads the code object at `address`.
    init(at address: UInt64, memory: CPythonMemory) throws(CPythonReadError) {
        try memory.expectType(memory.codeType, of: address, "a code object")
        func field(_ offset: Int) -> UInt64 { address &+ UInt64(offset) }
        func string(_ offset: Int, _ what: String) throws(CPythonReadError) -> String {
            try CPythonString.read(
                at: memory.pointer(at: field(offset), what), asciiData: CPythonLegacyLayout.asciiData,
                compactData: CPythonLegacyLayout.compactData, memory: memory, what)
        }
        name = try string(CPythonLegacyLayout.codeName, "co_name")
        fileName = try string(CPythonLegacyLayout.codeFileName, "co_filename")
        firstLine = Int(Int32(truncatingIfNeeded: try memory.word(at: field(CPythonLegacyLayout.codeFirstLine), size: 4, "co_firstlineno")))
        let bytecode = try memory.pointer(at: field(CPythonLegacyLayout.codeBytecode), "co_code")
        try memory.expectType(memory.bytesType, of: bytecode, "co_code")
        bytecodeAddress = bytecode &+ UInt64(CPythonLayout.bytesData)
        let table = try memory.pointer(at: field(CPythonLegacyLayout.codeLineTable), "co_lnotab")
        try memory.expectType(memory.bytesType, of: table, "co_lnotab")
        let size = try memory.word(at: table &+ UInt64(CPythonLayout.objectSize), size: 8, "co_lnotab")
        let count = Int(clamping: min(size, UInt64(CPythonCode.maxLineTableBytes)))
        lineTable = try memory.bytes(at: table &+ UInt64(CPythonLayout.bytesData), count: count, "co_lnotab")
    }

    /// The line of the instruction at byte offset `offset` (-1 for a frame that has not
    /// started, -2 in 3.10's code units), in the table's `format`; the first line where the
    /// table gives none.
    func line(atByteOffset offset: Int, format: CPythonLegacyLayout.LineTableFormat) -> Int {
        switch format {
        case .lnotab:
            CPythonLegacyLineTable.lnotabLine(atByteOffset: offset, table: lineTable, firstLine: firstLine)
        case .lineTable310:
            CPythonLegacyLineTable.lineTable310Line(atByteOffset: offset, table: lineTable, firstLine: firstLine) ?? firstLine
        }
    }
}
