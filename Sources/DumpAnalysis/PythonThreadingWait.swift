import DumpModel

/// A CPython thread asleep in a threading lock's acquire (`PyThread_acquire_lock_timed`) that
/// waits for no lock holder, told from its Python frames: `threading.Condition.wait` sleeps on
/// a fresh lock of its own until another thread notifies it (and `Event.wait`, `Queue.get`,
/// `Semaphore.acquire` and `Barrier.wait` wait through it), and `Thread.join` sleeps on the
/// joined thread's state lock until that thread ends. Such a thread is waiting on a condition,
/// like a C thread in `pthread_cond_wait`: an idle worker, not a lock queue.
enum PythonThreadingWait {
    /// The row of ``WaitSignatures`` whose waits these can be.
    static let lockWaitFunction = "PyThread_acquire_lock_timed"

    /// The condition wait of `thread`, found in the wait `row` names, nil when its innermost
    /// Python frame is neither `Condition.wait` nor `Thread._wait_for_tstate_lock` of
    /// threading.py.
    static func wait(of thread: Thread, row: WaitSignature, underlying: ThreadState.Activity) -> RuntimeWait? {
        guard row.runtime == .cpython, row.function == lockWaitFunction else { return nil }
        let python = thread.frames.lazy.filter { $0.runtime == .python }
        guard let innermost = python.first else { return nil }
        let object: String
        if isThreading(innermost, "Condition.wait") {
            object = "a threading.Condition (CPython)"
        } else if isThreading(innermost, "Thread._wait_for_tstate_lock") {
            object = "the end of a thread (CPython)"
        } else {
            return nil
        }
        // The caller names the wait (`queue.Queue.get`, `threading.Event.wait`,
        // `threading.Thread.join`), past `Condition.wait_for`.
        let caller = python.dropFirst().first { !isThreading($0, "Condition.wait_for") } ?? innermost
        return RuntimeWait(
            kind: .condition, object: object, function: qualifiedName(caller),
            holder: nil, underlying: underlying, futexIsLock: false, signature: row)
    }

    /// Whether `frame` runs `function` of the standard library's threading.py.
    private static func isThreading(_ frame: Frame, _ function: String) -> Bool {
        frame.function == function && (frame.source?.file).map { $0 == "threading.py" || $0.hasSuffix("/threading.py") } == true
    }

    /// `queue.Queue.get`: the frame's qualified name after its module, the file's name without
    /// `.py`.
    private static func qualifiedName(_ frame: Frame) -> String {
        let function = frame.function ?? "?"
        guard let file = frame.source?.file.split(separator: "/").last, file.hasSuffix(".py") else { return function }
        return file.dropLast(3) + "." + function
    }
}
