import DumpModel
import RuntimeStacks

/// Reads a core file into the model: notes, modules, every thread's unwound and symbolized
/// stack. This is the reading layer's entry point; nothing it returns refers to elfutils.
public enum CoreReader {
    /// Reads the core at `path`, which may be compressed with zstd, lz4 or xz (``CompressionFormat``).
    ///
    /// Problems that leave part of the report usable (a missing module, a stack that could not
    /// be unwound in full, a truncated core) do not throw: they are listed in
    /// ``DumpModel/Process/diagnostics``.
    ///
    /// - Parameters:
    ///   - path: the core file.
    ///   - options: where to find binaries and symbols, and the frame limit.
    ///   - progress: called as the read advances, for a progress display.
    /// - Throws: ``CoreDumpError`` when nothing can be analysed: the file is missing, empty,
    ///   not an ELF core, for an unsupported machine, or has no readable thread.
    public static func read(
        path: String, options: CoreReadOptions = CoreReadOptions(),
        progress: ((CoreReadProgress) -> Void)? = nil
    ) throws -> LoadedCore {
        let core = try CoreFile(path: path)
        guard let layout = RegisterLayout(architecture: core.architecture) else {
            throw CoreDumpError.unsupportedArchitecture(path: path, machine: core.architecture.description)
        }
        let notes = CoreNotes(core: core, layout: layout)
        guard let firstThread = notes.threads.first else {
            let reason = notes.diagnostics.first?.message ?? "the core has no NT_PRSTATUS note"
            throw CoreDumpError.noThreads(path: path, reason: reason)
        }
        let memory = CoreMemory(core: core)
        let pid = notes.processID ?? firstThread.status.tid
        var diagnostics = core.headerDiagnostics + notes.diagnostics
        if memory.missingBytes > 0 {
            let start = memory.firstTruncatedAddress.map { " from 0x" + String($0, radix: 16) } ?? ""
            diagnostics.append(.warning(
                "the core is truncated: \(memory.missingBytes) bytes of process memory\(start) are missing from the file; stacks stored there cannot be unwound",
                cause: .truncatedCore))
        }

        progress?(.loadingModules)
        let entry = notes.auxiliaryVector.first { $0.type == 9 /* AT_ENTRY */ }?.value
        let locator = ModuleLocator(executablePath: options.executablePath, entryAddress: entry, sysroot: options.sysroot)
        let session = try DwflSession(locator: locator, debugDirectory: options.debugDirectory)
        do {
            diagnostics += try session.reportModules(core: core)
        } catch {
            diagnostics.append(.warning("\(error): frames show as bare addresses"))
        }
        let catalog = ModuleCatalog(session: session, mappedFiles: notes.mappedFiles)
        diagnostics += catalog.diagnostics

        let provider = ThreadStateProvider(
            threads: notes.threads.map {
                ThreadStateProvider.ThreadState(
                    tid: $0.status.tid, dwarfRegisters: layout.dwarfValues(from: $0.status.registers),
                    programCounter: $0.status.registers[layout.programCounterIndex])
            },
            memory: memory, wordSize: core.wordSize)
        try provider.attach(to: session, core: core, pid: pid)
        let unwound = StackUnwinder.unwindAll(
            session: session, provider: provider,
            maxFrames: max(1, options.maxFramesPerThread), frameBudget: options.frameBudget,
            architecture: core.architecture, progress: progress.map { report in { report(.unwinding(done: $0, total: $1)) } })
        let stacks = unwound.stacks

        let symbolizer = Symbolizer(session: session, moduleIndex: catalog.index)
        let code = ModuleCode(session: session)
        // qemu-user writes no NT_FILE, and leaves a thread's PC just past its `svc`.
        let systemCalls = SystemCallDecoder(
            architecture: core.architecture, pcMayFollowSupervisorCall: notes.mappedFiles.isEmpty
        ) { address in
            memory.readWord(at: address, size: 4) ?? code.word32(at: address)
        }
        // Only `analyze-dump capture` and `analyze-dump handle` record thread names; a TID a
        // note names twice keeps the first name, and the capture's name wins over the handler's.
        let recordedNames = (notes.capture?.threads.map { ($0.tid, $0.name) } ?? [])
            + (notes.handler?.threads.map { ($0.tid, $0.name) } ?? [])
        let names = Dictionary(recordedNames.filter { !$0.1.isEmpty }, uniquingKeysWith: { first, _ in first })
        // Inlined calls multiply the frames shown: they have a budget of their own.
        var shownFrames = FrameBudget(
            total: Self.shownFrameBudget(machineFrames: options.frameBudget),
            threadCount: notes.threads.count)
        var cutByBudget = unwound.cutByBudget
        let threads = notes.threads.map { record -> Thread in
            var stack = stacks[record.status.tid] ?? UnwoundStack(frames: [], status: .failed(reason: "libdwfl did not list the thread"))
            var frames = symbolizer.frames(for: stack.frames)
            var omittedFrames = stack.omitted.flatMap { Self.omittedFrames($0, in: frames) }
            let limit = shownFrames.nextThreadLimit()
            if frames.count > limit {
                if let gap = omittedFrames, gap.index >= limit { omittedFrames = nil }
                frames.removeSubrange(limit...)
                stack.status = .truncated(limit: frames.lazy.filter { !$0.isInlined }.count)
                cutByBudget.insert(record.status.tid)
            }
            shownFrames.spend(frames.count)
            let signalFrame = stack.signalFrame.flatMap { SignalFrameModel.attach($0, to: &frames) }
            let registers = layout.registerSet(values: record.status.registers)
            return Thread(
                tid: record.status.tid, isMainThread: record.status.tid == pid,
                currentSignal: record.status.currentSignal, pendingSignals: record.status.pendingSignals,
                blockedSignals: record.status.blockedSignals, recordedCPUTime: record.status.cpuTime,
                registers: registers, hasFloatingPointRegisters: record.hasFloatingPointRegisters,
                frames: frames, unwindStatus: stack.status,
                systemCall: systemCalls.systemCall(registers: registers), name: names[record.status.tid],
                signalFrame: signalFrame, omittedFrames: omittedFrames)
        }
        diagnostics += UnwindWarnings.warnings(for: threads.filter { !cutByBudget.contains($0.tid) })
        if !cutByBudget.isEmpty {
            // In note order: the notes hold each TID once (CoreNotes drops the repeats).
            let cut = threads.lazy.map(\.tid).filter(cutByBudget.contains)
            diagnostics.append(.warning(budgetWarning(cut: Array(cut), budget: options.frameBudget), cause: .incompleteStack))
        }

        // Only a thread's pr_cursig says a signal caused the core: gcore writes an NT_SIGINFO
        // per thread with the SIGSTOP of its own ptrace stop. analyze-dump capture writes one
        // NT_SIGINFO only when a signal triggered it, after the receiving thread's
        // NT_PRSTATUS as the kernel does, so there it names the signal even without pr_cursig.
        let producer: CoreProducer = notes.hasCaptureNote ? .analyzeDump : core.producer
        let signalled = notes.threads.first { $0.status.currentSignal != 0 }
            ?? (producer == .analyzeDump ? notes.threads.first { $0.signal != nil } : nil)
        let signal = signalled.map { thread in
            thread.signal ?? notes.threads.lazy.compactMap(\.signal).first { $0.number == thread.status.currentSignal }
                ?? SignalInfo(number: thread.status.currentSignal, code: 0, errorNumber: 0, faultAddress: nil, senderPID: nil, senderUID: nil)
        }
        if let refused = refusalNote(session.fileAccess) { diagnostics.append(refused) }
        var process = Process(
            pid: pid, architecture: core.architecture, producer: producer, status: notes.processStatus,
            signal: signal, signalledThreadTID: signalled?.status.tid, threads: threads,
            modules: catalog.modules, mappedFiles: notes.mappedFiles, auxiliaryVector: notes.auxiliaryVector,
            diagnostics: diagnostics, memorySegments: memorySegments(of: core), capture: notes.capture,
            handler: notes.handler)
        if !process.hasCPUAccounting {
            process.diagnostics.append(.note(process.producer == .tool
                ? "the core records no CPU time for any thread (cores written by gcore, procdump or createdump carry none): CPU use per thread is unknown"
                : "the core records zero CPU time for every thread: each used less than a clock tick (10 ms)"))
        }
        let symbols = CoreSymbols(session: session)
        let nativeFrameCounts = Dictionary(process.threads.map { ($0.tid, $0.frames.count) }, uniquingKeysWith: { first, _ in first })
        process = ManagedStacks.merged(
            ProcessImage(process: process, memory: memory, symbols: symbols),
            context: RuntimeReadContext(
                perfMaps: try perfMaps(notes: notes, pid: pid, options: options),
                typeLayouts: DWARFTypeLayouts(session: session), symbolizer: RuntimeFrameSymbolizer(symbolizer)))
        // A runtime's frames merged in move the frames after them: the omitted rounds of a
        // native recursion no longer have a place there.
        for index in process.threads.indices where process.threads[index].omittedFrames != nil
            && process.threads[index].frames.count != nativeFrameCounts[process.threads[index].tid] {
            process.threads[index].omittedFrames = nil
        }
        let codeReader = CoreCode(memory: memory, session: session, architecture: core.architecture, sourceDirectories: options.sourceDirectories)
        return LoadedCore(process: process, memory: memory, symbols: symbols, code: codeReader)
    }

    /// The omitted machine frames of a recursion as frames of the symbolized stack, where each
    /// machine frame became the calls inlined at its PC and then its own frame (the last of
    /// its group, the only one not inlined); nil when the machine frames before the gap are
    /// not all there.
    static func omittedFrames(_ omission: UnwoundOmission, in frames: [Frame]) -> OmittedFrames? {
        // The index after the symbolized frames of the first `machineCount` machine frames.
        func end(ofMachineFrames machineCount: Int) -> Int? {
            if machineCount == 0 { return 0 }
            var seen = 0
            for (index, frame) in frames.enumerated() where !frame.isInlined {
                seen += 1
                if seen == machineCount { return index + 1 }
            }
            return nil
        }
        guard omission.period > 0, omission.index >= omission.period,
              let gapIndex = end(ofMachineFrames: omission.index),
              let roundStart = end(ofMachineFrames: omission.index - omission.period)
        else { return nil }
        let roundLength = gapIndex - roundStart
        let (count, overflow) = (omission.count / omission.period).multipliedReportingOverflow(by: roundLength)
        guard roundLength > 0, !overflow else { return nil }
        return OmittedFrames(index: gapIndex, count: count, cycleLength: roundLength)
    }

    /// The perf maps that may name JIT frames, best first: the core's own copies (capture's
    /// note, then the handler's), `--perf-map`, and this host's `/tmp/perf-PID.map` only when
    /// none of those is there.
    /// - Throws: ``CoreDumpError/cannotReadPerfMap(path:reason:)`` when `--perf-map` cannot be read.
    private static func perfMaps(notes: CoreNotes, pid: Int32, options: CoreReadOptions) throws -> [PerfMapSource] {
        var maps: [PerfMapSource] = []
        for copy in [notes.capture?.perfMap, notes.handler?.perfMap] {
            if let copy, !copy.isEmpty { maps.append(PerfMapSource(origin: .core, bytes: copy)) }
        }
        if let path = options.perfMapPath {
            switch PerfMapFile.read(path) {
            case .success(let bytes):
                maps.append(PerfMapSource(origin: .userFile(path: path), bytes: bytes))
            case .failure(.refused(let refusal)):
                throw CoreDumpError.cannotReadPerfMap(path: path, reason: "it is \(refusal), not a regular file")
            case .failure(.system(let code)):
                throw CoreDumpError.cannotReadPerfMap(path: path, reason: errnoText(code))
            }
        }
        let hostPath = "/tmp/perf-\(pid).map"
        if maps.isEmpty, options.readsHostPerfMap, case .success(let bytes) = PerfMapFile.read(hostPath), !bytes.isEmpty {
            maps.append(PerfMapSource(origin: .host(path: hostPath), bytes: bytes))
        }
        return maps
    }

    private static func memorySegments(of core: CoreFile) -> [MemorySegment] {
        core.programHeaders.filter { $0.type == ProgramHeader.loadType && $0.memorySize > 0 }.map {
            MemorySegment(
                startAddress: $0.virtualAddress, endAddress: $0.virtualAddress &+ $0.memorySize,
                dumpedSize: $0.fileSize, isReadable: $0.flags & 4 != 0, isWritable: $0.flags & 2 != 0,
                isExecutable: $0.flags & 1 != 0)
        }.sorted { $0.startAddress < $1.startAddress }
    }

    /// The budget of shown frames for a budget of machine frames, held at `Int.max` (or
    /// `Int.min`) instead of wrapping to the other sign.
    private static func shownFrameBudget(machineFrames: Int) -> Int {
        let (total, overflow) = machineFrames.multipliedReportingOverflow(by: CoreReadLimits.shownFramesPerMachineFrame)
        return overflow ? (machineFrames < 0 ? .min : .max) : total
    }

    /// The warning for the threads the frame budgets cut.
    static func budgetWarning(cut: [Int32], budget: Int) -> String {
        let threads = cut.count == 1 ? "thread \(cut[0]) shows" : "\(cut.count) threads (the first is thread \(cut[0])) show"
        return "the stacks hold more frames than the reader keeps (\(budget) machine frames over all threads, \(CoreReadLimits.shownFramesPerMachineFrame) times that with inlined calls): \(threads) only \(cut.count == 1 ? "its" : "their") innermost frames"
    }

    /// The note listing the files the core named that were not opened: no FIFO, device,
    /// socket, directory or /proc or /sys file is ever opened, nor one file too often
    /// (``RegularFile``).
    static func refusalNote(_ access: FileAccessLog) -> Diagnostic? {
        let refusals = access.refusals
        guard !refusals.isEmpty else { return nil }
        let shown = refusals.prefix(5).map { "\($0.path) (\($0.refusal))" }.joined(separator: ", ")
        let more = refusals.count > 5 ? " and \(refusals.count - 5) more" : ""
        return .note("files the core names were not opened: \(shown)\(more)")
    }
}
