/// What the reader needs of one code object: its names, file, first line and location table,
/// read once per code object however many frames run it.
struct CPythonCode: Sendable {
    /// The longest location table read: a table cut there still gives the lines of the
    /// instructions it covers.
    static let maxLineTableBytes = 1 << 20

    /// `co_qualname` (`Worker.run`), or `co_name` where it cannot be read.
    var qualifiedName: String
    /// `co_filename`.
    var fileName: String
    /// `co_firstlineno`.
    var firstLine: Int
    /// `co_linetable`'s bytes.
    var lineTable: [UInt8]
    /// The address of the first instruction (`co_code_adaptive`).
    var bytecodeAddress: UInt64

    /// Reads the code object at `address`.
    init(at address: UInt64, layout: CPythonLayout, memory: CPythonMemory) throws(CPythonReadError) {
        try memory.expectType(memory.codeType, of: address, "a code object")
        func field(_ offset: Int) -> UInt64 { address &+ UInt64(offset) }
        let name = try CPythonString.read(
            at: memory.pointer(at: field(layout.codeName), "co_name"), layout: layout, memory: memory, "co_name")
        let qualifiedName = try? CPythonString.read(
            at: memory.pointer(at: field(layout.codeQualifiedName), "co_qualname"), layout: layout, memory: memory, "co_qualname")
        self.qualifiedName = qualifiedName ?? name
        fileName = try CPythonString.read(
            at: memory.pointer(at: field(layout.codeFileName), "co_filename"), layout: layout, memory: memory, "co_filename")
        firstLine = Int(Int32(truncatingIfNeeded: try memory.word(at: field(layout.codeFirstLine), size: 4, "co_firstlineno")))
        bytecodeAddress = field(layout.codeBytecode)
        let table = try memory.pointer(at: field(layout.codeLineTable), "co_linetable")
        try memory.expectType(memory.bytesType, of: table, "co_linetable")
        let size = try memory.word(at: table &+ UInt64(CPythonLayout.objectSize), size: 8, "co_linetable")
        let count = Int(clamping: min(size, UInt64(Self.maxLineTableBytes)))
        lineTable = try memory.bytes(at: table &+ UInt64(CPythonLayout.bytesData), count: count, "co_linetable")
    }

    /// The line of the instruction at `instruction`; the first line when the frame has not
    /// started (its instruction is before the first) or the table gives none.
    func line(ofInstructionAt instruction: UInt64) -> Int {
        let offset = instruction >= bytecodeAddress ? Int(clamping: instruction - bytecodeAddress) : -1
        return CPythonLineTable.line(atByteOffset: offset, table: lineTable, firstLine: firstLine) ?? firstLine
    }
}
