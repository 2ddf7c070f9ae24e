import DumpModel
import Testing
@testable import RuntimeStacks

/// The reader on a CPython 3.11 built in memory: Python frames in place of the evaluation-loop
/// frames that ran them, native frames kept around them, and the GIL's holder and waiters.
@Suite struct CPythonStackReaderTests {
    /// A request thread blocked in `with lock` under `Thread.run` -> `handle_request`, and a
    /// warm-up holding the GIL: each eval-loop frame is replaced by its run of Python frames.
    @Test func pythonFramesReplaceEvaluationLoopFramesInOrder() throws {
        let python = FakeCPython()
        let bootstrap = python.code("_bootstrap", qualifiedName: "Thread._bootstrap", file: "/usr/lib/python3.11/threading.py", firstLine: 990, lines: [995])
        let run = python.code("run", qualifiedName: "Thread.run", file: "/usr/lib/python3.11/threading.py", firstLine: 970, lines: [971, 975])
        let handle = python.code("handle_request", file: "/srv/app.py", firstLine: 37, lines: [38, 39, 40])
        let warm = python.code("warm_cache", file: "/srv/app.py", firstLine: 27, lines: [33])
        let requestFrames = python.chain([(bootstrap, 0, true), (run, 1, false), (handle, 1, true)])
        python.threadState(tid: 11, frame: requestFrames)
        let warmer = python.threadState(tid: 12, frame: python.chain([(bootstrap, 0, true), (run, 1, false), (warm, 0, true)]))
        python.holdGIL(warmer)
        let process = python.read([
            FakeCPython.thread(11, ["__futex_abstimed_wait_common", "PyThread_acquire_lock_timed", "_PyEval_EvalFrameDefault", "_PyFunction_Vectorcall", "_PyEval_EvalFrameDefault", "thread_run", "start_thread"]),
            FakeCPython.thread(12, ["_PyEval_EvalFrameDefault", "_PyFunction_Vectorcall", "_PyEval_EvalFrameDefault.cold", "thread_run", "start_thread"]),
            FakeCPython.thread(13, ["__futex_abstimed_wait_common", "take_gil.lto_priv.0", "PyEval_RestoreThread", "time_sleep", "_PyEval_EvalFrameDefault"]),
        ])
        let request = try #require(process.thread(tid: 11))
        #expect(request.frames.map { $0.function ?? "" } == [
            "__futex_abstimed_wait_common", "PyThread_acquire_lock_timed", "handle_request", "_PyFunction_Vectorcall",
            "Thread.run", "Thread._bootstrap", "thread_run", "start_thread",
        ])
        #expect(request.frames.map(\.runtime) == [.native, .native, .python, .native, .python, .python, .native, .native])
        let handleFrame = request.frames[2]
        #expect(handleFrame.source == SourceLocation(file: "/srv/app.py", line: 39))
        #expect(handleFrame.kind == .call && handleFrame.trust == .runtime && handleFrame.moduleIndex == nil)
        #expect(handleFrame.pc == handle + UInt64(python.layout.codeBytecode + 2))
        #expect(request.frames[4].source == SourceLocation(file: "/usr/lib/python3.11/threading.py", line: 975))
        #expect(request.frames[5].source == SourceLocation(file: "/usr/lib/python3.11/threading.py", line: 995))

        let warmup = try #require(process.thread(tid: 12))
        #expect(warmup.frames.map { $0.function ?? "" } == ["warm_cache", "_PyFunction_Vectorcall", "Thread.run", "Thread._bootstrap", "thread_run", "start_thread"])
        #expect(warmup.frames[0].kind == .interrupted)
        #expect(warmup.frames[0].source == SourceLocation(file: "/srv/app.py", line: 33))
        // Thread 13 has no thread state: its stack is left as it was.
        #expect(process.thread(tid: 13)?.frames.map { $0.function ?? "" } == ["__futex_abstimed_wait_common", "take_gil.lto_priv.0", "PyEval_RestoreThread", "time_sleep", "_PyEval_EvalFrameDefault"])
        #expect(process.runtimeLocks == [
            RuntimeLock(address: FakeCPython.runtime + 392, name: "the GIL", kind: "GIL", runtime: .python, ownerTID: 12, waiterTIDs: [13]),
        ])
        #expect(process.diagnostics == [])
    }

    /// 3.12: entry shim frames owned by the C stack end each run and are not shown; the GIL
    /// is the interpreter's.
    @Test func entryShimFramesSplitRunsIn312() throws {
        let python = FakeCPython(layout: .python312, pyVersion: 0x030C_01F0)
        let outer = python.code("main", file: "/srv/app.py", firstLine: 1, lines: [5])
        let callback = python.code("on_event", file: "/srv/app.py", firstLine: 10, lines: [11, 12])
        let state = python.threadState(tid: 31, frame: python.chain([(outer, 0, true), (callback, 1, true)]))
        python.holdGIL(state)
        let process = python.read([FakeCPython.thread(31, ["_PyEval_EvalFrameDefault", "event_dispatch", "_PyEval_EvalFrameDefault", "main"])])
        let frames = try #require(process.thread(tid: 31)?.frames)
        #expect(frames.map { $0.function ?? "" } == ["on_event", "event_dispatch", "main", "main"])
        #expect(frames.map(\.runtime) == [.python, .native, .python, .native])
        #expect(frames[0].source?.line == 12)
        #expect(process.runtimeLocks.map(\.address) == [FakeCPython.interpreterGIL + 32])
        #expect(process.runtimeLocks.map(\.ownerTID) == [31])
        #expect(process.diagnostics == [])
    }

    /// More runs than evaluation-loop frames (a native stack cut short): the runs pair from
    /// the top and the rest go to the bottom, so no frame is lost, and a note says so.
    @Test func runsWithoutAnEvaluationLoopFrameGoToTheBottom() throws {
        let python = FakeCPython()
        let outer = python.code("main", file: "/srv/app.py", firstLine: 1, lines: [5])
        let inner = python.code("work", file: "/srv/app.py", firstLine: 10, lines: [12])
        python.threadState(tid: 21, frame: python.chain([(outer, 0, true), (inner, 0, true)]))
        let process = python.read([FakeCPython.thread(21, ["poll", "_PyEval_EvalFrameDefault", "PyObject_Call"])])
        #expect(process.thread(tid: 21)?.frames.map { $0.function ?? "" } == ["poll", "work", "PyObject_Call", "main"])
        #expect(process.diagnostics.map(\.message) == [
            "the python frames of thread 21 do not pair with their evaluation-loop frames one to one (a native stack cut short?): the frames without a pair are at the bottom of the stack",
        ])
    }

    /// A free GIL has no owner; a thread state naming a TID the core does not hold is noted.
    @Test func freeGILAndAThreadStateWithoutItsThread() throws {
        let python = FakeCPython()
        let code = python.code("idle", file: "/srv/app.py", firstLine: 1, lines: [2])
        python.threadState(tid: 99, frame: python.chain([(code, 0, true)]))
        let process = python.read([FakeCPython.thread(1, ["epoll_wait"])])
        #expect(process.runtimeLocks.map(\.ownerTID) == [nil])
        #expect(process.thread(tid: 1)?.frames.map { $0.function ?? "" } == ["epoll_wait"])
        #expect(process.diagnostics.map(\.message) == [
            "python thread states name threads the core does not hold (99): their python frames are not shown",
        ])
    }

    /// A process without a Python module is not looked at.
    @Test func aProcessWithoutPythonIsLeftAlone() {
        let python = FakeCPython()
        var process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [FakeCPython.thread(1, ["main"])], modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        let before = process
        CPythonStackReader().read(ProcessImage(process: process, memory: python.memory, symbols: python.symbols), context: RuntimeReadContext(), into: &process)
        #expect(process == before)
    }

    /// The versions read from a module's name, for interpreters without `Py_Version`.
    @Test func versionsFromModuleNames() {
        #expect(CPythonVersion.nameVersion("python3.11", prefix: "python") == CPythonVersion(major: 3, minor: 11))
        #expect(CPythonVersion.nameVersion("python3.11d", prefix: "python") == CPythonVersion(major: 3, minor: 11))
        #expect(CPythonVersion.nameVersion("libpython3.9.so.1.0", prefix: "libpython") == CPythonVersion(major: 3, minor: 9))
        #expect(CPythonVersion.nameVersion("python3", prefix: "python") == nil)
        #expect(CPythonVersion.nameVersion("python3.11-config", prefix: "python") == nil)
        #expect(CPythonVersion.nameVersion("python2.7", prefix: "python") == nil)
    }
}
