/// Everything the reader learned from one core file: the root of the model that analyses and
/// renderers work on. It holds no elfutils types and can be built in code for tests.
public struct Process: Equatable, Hashable, Sendable {
    /// The process id (the thread-group leader's TID).
    public var pid: Int32
    /// The instruction set of the process.
    public var architecture: Architecture
    /// Who wrote the core.
    public var producer: CoreProducer
    /// The record `analyze-dump capture` adds to its cores: when the process was stopped,
    /// for how long, and the trigger. Nil for every other producer, and for a capture whose
    /// note could not be decoded (a warning in ``diagnostics`` says so). Its thread names are
    /// also on each ``Thread/name``.
    public var capture: CaptureNote?
    /// What `analyze-dump handle` recorded from `/proc/PID` while the process was dying (its
    /// command line, cgroup, unit, container, allowed environment); nil for a core stored
    /// another way or whose note could not be decoded (with a warning). Its thread names are
    /// also on each ``Thread/name``.
    public var handler: HandlerNote?
    /// Command, state and credentials from `NT_PRPSINFO`, nil when the core has none.
    public var status: ProcessStatus?
    /// The signal that caused the core, nil when neither `NT_SIGINFO` nor any thread's
    /// `pr_cursig` names one.
    public var signal: SignalInfo?
    /// The TID of the thread that received ``signal``, when it can be told.
    public var signalledThreadTID: Int32?
    /// Every thread, in the order of the core's notes (the kernel writes the one that took the
    /// signal first). TIDs are unique: a thread whose TID an earlier thread already has is
    /// dropped when the array is set, so ``thread(tid:)`` and this array always agree (the
    /// reader warns about a core that names a TID twice before it builds the model).
    public var threads: [Thread] {
        didSet {
            // A change inside a thread (its frames, its status) leaves every TID where it
            // was: the index still holds, and checking it costs no allocation. `oldValue`
            // is not read, since keeping it would copy the array on every such change.
            guard !isIndexed(threads) else { return }
            (threads, threadIndexByTID) = Self.uniqued(threads)
        }
    }
    /// The loaded ELF objects, ordered by start address.
    public var modules: [Module]
    /// The file-backed mappings from `NT_FILE`.
    public var mappedFiles: [MappedFile]
    /// The core's `PT_LOAD` segments, ordered by address.
    public var memorySegments: [MemorySegment]
    /// The auxiliary vector from `NT_AUXV`.
    public var auxiliaryVector: [AuxiliaryVectorEntry]
    /// Everything the reader could not do, and facts worth a note.
    public var diagnostics: [Diagnostic]
    /// The locks managed runtimes record holders and waiters of (the GIL, Java monitors), as
    /// their readers found them; empty for a process without one.
    public var runtimeLocks: [RuntimeLock] = []
    /// The goroutines of a Go process, in the runtime's `allgs` order without the dead ones;
    /// empty for any other process.
    public var goroutines: [Goroutine] = []
    /// Where each TID is in ``threads``, for ``thread(tid:)`` in constant time.
    private var threadIndexByTID: [Int32: Int]

    public init(
        pid: Int32, architecture: Architecture, producer: CoreProducer, status: ProcessStatus?,
        signal: SignalInfo?, signalledThreadTID: Int32?, threads: [Thread], modules: [Module],
        mappedFiles: [MappedFile], auxiliaryVector: [AuxiliaryVectorEntry],
        diagnostics: [Diagnostic], memorySegments: [MemorySegment] = [], capture: CaptureNote? = nil,
        handler: HandlerNote? = nil
    ) {
        self.pid = pid
        self.architecture = architecture
        self.producer = producer
        self.status = status
        self.signal = signal
        self.signalledThreadTID = signalledThreadTID
        (self.threads, self.threadIndexByTID) = Self.uniqued(threads)
        self.modules = modules
        self.mappedFiles = mappedFiles
        self.auxiliaryVector = auxiliaryVector
        self.diagnostics = diagnostics
        self.memorySegments = memorySegments
        self.capture = capture
        self.handler = handler
    }

    /// The thread-group leader, when the core has it.
    public var mainThread: Thread? { threads.first { $0.isMainThread } }

    /// The process's total CPU time: the kernel writes it into the main thread's
    /// `NT_PRSTATUS` instead of that thread's own time.
    public var totalCPUTime: CPUTime? { mainThread?.recordedCPUTime }

    /// Whether the core carries CPU times at all: false when every thread's time is zero, as
    /// in cores written by `gcore`, procdump for Linux or createdump. A core written by
    /// `analyze-dump capture` always carries them (it copies each thread's times from
    /// `/proc`): all zero there means the process used less than a clock tick.
    public var hasCPUAccounting: Bool {
        producer == .analyzeDump || threads.contains { !$0.recordedCPUTime.isZero }
    }

    /// The thread with the given TID.
    public func thread(tid: Int32) -> Thread? { threadIndexByTID[tid].map { threads[$0] } }

    /// Whether ``threadIndexByTID`` is exact for `threads`: each position's TID maps to that
    /// position, which also means the TIDs are unique.
    private func isIndexed(_ threads: [Thread]) -> Bool {
        threads.count == threadIndexByTID.count
            && threads.indices.allSatisfy { threadIndexByTID[threads[$0].tid] == $0 }
    }

    /// `threads` without the threads whose TID an earlier one has, and where each TID is, in
    /// one pass; the array is copied only when it has a repeated TID.
    private static func uniqued(_ threads: [Thread]) -> ([Thread], [Int32: Int]) {
        var index: [Int32: Int] = [:]
        index.reserveCapacity(threads.count)
        var unique: [Thread]?
        for (position, thread) in threads.enumerated() {
            if index[thread.tid] == nil {
                index[thread.tid] = unique?.count ?? position
                unique?.append(thread)
            } else if unique == nil {
                unique = Array(threads[..<position])
            }
        }
        return (unique ?? threads, index)
    }

    /// The module a frame belongs to, if any.
    public func module(of frame: Frame) -> Module? {
        frame.moduleIndex.map { modules[$0] }
    }

    /// Whether any thread has a name: the renderers add a name column only then.
    public var hasThreadNames: Bool { threads.contains { $0.name != nil } }

    /// Whether the report is complete: no warnings were raised.
    public var isComplete: Bool {
        !diagnostics.contains { $0.severity == .warning }
    }
}
