extension Finding.Kind {
    /// What a finding is about: where threads are, or where CPU time went.
    public enum Subject: Equatable, Sendable {
        /// Threads that wait, are stuck or died: a hang or a crash.
        case threads
        /// A thread that burns CPU time.
        case cpuTime
    }

    /// What a finding of this kind is about, nil for one that says neither (missing symbols,
    /// a managed runtime, the heap). A report shows a hang or a crash by where the threads
    /// are (the flame graph's thread count), a runaway thread by its CPU time.
    ///
    /// Exhaustive on purpose: a new kind does not build until it is placed here.
    public var subject: Subject? {
        switch self {
        case .runawayCPU, .cpuBetweenCores:
            .cpuTime
        case .crash, .nullDereference, .stackOverflow, .abort, .uncaughtException, .deadlock, .abandonedLock,
             .lockHeldWhileRunning, .lockHeldWhileWaiting, .lockOwnerUnknown, .runtimeLockWait, .goroutineMutexWait,
             .readersSerialized, .writersWaitForReaders, .saturatedPool, .queueDepth, .lockHeldAcrossCores,
             .stuckThreads, .stuckGoroutines:
            .threads
        case .heapDominates, .managedRuntime, .missingSymbols, .noCPUTimes, .memoryGrowth, .threadChurn, .differentProcesses:
            nil
        }
    }
}
