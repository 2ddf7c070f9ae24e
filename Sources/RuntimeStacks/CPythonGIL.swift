import DumpModel

/// CPython's global interpreter lock as a runtime lock: its holder from `_PyRuntime`, its
/// waiters from the native stacks.
enum CPythonGIL {
    /// The functions a thread waits for the GIL in: `take_gil` (static, so named only with
    /// python3-dbg, and `take_gil.lto_priv.0` there), and the exported calls that take it back
    /// after a blocking call, which are all a stack without python3-dbg shows of the wait.
    static let waitFunctions = ["take_gil", "PyEval_RestoreThread", "PyEval_AcquireThread"]

    /// The GIL of the runtime at `runtime` (from 3.12 the GIL of the newest interpreter, the main one unless subinterpreters run): held by the thread state `last_holder` names
    /// while `locked` is set, waited for by every other thread with a wait function on its
    /// native stack, in the order of `threads`.
    static func lock(
        runtime: UInt64, layout: CPythonLayout, memory: CPythonMemory, threads: [DumpModel.Thread]
    ) throws(CPythonReadError) -> RuntimeLock {
        let gil: UInt64
        switch layout.gil {
        case .runtime(let offset):
            gil = runtime &+ UInt64(offset)
        case .interpreterPointer(let offset):
            let interpreter = try memory.pointer(at: runtime &+ UInt64(layout.runtimeInterpretersHead), "interpreters.head")
            gil = try memory.pointer(at: interpreter &+ UInt64(offset), "the interpreter's GIL")
        }
        return try lock(gil: gil, memory: memory, threads: threads) { holder throws(CPythonReadError) in
            let nativeID = try memory.word(at: holder &+ UInt64(layout.threadNativeID), size: 8, "the GIL holder's native_thread_id")
            return Int32(exactly: nativeID)
        }
    }

    /// The GIL whose `_gil_runtime_state` is at `gil`, its holder's TID found from the holder's
    /// thread state by `tid` (nil, or a TID no thread of `threads` has: no holder named).
    static func lock(
        gil: UInt64, memory: CPythonMemory, threads: [DumpModel.Thread], tid: (UInt64) throws(CPythonReadError) -> Int32?
    ) throws(CPythonReadError) -> RuntimeLock {
        let locked = try memory.word(at: gil &+ UInt64(CPythonLayout.gilLocked), size: 4, "the GIL's locked flag") != 0
        var ownerTID: Int32?
        if locked {
            let holder = try memory.pointer(at: gil &+ UInt64(CPythonLayout.gilLastHolder), "the GIL's last holder")
            ownerTID = try tid(holder).flatMap { tid in threads.contains { $0.tid == tid } ? tid : nil }
        }
        let waiters = threads.filter { thread in
            thread.tid != ownerTID && thread.frames.contains { isWaitFunction($0.function) }
        }.map(\.tid)
        return RuntimeLock(
            address: gil &+ UInt64(CPythonLayout.gilCondition), name: "the GIL", kind: "GIL", runtime: .python,
            ownerTID: ownerTID, waiterTIDs: waiters)
    }

    /// Whether `function` is one of ``waitFunctions`` or a compiler's clone of one
    /// (`take_gil.lto_priv.0`).
    static func isWaitFunction(_ function: String?) -> Bool {
        guard let function else { return false }
        return waitFunctions.contains { function == $0 || (function.hasPrefix($0) && function.dropFirst($0.count).first == ".") }
    }
}
