import DumpModel

/// Reads CPython's own stacks from a process image and merges them into the native stacks
/// (``CPythonStackMerge``), and records the GIL with its holder and waiters, the threading
/// locks threads wait for with their holders, and the Conditions threads wait on
/// (``CPythonThreadingLocks``) in ``Process/runtimeLocks``.
///
/// The path: `_PyRuntime` (a symbol of the `python3.X` executable or `libpython3.X.so`), its
/// version from `Py_Version` or the module's name, the interpreters and their thread states,
/// each thread state's frame chain and code objects. The offsets come from `_Py_DebugOffsets`
/// (3.13), else from the interpreter's DWARF when it has some (3.11, 3.12), else from
/// ``CPythonLayout``'s table (3.11 to 3.13). Thread states are matched with the core's
/// threads by `native_thread_id`. 3.8 to 3.10 are read by ``CPythonLegacyStacks``. Versions
/// without a row in ``CPythonLayout`` or ``CPythonLegacyLayout`` are not read.
///
/// What cannot be read leaves the native frames and adds a note: no `_PyRuntime` symbol, a
/// version without a layout, a list that does not validate (then nothing is merged), a
/// thread whose frames do not validate (then that thread keeps its native frames).
public struct CPythonStackReader: RuntimeStackReader {
    public init() {}

    public func read(_ image: ProcessImage, context: RuntimeReadContext, into process: inout Process) {
        guard let module = CPythonVersion.module(of: process) else { return }
        let name = module.shortName
        guard let runtime = image.symbols.address(ofSymbol: "_PyRuntime") else {
            process.diagnostics.append(.note(
                "the python stacks of \(name) are not read: it has no `_PyRuntime` symbol (python 3.7 or older, or a stripped build): pystack core CORE may read them"))
            return
        }
        let pyVersion = image.symbols.address(ofSymbol: "Py_Version").flatMap { image.memory.readWord(at: $0, size: 4) }
        guard let version = CPythonVersion.detect(pyVersion: pyVersion, module: module) else {
            process.diagnostics.append(.note("the python stacks of \(name) are not read: its version is unknown"))
            return
        }
        let memory = CPythonMemory(
            memory: image.memory, unicodeType: image.symbols.address(ofSymbol: "PyUnicode_Type"),
            codeType: image.symbols.address(ofSymbol: "PyCode_Type"), bytesType: image.symbols.address(ofSymbol: "PyBytes_Type"))
        let published: CPythonLayout?
        do {
            published = try CPythonDebugOffsets.layout(runtime: runtime, version: version, memory: memory)
        } catch {
            process.diagnostics.append(.note("the python stacks of CPython \(version.description) are not read: \(error.description)"))
            return
        }
        if let legacy = CPythonLegacyLayout.layout(major: version.major, minor: version.minor) {
            CPythonLegacyStacks.read(
                runtime: runtime, layout: legacy, memory: memory, frameType: image.symbols.address(ofSymbol: "PyFrame_Type"),
                version: version, into: &process)
            return
        }
        let row = CPythonLayout.layout(major: version.major, minor: version.minor)
        let described = row.flatMap { row in
            context.typeLayouts?.scoped(toModuleContaining: runtime)
                .flatMap { CPythonLayout.described(by: $0, row: row, minor: version.minor) }
        }
        guard let layout = published ?? described ?? row else {
            process.diagnostics.append(.note(
                "the python stacks are not read: CPython \(version.description) is not among the versions the reader knows (3.8 to 3.13): use pystack core CORE"))
            return
        }
        do {
            let threadStates = try CPythonThreadStates.read(runtime: runtime, layout: layout, memory: memory)
            var codes: [UInt64: CPythonCode] = [:]
            let stacks = Self.merge(threadStates, version: version, into: &process) { threadState throws(CPythonReadError) in
                try CPythonThreadStack(threadState: threadState, layout: layout, memory: memory, codes: &codes)
            }
            process.runtimeLocks.append(try CPythonGIL.lock(runtime: runtime, layout: layout, memory: memory, threads: process.threads))
            readThreadingLocks(stacks, image: image, layout: layout, memory: memory, version: version, into: &process)
        } catch {
            process.diagnostics.append(.note(
                "the python stacks of CPython \(version.description) are not read: \(error.description) (a corrupt or truncated core)"))
        }
    }

    /// Records the threading locks and Conditions the Python threads wait for
    /// (``CPythonThreadingLocks``), or says why they are not read.
    private func readThreadingLocks(
        _ stacks: [CPythonThreadStack], image: ProcessImage, layout: CPythonLayout, memory: CPythonMemory, version: CPythonVersion,
        into process: inout Process
    ) {
        guard let threadingLayout = CPythonThreadingLayout.layout(major: version.major, minor: version.minor) else {
            process.diagnostics.append(.note(
                "the holders of threading locks and the Conditions threads wait on are not read for CPython \(version.description) (read for 3.11 to 3.13): a thread waiting in a threading lock shows the semaphore it sleeps on"))
            return
        }
        var reader = CPythonThreadingLocks(
            layout: threadingLayout, pythonLayout: layout, memory: memory,
            cFunctionType: image.symbols.address(ofSymbol: "PyCFunction_Type"))
        process.runtimeLocks += reader.runtimeLocks(stacks: stacks, threads: process.threads)
    }

    /// Reads each thread state's frames with `stack` and merges them into the thread with its
    /// TID; returns the stacks read.
    @discardableResult
    static func merge(
        _ threadStates: [UInt64], version: CPythonVersion, into process: inout Process,
        stack readStack: (UInt64) throws(CPythonReadError) -> CPythonThreadStack
    ) -> [CPythonThreadStack] {
        var threads = process.threads
        var indexByTID: [Int32: Int] = [:]
        for (index, thread) in threads.enumerated() { indexByTID[thread.tid] = index }
        var symbols: CPythonStackMerge.SymbolCache = [:]
        var unreadable: [(threadState: UInt64, error: CPythonReadError)] = []
        var withoutThread: [Int32] = []
        var inexact: [Int32] = []
        var stacks: [CPythonThreadStack] = []
        for threadState in threadStates {
            let stack: CPythonThreadStack
            do {
                stack = try readStack(threadState)
            } catch {
                unreadable.append((threadState, error))
                continue
            }
            guard let index = indexByTID[stack.tid] else {
                withoutThread.append(stack.tid)
                continue
            }
            stacks.append(stack)
            let merged = CPythonStackMerge.merged(threads[index].frames, with: stack, symbols: &symbols)
            threads[index].frames = merged.frames
            if !merged.isExact { inexact.append(stack.tid) }
        }
        process.threads = threads
        if let first = unreadable.first {
            let count = unreadable.count == 1 ? "one thread state" : "\(unreadable.count) thread states"
            process.diagnostics.append(.note(
                "the python frames of \(count) of CPython \(version.description) are not read (the first, at 0x\(String(first.threadState, radix: 16)): \(first.error.description)): those threads show the evaluation loop"))
        }
        if !withoutThread.isEmpty {
            process.diagnostics.append(.note(
                "python thread states name threads the core does not hold (\(list(withoutThread))): their python frames are not shown"))
        }
        if !inexact.isEmpty {
            process.diagnostics.append(.note(
                "the python frames of \(inexact.count == 1 ? "thread" : "threads") \(list(inexact)) do not pair with their evaluation-loop frames one to one (a native stack cut short?): the frames without a pair are at the bottom of the stack"))
        }
        return stacks
    }

    /// `1, 2, 3` or `1, 2, 3 and 7 more`.
    private static func list(_ tids: [Int32]) -> String {
        let shown = tids.prefix(5).map(String.init).joined(separator: ", ")
        return tids.count > 5 ? shown + " and \(tids.count - 5) more" : shown
    }
}
