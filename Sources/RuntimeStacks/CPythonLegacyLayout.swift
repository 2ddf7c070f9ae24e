/// Where CPython 3.8 to 3.10 keep the fields the reader needs, on a 64-bit target: before 3.11
/// each Python call is a heap `PyFrameObject` linked by `f_back`, its position `f_lasti`, and a
/// thread state knows its OS thread only by `thread_id`, the thread's `pthread_t`.
///
/// Each row was read from the version's debug information (`ptype /o` in gdb: pyenv builds of
/// 3.8.18, 3.9.18 and 3.10.13, and Debian 11's python3.9 and python3.9d, whose DWARF agrees
/// with the 3.9 row) and is checked by the live tests.
struct CPythonLegacyLayout: Equatable, Sendable {
    /// The line table a version's code objects carry.
    enum LineTableFormat: Equatable, Sendable {
        /// `co_lnotab` (3.8, 3.9), with `f_lasti` a byte offset.
        case lnotab
        /// 3.10's `co_linetable`, with `f_lasti` counted in code units of two bytes.
        case lineTable310
    }

    /// `_PyRuntime.ceval.gil`: the GIL's state (`struct _gil_runtime_state`).
    var gil: Int
    /// `PyFrameObject.f_lasti` (a 32-bit int).
    var frameLastInstruction: Int
    /// The format of `co_lnotab` or `co_linetable`, and the unit of `f_lasti`.
    var lineTable: LineTableFormat

    /// `_PyRuntime.interpreters.head`.
    static let runtimeInterpretersHead = 32
    /// `PyInterpreterState.next`.
    static let interpreterNext = 0
    /// `PyInterpreterState.tstate_head`.
    static let interpreterThreadsHead = 8
    /// `PyThreadState.next`.
    static let threadNext = 8
    /// `PyThreadState.frame`: the innermost frame the thread runs.
    static let threadFrame = 24
    /// `PyThreadState.thread_id`: the thread's `pthread_t` (`native_thread_id` came in 3.11).
    static let threadID = 176
    /// `PyFrameObject.f_back`: the caller's frame.
    static let frameBack = 24
    /// `PyFrameObject.f_code`.
    static let frameCode = 32
    /// `PyCodeObject.co_firstlineno` (a 32-bit int).
    static let codeFirstLine = 40
    /// `PyCodeObject.co_code`: the bytecode, a bytes object.
    static let codeBytecode = 48
    /// `PyCodeObject.co_filename`.
    static let codeFileName = 104
    /// `PyCodeObject.co_name` (3.8 to 3.10 have no `co_qualname`).
    static let codeName = 112
    /// `PyCodeObject.co_lnotab` (3.8, 3.9) or `co_linetable` (3.10).
    static let codeLineTable = 120
    /// The characters of a compact ASCII string (the size of `PyASCIIObject`).
    static let asciiData = 48
    /// The characters of any other compact string (the size of `PyCompactUnicodeObject`).
    static let compactData = 72

    /// The layout of CPython `major.minor`, nil for a version without a row.
    static func layout(major: Int, minor: Int) -> CPythonLegacyLayout? {
        guard major == 3 else { return nil }
        switch minor {
        case 8: return CPythonLegacyLayout(gil: 1152, frameLastInstruction: 104, lineTable: .lnotab)
        case 9: return CPythonLegacyLayout(gil: 352, frameLastInstruction: 104, lineTable: .lnotab)
        case 10: return CPythonLegacyLayout(gil: 352, frameLastInstruction: 96, lineTable: .lineTable310)
        default: return nil
        }
    }
}
