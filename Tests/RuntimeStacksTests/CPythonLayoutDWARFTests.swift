import DumpModel
import Testing
@testable import RuntimeStacks

/// The CPython layout taken from the interpreter's DWARF: a build whose structures differ from
/// the stock ones (here every `PyCodeObject` member 16 bytes further, as in a build whose
/// object header is larger) is read at its own offsets, and DWARF without every member the
/// table has leaves the table's row.
@Suite struct CPythonLayoutDWARFTests {
    /// A DWARF lookup describing `layout` as CPython's headers name its members.
    final class Types: TypeLayoutLookup {
        var members: [String: UInt64] = [:]
        var scopedTo: UInt64?

        init(_ layout: CPythonLayout, minor: Int) {
            func set(_ type: String, _ path: String, _ offset: Int) { members[type + " " + path] = UInt64(offset) }
            set("pyruntimestate", "interpreters.head", layout.runtimeInterpretersHead)
            switch layout.gil {
            case .runtime(let offset): set("pyruntimestate", "ceval.gil", offset)
            case .interpreterPointer(let offset): set("_is", "ceval.gil", offset)
            }
            set("_is", "next", layout.interpreterNext)
            set("_is", "threads.head", layout.interpreterThreadsHead)
            set("_ts", "next", layout.threadNext)
            set("_ts", "native_thread_id", layout.threadNativeID)
            set("_ts", "cframe", layout.threadCurrentFramePath[0])
            set("_PyCFrame", "current_frame", layout.threadCurrentFramePath[1])
            set("_PyInterpreterFrame", "f_code", layout.frameCode)
            set("_PyInterpreterFrame", "previous", layout.framePrevious)
            set("_PyInterpreterFrame", "prev_instr", layout.frameInstruction)
            set("_PyInterpreterFrame", "owner", layout.frameOwner)
            if let isEntry = layout.frameIsEntry { set("_PyInterpreterFrame", "is_entry", isEntry) }
            set("PyCodeObject", "co_firstlineno", layout.codeFirstLine)
            set("PyCodeObject", "co_filename", layout.codeFileName)
            set("PyCodeObject", "co_name", layout.codeName)
            set("PyCodeObject", "co_qualname", layout.codeQualifiedName)
            set("PyCodeObject", "co_linetable", layout.codeLineTable)
            set("PyCodeObject", "co_code_adaptive", layout.codeBytecode)
        }

        func size(ofType type: String) -> UInt64? { nil }
        func member(_ path: String, ofType type: String) -> TypeMemberLayout? {
            members[type + " " + path].map { TypeMemberLayout(offset: $0, size: 8) }
        }
        func scoped(toModuleContaining address: UInt64) -> (any TypeLayoutLookup)? {
            scopedTo = address
            return self
        }
    }

    /// 3.11 with every code object member 16 bytes further than the stock build's.
    static let shifted311: CPythonLayout = {
        var layout = CPythonLayout.python311
        layout.codeFirstLine += 16
        layout.codeFileName += 16
        layout.codeName += 16
        layout.codeQualifiedName += 16
        layout.codeLineTable += 16
        layout.codeBytecode += 16
        return layout
    }()

    @Test func theDWARFOffsetsReplaceTheRows() {
        #expect(CPythonLayout.described(by: Types(Self.shifted311, minor: 11), row: .python311, minor: 11) == Self.shifted311)
        #expect(CPythonLayout.described(by: Types(.python311, minor: 11), row: .python311, minor: 11) == .python311)
        #expect(CPythonLayout.described(by: Types(.python312, minor: 12), row: .python312, minor: 12) == .python312)
    }

    @Test func incompleteDWARFOrAVersionWithPublishedOffsetsIsNotUsed() {
        let types = Types(.python311, minor: 11)
        types.members["_PyInterpreterFrame is_entry"] = nil
        #expect(CPythonLayout.described(by: types, row: .python311, minor: 11) == nil)
        types.members["_PyInterpreterFrame is_entry"] = 68
        types.members["PyCodeObject co_qualname"] = nil
        #expect(CPythonLayout.described(by: types, row: .python311, minor: 11) == nil)
        #expect(CPythonLayout.described(by: Types(.python312, minor: 12), row: .python313, minor: 13) == nil)
    }

    /// The reader asks the DWARF of the module that holds `_PyRuntime` and reads the shifted
    /// build's code objects, which the table's row would misread.
    @Test func theReaderReadsABuildAtItsDWARFOffsets() throws {
        let python = FakeCPython(layout: Self.shifted311)
        let code = python.code("handle_request", file: "/srv/app.py", firstLine: 37, lines: [38, 39])
        python.threadState(tid: 11, frame: python.chain([(code, 1, true)]))
        let module = Module(
            name: "/usr/bin/python3.11", startAddress: 0x40_0000, endAddress: 0x90_0000, buildID: nil,
            filePath: nil, debugFilePath: nil, symbolStatus: .debugInfo)
        var process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [FakeCPython.thread(11, ["PyThread_acquire_lock_timed", "_PyEval_EvalFrameDefault", "start_thread"])],
            modules: [module], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        let types = Types(Self.shifted311, minor: 11)
        CPythonStackReader().read(
            ProcessImage(process: process, memory: python.memory, symbols: python.symbols),
            context: RuntimeReadContext(typeLayouts: types), into: &process)
        #expect(types.scopedTo == FakeCPython.runtime)
        let frames = try #require(process.thread(tid: 11)?.frames)
        #expect(frames.map { $0.function ?? "" } == ["PyThread_acquire_lock_timed", "handle_request", "start_thread"])
        #expect(frames[1].source == SourceLocation(file: "/srv/app.py", line: 39))
    }
}
