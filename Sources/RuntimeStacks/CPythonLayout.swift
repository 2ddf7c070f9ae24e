/// Where CPython keeps the fields the reader needs, for one minor version on a 64-bit target:
/// byte offsets into `_PyRuntimeState`, `PyInterpreterState`, `PyThreadState`, the
/// interpreter frame, the code object and the string and bytes objects.
///
/// Debian's python3 exports `_PyRuntime` but ships no DWARF, so the offsets are a table per
/// version, as py-spy and pystack keep; each row was read from the version's own debug
/// information (`ptype /o` in gdb with its `-dbg` package) and is checked by the live tests.
/// A version without a row is not read: the reader says so in a note.
struct CPythonLayout: Equatable, Sendable {
    /// `_PyRuntime.interpreters.head`.
    var runtimeInterpretersHead: Int
    /// `_PyRuntime.ceval.gil.last_holder`: the thread state that took the GIL last.
    var gilLastHolder: Int
    /// `_PyRuntime.ceval.gil.locked`: nonzero while a thread holds the GIL.
    var gilLocked: Int
    /// `_PyRuntime.ceval.gil.cond`: the condition variable GIL waiters sleep on.
    var gilCondition: Int
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
        default: return nil
        }
    }

    /// CPython 3.11 (Include/internal/pycore_runtime.h, pycore_interp.h, pycore_frame.h;
    /// Include/cpython/pystate.h, code.h, unicodeobject.h), x86_64 and aarch64.
    static let python311 = CPythonLayout(
        runtimeInterpretersHead: 40, gilLastHolder: 368, gilLocked: 376, gilCondition: 392,
        interpreterNext: 0, interpreterThreadsHead: 16,
        threadNext: 8, threadNativeID: 160, threadCurrentFramePath: [56, 8],
        frameCode: 32, framePrevious: 48, frameInstruction: 56, frameOwner: 69, frameIsEntry: 68, ownerCStack: nil,
        codeFirstLine: 72, codeFileName: 112, codeName: 120, codeQualifiedName: 128, codeLineTable: 136, codeBytecode: 184,
        asciiData: 48, compactData: 72)
}
