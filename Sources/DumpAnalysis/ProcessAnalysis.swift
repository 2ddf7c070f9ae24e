import DumpModel

/// Everything the analyses conclude about one core: the thread states, CPU ranking, locks and
/// wait graph, pools, hot methods, and the findings at the top of every report.
public struct ProcessAnalysis: Sendable {
    /// Which frames are the application's own.
    public var frames: ApplicationFrames
    /// Each thread's state, by TID.
    public var states: [Int32: ThreadState]
    /// Each thread's state in words, by TID, naming the lock a waiter is queued on as every
    /// report names it (``Lock/name``): what the reports print for a state.
    public var stateDescriptions: [Int32: String] = [:]
    /// CPU time per thread.
    public var cpu: CPUUsage
    /// The locks threads wait on, their owners and the wait-for graph.
    public var locks: LockAnalysis
    /// Threads grouped by the function they were started with.
    public var pools: [ThreadPool]
    /// Functions ranked over all threads.
    public var hotMethods: HotMethods
    /// All stacks merged from the outermost frame in.
    public var callTree: CallTree
    /// The threads grouped by identical stack, largest group first, each recursion folded
    /// (``StackGroup/groups(of:)``).
    public var stackGroups: [StackGroup]
    /// Mapped, file-backed and anonymous memory, stacks, heap and malloc arenas.
    public var memory: MemorySummary
    /// How the process crashed, nil for a dump that was requested (a hang, `kill -QUIT`, gcore).
    public var crash: CrashReport?
    /// Managed runtimes loaded in the process.
    public var runtimes: [ManagedRuntime]
    /// The application counters read with `--queue`.
    public var counters: [QueueCounter]
    /// The conclusions, errors first.
    public var findings: [Finding]
    /// A Go process's goroutines by state and stack, and the mutexes they queue on.
    public var goroutines: GoroutineAnalysis
    /// What groups this core with others showing the same problem: the crash signature, or
    /// the hang signature of the top finding; nil for a healthy core.
    public var signature: ProblemSignature?

    /// The state of `tid` in words (``stateDescriptions``), else its state's own description;
    /// nil for a thread the analysis has no state for.
    public func stateDescription(of tid: Int32) -> String? {
        stateDescriptions[tid] ?? states[tid]?.description
    }

    /// How many threads are in each state category, in ``ThreadState/Category`` order.
    public var stateCounts: [(category: ThreadState.Category, count: Int)] {
        var counts: [ThreadState.Category: Int] = [:]
        for state in states.values { counts[state.category, default: 0] += 1 }
        return ThreadState.Category.allCases.compactMap { category in counts[category].map { (category, $0) } }
    }
}

extension ProcessAnalysis {
    /// Runs every analysis over `image`.
    ///
    /// - Parameter counters: application counters read from the core (`--queue`).
    public static func analyze(_ image: ProcessImage, counters: [QueueCounter] = []) -> ProcessAnalysis {
        let process = image.process
        let frames = ApplicationFrames(process: process)
        let classified = ThreadStateClassifier(image: image).classifyAll()
        let cpu = CPUUsage.measure(process)
        let locks = LockAnalysis.analyze(image, states: classified)
        let stackGroups = StackGroup.groups(of: process)
        let crash = CrashAnalysis.analyze(image, stackGroups: stackGroups)
        let states = ThreadStateDescription.markingCrash(crash, in: withRecordedHolders(classified, locks: locks))
        let pools = ThreadPool.pools(of: process, states: states, locks: locks)

        let runtimes = ManagedRuntime.detect(in: process)
        let lockFindings = LockFindings(process: process, states: states, locks: locks, cpu: cpu, frames: frames).findings()
        let activityFindings = ActivityFindings(
            process: process, cpu: cpu, pools: pools, locks: locks, counters: counters, frames: frames,
            reportedTIDs: Set(lockFindings.compactMap(\.tids.first))
        ).findings()

        let crashFindings = CrashFindings(process: process, crash: crash, runtimes: runtimes).findings()
        let memory = MemorySummary.summarize(image)
        let goroutines = GoroutineAnalysis.analyze(image)
        let findings = (crashFindings + lockFindings + activityFindings + MemoryFindings(memory: memory).findings()
            + GoroutineFindings(process: process, goroutines: goroutines).findings()).orderedBySeverityAndImpact()
        let evidence = HangSignatureRules.Evidence(process: process, frames: frames, locks: locks, pools: pools, goroutines: goroutines)
        return ProcessAnalysis(
            frames: frames, states: states, stateDescriptions: ThreadStateDescription.describe(states, locks: locks), cpu: cpu, locks: locks, pools: pools,
            hotMethods: HotMethods.rank(process, usage: cpu), callTree: CallTree.build(process, usage: cpu, frames: frames, stackGroups: stackGroups),
            stackGroups: stackGroups,
            memory: memory, crash: crash, runtimes: runtimes, counters: counters, findings: findings, goroutines: goroutines,
            signature: ProblemSignature.of(crash: crash, findings: findings, evidence: evidence))
    }

    /// The states of threads waiting for a runtime's lock whose holder the runtime recorded
    /// (``DumpModel/RuntimeLock``): the lock names its owner, so the hint of where to find the
    /// holder goes from their wait. A wait whose stack says no more than a condition
    /// (`LockSupport.park`) is a wait for the lock the runtime records (`a ReentrantLock`).
    private static func withRecordedHolders(_ states: [Int32: ThreadState], locks: LockAnalysis) -> [Int32: ThreadState] {
        var states = states
        for (tid, index) in locks.waitingOn {
            guard case .runtime(let kind) = locks.locks[index].kind,
                  var state = states[tid], case .runtime(var wait) = state.activity
            else { continue }
            if wait.kind == .condition {
                wait.kind = .lock
                wait.object = "a \(kind)"
            }
            if locks.locks[index].ownerTID != nil { wait.holder = nil }
            state.activity = .runtime(wait)
            states[tid] = state
        }
        return states
    }
}
