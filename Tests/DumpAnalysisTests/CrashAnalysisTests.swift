import Testing
import CoreDump
import DumpAnalysis
import DumpModel
import FixtureSupport

/// The crash analysis on the fixture cores, against the facts eu-stack and gdb read from them.
@Suite struct CrashAnalysisTests {
    private func analyze(_ fixture: Fixture, maxFrames: Int = 1024) throws -> CrashReport? {
        let core = try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: fixture.executablePath, maxFramesPerThread: maxFrames))
        return CrashAnalysis.analyze(core.image)
    }

    @Test func nullDereferenceNamesOffsetFaultAndApplicationFrame() throws {
        let fixture = Fixture("null-deref")
        let report = try #require(try analyze(fixture))
        #expect(report.signalName == "SIGSEGV")
        #expect(report.signalCode == 1)
        #expect(report.signalCodeDescription == SignalCodeDescription(name: "SEGV_MAPERR", meaning: "address not mapped"))
        #expect(report.faultAddress == (try fixture.address("fault_address")))
        #expect(report.kind == .nullDereference(offset: 0x10))
        #expect(report.crashingTID == (try fixture.tid("crash_tid")))
        #expect(report.instructionPointer == (try fixture.address("crash_pc")))
        #expect(report.innermostFrame?.function == "process_order")
        #expect(report.applicationFrame?.function == "process_order")
        #expect(report.summary
            == "SIGSEGV (SEGV_MAPERR: address not mapped) at 0x10 in process_order (null-deref.c:50): NULL pointer dereference at offset 0x10")
    }

    /// qemu writes no `NT_SIGINFO`: the signal is known from `pr_cursig` alone, without its
    /// code or fault address, so the NULL dereference cannot be told.
    @Test func qemuCoreWithoutSigInfoIsACrashOfUnknownKind() throws {
        let fixture = Fixture("null-deref-aarch64")
        let report = try #require(try analyze(fixture))
        #expect(report.signalName == "SIGSEGV")
        #expect(report.signalCode == nil)
        #expect(report.signalCodeDescription == nil)
        #expect(report.faultAddress == nil)
        #expect(report.kind == .other)
        #expect(report.crashingTID == (try fixture.tid("crash_tid")))
        #expect(report.instructionPointer == (try fixture.address("crash_pc")))
        #expect(report.applicationFrame?.function == "process_order")
        #expect(report.summary == "SIGSEGV (si_code and fault address not recorded) in process_order (null-deref.c:50)")
    }

    /// Cut where the recursion ends (`--max-frames` 7,258), the stack has nothing more to
    /// count: the depth is a lower bound.
    @Test func stackOverflowCutAtTheFrameLimitIsAtLeastThatDeep() throws {
        let fixture = Fixture("stack-overflow")
        let limit = try #require(fixture.intFact("descend_frame_count"))
        let report = try #require(try analyze(fixture, maxFrames: limit))
        #expect(report.signalCodeDescription?.name == "SEGV_ACCERR")
        #expect(report.crashingTID == (try fixture.tid("crash_tid")))
        guard case .stackOverflow(let recursion?) = report.kind else {
            Issue.record("expected a stack overflow with recursion, got \(report.kind)")
            return
        }
        #expect(recursion.cycle == ["descend"])
        #expect(recursion.repetitions == 7258)
        #expect(recursion.isLowerBound)
        #expect(recursion.frameLimit == 7258)
        #expect(report.summary.hasSuffix(": stack overflow: descend recursed at least 7,258 times (the stack was cut at 7,258 frames)"))
    }

    /// Read in full (`--max-frames` 10,000) or counted past the default limit of 1,024, the
    /// recursion has eu-stack's exact depth.
    @Test(arguments: [10_000, 1024])
    func stackOverflowHasTheExactDepth(maxFrames: Int) throws {
        let fixture = Fixture("stack-overflow")
        let report = try #require(try analyze(fixture, maxFrames: maxFrames))
        guard case .stackOverflow(let recursion?) = report.kind else {
            Issue.record("expected a stack overflow with recursion, got \(report.kind)")
            return
        }
        #expect(recursion.cycle == ["descend"])
        #expect(recursion.repetitions == fixture.intFact("descend_frame_count"))
        #expect(recursion.firstFrameIndex == 0)
        #expect(!recursion.isLowerBound)
        #expect(recursion.frameLimit == nil)
        #expect(report.summary.hasSuffix(": stack overflow: descend recursed 7,258 times"))
    }

    @Test func failedAssertionIsParsedFromTheAbortMessage() throws {
        let fixture = Fixture("assert-fail")
        let report = try #require(try analyze(fixture))
        #expect(report.signalName == "SIGABRT")
        #expect(report.signalCodeDescription?.name == "SI_TKILL")
        #expect(report.crashingTID == (try fixture.tid("crash_tid")))
        #expect(report.innermostFrame?.function == fixture.facts["crash_frame_0_function"])
        #expect(report.applicationFrame?.function == "validate_config")
        guard case .abort(let message?) = report.kind else {
            Issue.record("expected an abort with a message, got \(report.kind)")
            return
        }
        #expect(message.text == fixture.facts["abort_msg_text"])
        #expect(message.assertion == AssertionFailure(
            program: "assert-fail", file: "assert-fail.c", line: 61, function: "validate_config",
            expression: #"config->worker_count > 0 && "worker_count must be positive""#))
        #expect(report.summary == #"SIGABRT (SI_TKILL: sent by tkill or tgkill) in validate_config (assert-fail.c:61): "#
            + #"assertion `config->worker_count > 0 && "worker_count must be positive"' failed"#)
    }

    @Test func uncaughtExceptionNamesTheThrowingFunction() throws {
        let fixture = Fixture("uncaught-exception")
        let report = try #require(try analyze(fixture))
        #expect(report.signalName == "SIGABRT")
        #expect(report.crashingTID == (try fixture.tid("crash_tid")))
        guard case .uncaughtException(let exception) = report.kind else {
            Issue.record("expected an uncaught exception, got \(report.kind)")
            return
        }
        #expect(exception.runtimeFunction == "__cxa_throw")
        #expect(exception.wasThrown)
        // The throw is in the function's cold part; DWARF names the function, as eu-stack does.
        let thrower = try #require(fixture.facts["crash_frame_7_function"])
        #expect(exception.throwingFrame?.function == thrower)
        #expect(thrower.hasPrefix("parse_config_line("))
        #expect(exception.throwingFunction == "parse_config_line(std::string const&, int)")
        #expect(report.applicationFrame == exception.throwingFrame)
        #expect(report.summary.hasSuffix(#"(uncaught-exception.cpp:40): uncaught C++ exception `std::runtime_error`: "missing '=' in line 7""#))
    }

    @Test(arguments: ["warmup-lock", "warmup-lock-gcore"])
    func requestedDumpIsNoCrash(name: String) throws {
        #expect(try analyze(Fixture(name)) == nil)
    }
}

extension CrashAnalysisTests {
    /// The crash analysis on models built in code: the requested-dump rule, the kinds no fixture
    /// shows, and the parsers.
    @Suite struct BuiltInCode {
        private static let pid: Int32 = 100

        private func frame(_ function: String?, pc: UInt64 = 0x401000) -> Frame {
            Frame(pc: pc, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: pc - 0x400000, function: function)
        }

        private func image(
            _ signal: SignalInfo?, frames: [Frame] = [], stackPointer: UInt64 = 0x7fff_0000_8000,
            unwindStatus: UnwindStatus = .complete, segments: [MemorySegment] = [], producer: CoreProducer = .kernel,
            memory: [UInt64: [UInt8]] = [:], symbols: [String: UInt64] = [:]
        ) -> ProcessImage {
            let registers = RegisterSet(
                registers: [.init(name: "rip", value: frames.first?.pc ?? 0), .init(name: "rsp", value: stackPointer)],
                programCounterName: "rip", stackPointerName: "rsp")
            let thread = Thread(
                tid: Self.pid, isMainThread: true, currentSignal: signal?.number ?? 0, pendingSignals: 0, blockedSignals: 0,
                recordedCPUTime: .zero, registers: registers, hasFloatingPointRegisters: false, frames: frames,
                unwindStatus: unwindStatus)
            let module = Module(
                name: "/srv/app", startAddress: 0x400000, endAddress: 0x500000, buildID: nil, filePath: nil,
                debugFilePath: nil, symbolStatus: .debugInfo)
            let process = Process(
                pid: Self.pid, architecture: .x86_64, producer: producer, status: nil, signal: signal,
                signalledThreadTID: signal == nil ? nil : Self.pid, threads: [thread], modules: [module], mappedFiles: [],
                auxiliaryVector: [], diagnostics: [], memorySegments: segments)
            return ProcessImage(process: process, memory: BytesMemory(memory), symbols: NamedSymbols(symbols))
        }

        private func fault(_ number: Int32, code: Int32, address: UInt64?) -> SignalInfo {
            SignalInfo(number: number, code: code, errorNumber: 0, faultAddress: address, senderPID: nil, senderUID: nil)
        }

        private func sent(_ number: Int32, code: Int32 = 0, by sender: Int32) -> SignalInfo {
            SignalInfo(number: number, code: code, errorNumber: 0, faultAddress: nil, senderPID: sender, senderUID: 0)
        }

        @Test func signalsFromOtherProcessesAndSIGQUITAreRequestedDumps() {
            #expect(CrashAnalysis.analyze(image(nil)) == nil)
            #expect(CrashAnalysis.analyze(image(sent(6, by: 4242))) == nil, "kill -ABRT")
            #expect(CrashAnalysis.analyze(image(sent(11, by: 0))) == nil, "kill from outside the PID namespace")
            #expect(CrashAnalysis.analyze(image(fault(3, code: 0x80, address: nil))) == nil, "Ctrl-\\ on the terminal")
            #expect(CrashAnalysis.analyze(image(sent(3, code: -6, by: Self.pid))) == nil, "raise(SIGQUIT)")
            #expect(CrashAnalysis.analyze(image(fault(11, code: 1, address: 0), producer: .tool)) == nil, "gcore")
            #expect(CrashAnalysis.analyze(image(sent(6, code: -6, by: Self.pid)))?.kind == .abort(message: nil), "abort()")
        }

        @Test func generalProtectionFaultIsNoNullDereference() throws {
            let report = try #require(CrashAnalysis.analyze(image(fault(11, code: 0x80, address: 0), frames: [frame("parse")])))
            #expect(report.kind == .other)
            #expect(report.signalCodeDescription?.name == "SI_KERNEL")
            #expect(report.summary.hasPrefix("SIGSEGV (SI_KERNEL: sent by the kernel) at 0x0 in parse: general protection fault"))
        }

        @Test func faultInTheGuardPageBelowTheStackIsAStackOverflow() throws {
            let stack = MemorySegment(
                startAddress: 0x7fff_0000_0000, endAddress: 0x7fff_0010_0000, dumpedSize: 0x10_0000,
                isReadable: true, isWritable: true, isExecutable: false)
            let guardPage = MemorySegment(
                startAddress: 0x7ffe_fff0_0000, endAddress: 0x7fff_0000_0000, dumpedSize: 0,
                isReadable: false, isWritable: false, isExecutable: false)
            // A frame with a 1 MiB local array: the stack pointer is far above the fault.
            let report = try #require(CrashAnalysis.analyze(image(
                fault(11, code: 2, address: 0x7ffe_fff8_0000), frames: [frame("render")],
                stackPointer: 0x7fff_0008_0000, segments: [guardPage, stack])))
            #expect(report.kind == .stackOverflow(recursion: nil))
            #expect(report.summary.hasSuffix(": stack overflow"))

            let elsewhere = try #require(CrashAnalysis.analyze(image(
                fault(11, code: 1, address: 0xdead_0000), frames: [frame("render")],
                stackPointer: 0x7fff_0008_0000, segments: [guardPage, stack])))
            #expect(elsewhere.kind == .other)
        }

        @Test func mutualRecursionIsOneCycleCountedExactly() throws {
            let cycle = (0..<300).flatMap { _ in [frame("parse_term", pc: 0x401100), frame("parse_expression", pc: 0x401200)] }
            let frames = [frame("memset", pc: 0x401010)] + cycle + [frame("main", pc: 0x401300)]
            let report = try #require(CrashAnalysis.analyze(image(
                fault(11, code: 1, address: 0x7fff_0000_7ff8), frames: frames)))
            let expected = StackRecursion(
                cycle: ["parse_term", "parse_expression"], repetitions: 300, firstFrameIndex: 1, isLowerBound: false, frameLimit: nil)
            #expect(report.kind == .stackOverflow(recursion: expected))
            #expect(report.summary.hasSuffix(": stack overflow: parse_term -> parse_expression recursed 300 times"))
        }

        @Test func deepRecursionWithoutAFaultAddressIsTakenForAStackOverflow() throws {
            let frames = Array(repeating: frame("descend"), count: 1024)
            let noSigInfo = fault(11, code: 0, address: nil)
            let report = try #require(CrashAnalysis.analyze(image(noSigInfo, frames: frames, unwindStatus: .truncated(limit: 1024))))
            #expect(report.kind == .stackOverflow(recursion: StackRecursion(
                cycle: ["descend"], repetitions: 1024, firstFrameIndex: 0, isLowerBound: true, frameLimit: 1024)))
            let shallow = try #require(CrashAnalysis.analyze(image(noSigInfo, frames: Array(frames.prefix(10)))))
            #expect(shallow.kind == .other)
        }

        @Test func abortMessageIsReadThroughTheAbortMessagePointer() throws {
            let text = "double free or corruption (out)\n"
            let block = UInt64(0x7f00_0000_0000)
            let memory: [UInt64: [UInt8]] = [
                0x4d5eb0: littleEndian(block, size: 8),
                block: littleEndian(4096, size: 4) + Array(text.utf8) + [0],
            ]
            let report = try #require(CrashAnalysis.analyze(image(
                sent(6, code: -6, by: Self.pid), frames: [frame("raise"), frame("abort"), frame("_int_free"), frame("release")],
                memory: memory, symbols: ["__abort_msg": 0x4d5eb0])))
            #expect(report.kind == .abort(message: AbortMessage(text: "double free or corruption (out)")))
            #expect(report.applicationFrame?.function == "release")
            #expect(report.summary.hasSuffix("in release: abort: double free or corruption (out)"))
        }

        @Test func terminateWithoutAThrowNamesTheCaller() throws {
            let frames = [frame("abort"), frame("std::terminate()"), frame("std::thread::~thread()"), frame("start_workers()")]
            let report = try #require(CrashAnalysis.analyze(image(sent(6, code: -6, by: Self.pid), frames: frames)))
            guard case .uncaughtException(let exception) = report.kind else {
                Issue.record("expected an uncaught exception, got \(report.kind)")
                return
            }
            #expect(exception.runtimeFunction == "std::terminate()")
            #expect(!exception.wasThrown)
            #expect(exception.throwingFunction == "start_workers()")
        }

        @Test func assertionMessagesOfEveryShapeAreParsed() {
            #expect(AssertionFailure(parsing: "app: src/io.c:42: read_all: Assertion `n >= 0' failed.\n")
                == AssertionFailure(program: "app", file: "src/io.c", line: 42, function: "read_all", expression: "n >= 0"))
            #expect(AssertionFailure(parsing: "io.c:7: Assertion `ok' failed.")
                == AssertionFailure(program: nil, file: "io.c", line: 7, function: nil, expression: "ok"))
            #expect(AssertionFailure(parsing: "srv: a.cpp:9: void Pool::put(T*) [with T = int]: Assertion `p != nullptr' failed.")
                == AssertionFailure(program: "srv", file: "a.cpp", line: 9, function: "void Pool::put(T*) [with T = int]", expression: "p != nullptr"))
            #expect(AssertionFailure(parsing: "app: io.c:42: read_all: Unexpected error: Bad file descriptor.") == nil)
            #expect(AssertionFailure(parsing: "free(): invalid pointer") == nil)
        }

        @Test func signalCodesAreNamedPerSignal() {
            #expect(SignalCodeDescription.describe(code: 1, signal: 4)?.name == "ILL_ILLOPC")
            #expect(SignalCodeDescription.describe(code: 1, signal: 8)?.description == "FPE_INTDIV: integer divide by zero")
            #expect(SignalCodeDescription.describe(code: 2, signal: 7)?.name == "BUS_ADRERR")
            #expect(SignalCodeDescription.describe(code: 1, signal: 5)?.name == "TRAP_BRKPT")
            #expect(SignalCodeDescription.describe(code: 0x80, signal: 11)?.name == "SI_KERNEL")
            #expect(SignalCodeDescription.describe(code: -6, signal: 6)?.name == "SI_TKILL")
            #expect(SignalCodeDescription.describe(code: 0, signal: 3)?.name == "SI_USER")
            #expect(SignalCodeDescription.describe(code: 42, signal: 11) == nil)
            #expect(SignalCodeDescription.describe(code: 1, signal: 3) == nil)
        }

        private func littleEndian(_ value: UInt64, size: Int) -> [UInt8] {
            (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        }
    }
}

/// Process memory made of a few byte runs.
private final class BytesMemory: ProcessMemory {
    private let runs: [UInt64: [UInt8]]

    init(_ runs: [UInt64: [UInt8]]) { self.runs = runs }

    func read(at address: UInt64, count: Int) -> [UInt8]? {
        for (start, bytes) in runs where start <= address && address - start + UInt64(count) <= UInt64(bytes.count) {
            let offset = Int(address - start)
            return Array(bytes[offset..<offset + count])
        }
        return nil
    }

    func readWord(at address: UInt64, size: Int) -> UInt64? {
        read(at: address, count: size)?.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// A symbol table that knows names only.
private final class NamedSymbols: SymbolLookup {
    private let addresses: [String: UInt64]

    init(_ addresses: [String: UInt64]) { self.addresses = addresses }

    func symbol(containing address: UInt64) -> SymbolReference? { nil }
    func address(ofSymbol name: String) -> UInt64? { addresses[name] }
}
