extension CPythonLayout {
    /// `row` with every offset that the interpreter's own DWARF gives (a build with debug
    /// information: Debian's python3.11d, a pyenv or source build), so that a build whose
    /// structures differ from the stock ones (configure options, a distribution's patches) is
    /// read at its own offsets; nil when the DWARF does not describe the structures or lacks a
    /// member the row has (then the row is used as it is).
    ///
    /// 3.11 and 3.12 only: 3.13 publishes its offsets in `_Py_DebugOffsets`, which come first,
    /// and the row keeps what DWARF does not name as a member (the entry frame's owner, the
    /// string header sizes).
    static func described(by types: any TypeLayoutLookup, row: CPythonLayout, minor: Int) -> CPythonLayout? {
        guard minor == 11 || minor == 12 else { return nil }
        func offset(_ type: String, _ path: String) -> Int? {
            types.member(path, ofType: type).flatMap { Int(exactly: $0.offset) }
        }
        let frame = "_PyInterpreterFrame", code = "PyCodeObject"
        guard let interpretersHead = offset("pyruntimestate", "interpreters.head"),
              let gil = minor == 11 ? offset("pyruntimestate", "ceval.gil") : offset("_is", "ceval.gil"),
              let interpreterNext = offset("_is", "next"), let threadsHead = offset("_is", "threads.head"),
              let threadNext = offset("_ts", "next"), let nativeID = offset("_ts", "native_thread_id"),
              let cframe = offset("_ts", "cframe"), let currentFrame = offset("_PyCFrame", "current_frame"),
              let frameCode = offset(frame, "f_code"), let previous = offset(frame, "previous"),
              let instruction = offset(frame, "prev_instr"), let owner = offset(frame, "owner"),
              let firstLine = offset(code, "co_firstlineno"), let fileName = offset(code, "co_filename"),
              let name = offset(code, "co_name"), let qualifiedName = offset(code, "co_qualname"),
              let lineTable = offset(code, "co_linetable"), let bytecode = offset(code, "co_code_adaptive")
        else { return nil }
        var layout = row
        layout.runtimeInterpretersHead = interpretersHead
        layout.gil = minor == 11 ? .runtime(gil) : .interpreterPointer(gil)
        layout.interpreterNext = interpreterNext
        layout.interpreterThreadsHead = threadsHead
        layout.threadNext = threadNext
        layout.threadNativeID = nativeID
        layout.threadCurrentFramePath = [cframe, currentFrame]
        layout.frameCode = frameCode
        layout.framePrevious = previous
        layout.frameInstruction = instruction
        layout.frameOwner = owner
        if row.frameIsEntry != nil {
            guard let isEntry = offset(frame, "is_entry") else { return nil }
            layout.frameIsEntry = isEntry
        }
        layout.codeFirstLine = firstLine
        layout.codeFileName = fileName
        layout.codeName = name
        layout.codeQualifiedName = qualifiedName
        layout.codeLineTable = lineTable
        layout.codeBytecode = bytecode
        return layout
    }
}
