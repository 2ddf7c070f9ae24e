/// The layout CPython 3.13 publishes about itself: `_PyRuntime` starts with `_Py_DebugOffsets`
/// (Include/internal/pycore_runtime.h), the cookie `xdebugpy`, the version, and the offsets of
/// the fields debuggers read, each a 64-bit integer. Read in preference to the table row, so
/// that a 3.13 release whose structures moved is still read right.
///
/// The struct itself changes between minor versions (3.14 adds and moves fields): only 3.13's
/// is known here.
enum CPythonDebugOffsets {
    /// `_Py_DebugOffsets.cookie`.
    static let cookie = Array("xdebugpy".utf8)
    /// The size of 3.13's struct.
    static let size = 584
    /// The largest offset taken as one: CPython's structures are a few kilobytes.
    static let maxOffset: UInt64 = 1 << 20

    /// The layout the debug offsets at `runtime` describe; nil before 3.13, after it, or when
    /// the cookie is not there.
    static func layout(runtime: UInt64, version: CPythonVersion, memory: CPythonMemory) throws(CPythonReadError) -> CPythonLayout? {
        guard version == CPythonVersion(major: 3, minor: 13) else { return nil }
        let bytes = try memory.bytes(at: runtime, count: size, "_Py_DebugOffsets")
        guard Array(bytes[0..<8]) == cookie else { return nil }
        func word(_ offset: Int) -> UInt64 { bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func field(_ offset: Int, _ what: String) throws(CPythonReadError) -> Int {
            let value = word(offset)
            guard value <= maxOffset else { throw .outOfRange(what: "_Py_DebugOffsets' \(what)", value: value) }
            return Int(value)
        }
        guard word(8) >> 16 == 0x030D else { return nil }
        guard try field(16, "free_threaded") == 0 else { throw .unsupported(what: "a free-threaded build (python3.13t)") }
        // Fields the reader takes as fixed: checked, not used, so a build where they moved is refused.
        for (offset, expected, what) in [
            (528, CPythonLayout.bytesData, "bytes ob_sval"), (544, CPythonLayout.unicodeState, "unicode state"),
            (552, CPythonLayout.objectSize, "unicode length"),
        ] where try field(offset, what) != expected {
            throw .unsupported(what: "_Py_DebugOffsets' \(what) at \(try field(offset, what))")
        }
        let asciiSize = try field(560, "asciiobject_size")
        return CPythonLayout(
            runtimeInterpretersHead: try field(40, "interpreters_head"), gil: .interpreterPointer(try field(112, "ceval_gil")),
            interpreterNext: try field(64, "interpreter next"), interpreterThreadsHead: try field(72, "threads_head"),
            threadNext: try field(168, "thread next"), threadNativeID: try field(200, "native_thread_id"),
            threadCurrentFramePath: [try field(184, "current_frame")],
            frameCode: try field(240, "executable"), framePrevious: try field(232, "frame previous"),
            frameInstruction: try field(248, "instr_ptr"), frameOwner: try field(264, "owner"), frameIsEntry: nil, ownerCStack: 3,
            codeFirstLine: try field(312, "firstlineno"), codeFileName: try field(280, "filename"), codeName: try field(288, "name"),
            codeQualifiedName: try field(296, "qualname"), codeLineTable: try field(304, "linetable"),
            codeBytecode: try field(344, "co_code_adaptive"),
            // PyCompactUnicodeObject adds utf8_length and utf8 to PyASCIIObject.
            asciiData: asciiSize, compactData: asciiSize + 16)
    }
}
