/// Where CPython keeps the fields the reader needs, for one minor version on a 64-bit target:
/// byte offsets into `_PyRuntimeState`, `PyInterpreterState`, `PyThreadState`, the
/// interpreter frame, the code object and the string and bytes objects.
///
/// Debian's python3 exports `_PyRuntime` but ships no DWARF, so the offsets are a table per
/// version, as py-spy and pystack keep; each row was read from the version's own debug
/// information (`ptype /o` in gdb: Debian's python3.11-dbg, pyenv builds of 3.12.1 and 3.13.0)
/// and is checked by the live tests. 64-bit targets only.
/// A version without a row is not read: the reader says so in a note.
struct CPythonLayout: Equatable, Sendable {
    /// `_PyRuntime.interpreters.head`.
    var runtimeInterpretersHead: Int
    /// Where the GIL's state (`struct _gil_runtime_state`) is.
    var gil: GILLocation
    /// `PyInterpreterState.next`.
    var interpreterNext: Int
    /// `PyInterpreterState.threads.head`.
    var interpreterThreadsHead: Int
    /// `PyThreadState.next`.
    var threadNext: Int
    /// `PyThreadState.native_thread_id`: the OS thread's TID.
    var threadNativeID: Int
    /// The pointers from a thread state to its innermost interpreter frame
    /// (`tstate->cframe->current_frame` in 3.11 and 3.12: `[cframe, current_frame]`).
    var threadCurrentFramePath: [Int]
    /// `_PyInterpreterFrame.f_code`.
    var frameCode: Int
    /// `_PyInterpreterFrame.previous`: the caller's frame.
    var framePrevious: Int
    /// `_PyInterpreterFrame.prev_instr`: the instruction the frame executes (or last did).
    var frameInstruction: Int
    /// `_PyInterpreterFrame.owner` (a byte).
    var frameOwner: Int
    /// `_PyInterpreterFrame.is_entry` (a byte, 3.11): the outermost frame one C call of the
    /// evaluation loop runs; nil where an entry shim frame marks it instead (3.12).
    var frameIsEntry: Int?
    /// The `owner` of an entry shim frame that belongs to the C stack and runs no code
    /// (`FRAME_OWNED_BY_CSTACK`, 3.12); nil before.
    var ownerCStack: UInt8?
    /// `PyCodeObject.co_firstlineno` (a 32-bit int).
    var codeFirstLine: Int
    /// `PyCodeObject.co_filename`.
    var codeFileName: Int
    /// `PyCodeObject.co_name`.
    var codeName: Int
    /// `PyCodeObject.co_qualname`.
    var codeQualifiedName: Int
    /// `PyCodeObject.co_linetable`: the location table (PEP 626 and 657 format).
    var codeLineTable: Int
    /// `PyCodeObject.co_code_adaptive`: the bytecode, inline in the code object.
    var codeBytecode: Int
    /// The characters of a compact ASCII string (the size of `PyASCIIObject`).
    var asciiData: Int
    /// The characters of any other compact string (the size of `PyCompactUnicodeObject`).
    var compactData: Int

    /// Where a version keeps its GIL.
    enum GILLocation: Equatable, Sendable {
        /// In `_PyRuntime`, at this offset (`_PyRuntime.ceval.gil`, 3.11).
        case runtime(Int)
        /// Behind a pointer at this offset of the main interpreter (`interp->ceval.gil`, 3.12
        /// and later, where each interpreter may have a GIL of its own).
        case interpreterPointer(Int)
    }

    /// `_gil_runtime_state.last_holder`: the thread state that took the GIL last (the same
    /// offset in 3.8 to 3.13).
    static let gilLastHolder = 8
    /// `_gil_runtime_state.locked`: nonzero while a thread holds the GIL.
    static let gilLocked = 16
    /// `_gil_runtime_state.cond`: the condition variable GIL waiters sleep on.
    static let gilCondition = 32
    /// `PyObject_VAR_HEAD`'s `ob_size`: the length of a string or bytes object.
    static let objectSize = 16
    /// `PyASCIIObject.state`: the kind, compact and ascii bits.
    static let unicodeState = 32
    /// `PyBytesObject.ob_sval`.
    static let bytesData = 32

    /// The layout of CPython `major.minor`, nil for a version without a row.
    static func layout(major: Int, minor: Int) -> CPythonLayout? {
        guard major == 3 else { return nil }
        switch minor {
        case 11: return python311
        case 12: return python312
        case 13: return python313
        default: return nil
        }
    }

    /// CPython 3.11 (Include/internal/pycore_runtime.h, pycore_interp.h, pycore_frame.h;
    /// Include/cpython/pystate.h, code.h, unicodeobject.h). The same for its debug build
    /// (python3.11d).
    static let python311 = CPythonLayout(
        runtimeInterpretersHead: 40, gil: .runtime(360),
        interpreterNext: 0, interpreterThreadsHead: 16,
        threadNext: 8, threadNativeID: 160, threadCurrentFramePath: [56, 8],
        frameCode: 32, framePrevious: 48, frameInstruction: 56, frameOwner: 69, frameIsEntry: 68, ownerCStack: nil,
        codeFirstLine: 72, codeFileName: 112, codeName: 120, codeQualifiedName: 128, codeLineTable: 136, codeBytecode: 184,
        asciiData: 48, compactData: 72)
}

extension CPythonLayout {
    /// CPython 3.12: the frame's code comes first, `is_entry` gave way to an entry shim frame
    /// owned by the C stack, the GIL moved to the interpreter and strings lost `wstr`.
    static let python312 = CPythonLayout(
        runtimeInterpretersHead: 40, gil: .interpreterPointer(0x180),
        interpreterNext: 0, interpreterThreadsHead: 72,
        threadNext: 8, threadNativeID: 144, threadCurrentFramePath: [56, 0],
        frameCode: 0, framePrevious: 8, frameInstruction: 56, frameOwner: 70, frameIsEntry: nil, ownerCStack: 3,
        codeFirstLine: 68, codeFileName: 112, codeName: 120, codeQualifiedName: 128, codeLineTable: 136, codeBytecode: 192,
        asciiData: 40, compactData: 56)

    /// CPython 3.13 as `_Py_DebugOffsets` describes it (``CPythonDebugOffsets`` reads them
    /// from the core first): the thread state points at its frame directly, whose
    /// `f_executable` is the code and `instr_ptr` the instruction.
    static let python313 = CPythonLayout(
        runtimeInterpretersHead: 632, gil: .interpreterPointer(0x10),
        interpreterNext: 0, interpreterThreadsHead: 0x1cb0,
        threadNext: 8, threadNativeID: 160, threadCurrentFramePath: [72],
        frameCode: 0, framePrevious: 8, frameInstruction: 56, frameOwner: 70, frameIsEntry: nil, ownerCStack: 3,
        codeFirstLine: 68, codeFileName: 112, codeName: 120, codeQualifiedName: 128, codeLineTable: 136, codeBytecode: 200,
        asciiData: 40, compactData: 56)
}
