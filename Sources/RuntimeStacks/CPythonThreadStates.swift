/// The thread states of every interpreter of a `_PyRuntime`, in the runtime's order
/// (interpreters from `interpreters.head`, each one's threads from `threads.head`).
enum CPythonThreadStates {
    /// The most interpreters followed.
    static let maxInterpreters = 1024
    /// The most thread states followed over all interpreters.
    static let maxThreads = 100_000

    /// The addresses of the thread states of the runtime at `runtime`.
    static func read(runtime: UInt64, layout: CPythonLayout, memory: CPythonMemory) throws(CPythonReadError) -> [UInt64] {
        try read(
            runtime: runtime, interpretersHead: layout.runtimeInterpretersHead, interpreterNext: layout.interpreterNext,
            threadsHead: layout.interpreterThreadsHead, threadNext: layout.threadNext, memory: memory)
    }

    /// The addresses of the thread states of the runtime at `runtime`, whose lists are at these
    /// offsets of `_PyRuntime`, `PyInterpreterState` and `PyThreadState`.
    static func read(
        runtime: UInt64, interpretersHead: Int, interpreterNext: Int, threadsHead: Int, threadNext: Int, memory: CPythonMemory
    ) throws(CPythonReadError) -> [UInt64] {
        var threadStates: [UInt64] = []
        var seenInterpreters: Set<UInt64> = []
        var seenThreads: Set<UInt64> = []
        var interpreter = try memory.optionalPointer(at: runtime &+ UInt64(interpretersHead), "interpreters.head")
        while interpreter != 0 {
            guard seenInterpreters.insert(interpreter).inserted else { throw .cycle(what: "the interpreter list", address: interpreter) }
            guard seenInterpreters.count <= maxInterpreters else { throw .tooLong(what: "the interpreter list", limit: maxInterpreters) }
            var thread = try memory.optionalPointer(at: interpreter &+ UInt64(threadsHead), "threads.head")
            while thread != 0 {
                guard seenThreads.insert(thread).inserted else { throw .cycle(what: "the thread state list", address: thread) }
                guard seenThreads.count <= maxThreads else { throw .tooLong(what: "the thread state list", limit: maxThreads) }
                threadStates.append(thread)
                thread = try memory.optionalPointer(at: thread &+ UInt64(threadNext), "a thread state's next")
            }
            interpreter = try memory.optionalPointer(at: interpreter &+ UInt64(interpreterNext), "an interpreter's next")
        }
        return threadStates
    }
}
