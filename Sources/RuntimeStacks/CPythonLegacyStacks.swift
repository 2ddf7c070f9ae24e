import DumpModel

/// Reads the stacks and the GIL of CPython 3.8 to 3.10, for ``CPythonStackReader``: the
/// thread states of `_PyRuntime`'s interpreters, each one's `PyFrameObject` chain, and the GIL
/// in `_PyRuntime.ceval.gil`.
///
/// These versions record a thread's `pthread_t` (`thread_id`) but not its TID. On x86_64 a
/// thread's `pthread_t` is its thread pointer, the `fs_base` the core records with its
/// registers, which pairs each thread state with its OS thread; a core without `fs_base`
/// (another architecture) is not read, and a note says so.
enum CPythonLegacyStacks {
    /// Merges the Python frames of the runtime at `runtime` into `process`'s native stacks and
    /// appends the GIL to its runtime locks; what cannot be read is a note.
    static func read(
        runtime: UInt64, layout: CPythonLegacyLayout, memory: CPythonMemory, frameType: UInt64?, version: CPythonVersion,
        into process: inout Process
    ) {
        var threads: [UInt64: Int32] = [:]
        for thread in process.threads {
            if let pointer = thread.registers["fs_base"], pointer != 0 { threads[pointer] = thread.tid }
        }
        guard !threads.isEmpty else {
            process.diagnostics.append(.note(
                "the python stacks of CPython \(version.description) are not read: its thread states name threads by pthread_t, which only an x86_64 core's fs_base registers give: use pystack core CORE"))
            return
        }
        do {
            let threadStates = try CPythonThreadStates.read(
                runtime: runtime, interpretersHead: CPythonLegacyLayout.runtimeInterpretersHead,
                interpreterNext: CPythonLegacyLayout.interpreterNext, threadsHead: CPythonLegacyLayout.interpreterThreadsHead,
                threadNext: CPythonLegacyLayout.threadNext, memory: memory)
            var codes: [UInt64: CPythonLegacyCode] = [:]
            CPythonStackReader.merge(threadStates, version: version, into: &process) { threadState throws(CPythonReadError) in
                try CPythonThreadStack(
                    legacyThreadState: threadState, layout: layout, memory: memory, frameType: frameType, threads: threads, codes: &codes)
            }
            process.runtimeLocks.append(try CPythonGIL.lock(
                gil: runtime &+ UInt64(layout.gil), memory: memory, threads: process.threads
            ) { holder throws(CPythonReadError) in
                threads[try memory.word(at: holder &+ UInt64(CPythonLegacyLayout.threadID), size: 8, "the GIL holder's thread_id")]
            })
        } catch {
            process.diagnostics.append(.note(
                "the python stacks of CPython \(version.description) are not read: \(error.description) (a corrupt or truncated core)"))
        }
    }
}
