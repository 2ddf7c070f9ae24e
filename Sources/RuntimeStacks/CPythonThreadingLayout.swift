/// Where CPython keeps what ``CPythonThreadingLocks`` reads beyond ``CPythonLayout``: a frame's
/// locals and value stack, a code object's sizes, a bound C method, a type's name and the
/// `_thread` module's lock objects, for one minor version on a 64-bit target.
///
/// Read from the versions' headers (Include/internal/pycore_frame.h, Include/cpython/code.h,
/// methodobject.h, object.h, Modules/_threadmodule.c) and checked by the live tests under
/// Debian's python3.11 and pyenv builds of 3.12.1 and 3.13.0. From 3.14 `_thread.lock` is a
/// `PyMutex` without a semaphore and the frame keeps a stack pointer: no row.
struct CPythonThreadingLayout: Equatable, Sendable {
    /// `_PyInterpreterFrame.stacktop` (a 32-bit int): the depth of the value stack, counted
    /// from `localsplus`, when the frame saved it (it called a Python function); -1 while the
    /// evaluation loop keeps it in a register.
    var frameStackTop = 64
    /// `_PyInterpreterFrame.localsplus`: the locals, cells and free variables, then the value
    /// stack.
    var frameLocalsPlus = 72
    /// `_PyInterpreterFrame.f_globals`: the module's globals dict.
    var frameGlobals: Int
    /// `PyCodeObject.co_stacksize` (a 32-bit int): the most slots the value stack uses.
    var codeStackSize: Int
    /// `PyCodeObject.co_nlocalsplus` (a 32-bit int): the slots before the value stack.
    var codeLocalsPlusCount: Int
    /// `PyThreadState.thread_id`: `pthread_self()` of the thread, which an `RLock` records as
    /// its owner (the field before `native_thread_id` in 3.11 to 3.13).
    var threadIdentFromNativeID = -8
    /// `PyCFunctionObject.m_ml`: the method's `PyMethodDef`, whose first field is its name.
    var cFunctionMethod = 16
    /// `PyCFunctionObject.m_self`: the object a bound C method is bound to.
    var cFunctionSelf = 24
    /// `PyTypeObject.tp_name`.
    var typeName = 24
    /// `lockobject.lock_lock` and `rlockobject.rlock_lock`: the `sem_t` its waiters sleep on
    /// (`PyThread_type_lock` with POSIX semaphores, as on Linux).
    var lockSemaphore = 16
    /// `lockobject.locked` (a byte): set while the lock is held.
    var lockLocked = 32
    /// `rlockobject.rlock_owner`: the owner's `thread_id`.
    var rlockOwner = 24
    /// `rlockobject.rlock_count`: how many times the owner holds it.
    var rlockCount = 32

    /// The layout of CPython `major.minor`, nil for a version without a row.
    static func layout(major: Int, minor: Int) -> CPythonThreadingLayout? {
        guard major == 3 else { return nil }
        switch minor {
        case 11: return CPythonThreadingLayout(frameGlobals: 8, codeStackSize: 68, codeLocalsPlusCount: 76)
        case 12, 13: return CPythonThreadingLayout(frameGlobals: 24, codeStackSize: 64, codeLocalsPlusCount: 72)
        default: return nil
        }
    }
}
