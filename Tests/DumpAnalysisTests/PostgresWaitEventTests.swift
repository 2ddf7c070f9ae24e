import Testing
import DumpAnalysis
import DumpModel

/// PostgreSQL's own wait event (`my_wait_event_info`), read from processes built in code: its
/// decoding per release, its hostile values, and how it classifies a backend's main thread.
@Suite struct PostgresWaitEventTests {
    typealias P = SyntheticProcess
    static let epollWait = SystemCall(number: 232, name: "epoll_wait", arguments: [5, 0x7ffd_0000, 1, 0xffff_ffff_ffff_ffff, 0, 0])
    static let lockWaitStack = [
        "epoll_wait", "WaitEventSetWait", "WaitLatch", "ProcSleep", "", "LockAcquireExtended", "XactLockTableWait",
        "heap_update", "PostgresMain", "", "PostmasterMain", "main",
    ]

    /// Memory of 8-byte and 4-byte words, as a backend's pointer and wait word are.
    final class Memory: ProcessMemory {
        var words: [UInt64: (size: Int, value: UInt64)] = [:]
        func readWord(at address: UInt64, size: Int) -> UInt64? {
            guard let word = words[address], word.size == size else { return nil }
            return word.value
        }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    static let pointerAddress: UInt64 = 0x5600_0087_5ec8
    static let wordAddress: UInt64 = 0x7f00_0012_3454

    /// A PostgreSQL 15 backend (TID 1, the main thread) whose wait word holds `word`, with
    /// the exports that tell its release, and a second thread `threads` adds.
    static func backend(
        word: UInt32?, pointer: UInt64 = wordAddress, exports: [String] = ["my_wait_event_info", "pg_stat_have_stats"],
        threads: [DumpModel.Thread] = [P.thread(1, lockWaitStack, call: epollWait)]
    ) -> ProcessImage {
        let memory = Memory()
        memory.words[pointerAddress] = (8, pointer)
        if let word { memory.words[wordAddress] = (4, UInt64(word)) }
        let symbols = P.Symbols()
        symbols.symbols = exports.enumerated().map {
            SymbolReference(name: $0.element, address: $0.element == "my_wait_event_info" ? pointerAddress : 0x1000 + UInt64($0.offset) * 16, size: 8, offset: 0)
        }
        return P.image(threads, symbols: symbols).with(memory: memory)
    }

    @Test func wordsDecodeAsPgStatActivityNamesThem() throws {
        // The values read from Debian's 15.18 backends, and what pg_stat_activity said of them.
        let cases: [(UInt32, String)] = [
            (0x0300_0005, "Lock/transactionid"), (0x0300_0004, "Lock/tuple"), (0x0300_000A, "Lock/advisory"),
            (0x0600_0000, "Client/ClientRead"), (0x0500_0004, "Activity/CheckpointerMain"), (0x0500_000B, "Activity/WalWriterMain"),
            (0x0100_0008, "LWLock/WALWrite"), (0x0100_0000, "LWLock/<unassigned:0>"), (0x0100_004A, "LWLock/PgStatsData"),
            (0x0100_004B, "LWLock/extension"), (0x0400_0000, "BufferPin/BufferPin"), (0x0700_0000, "Extension/Extension"),
            (0x0800_002F, "IPC/SyncRep"), (0x0900_0002, "Timeout/PgSleep"), (0x0A00_0049, "IO/VersionFileSync"),
            (0x0A00_004A, "IO/event 74"), (0x0300_000C, "Lock/event 12"), (0x0200_0001, "class 0x2/event 1"),
            (0xFF00_FFFF, "class 0xff/event 65535"),
        ]
        for (word, expected) in cases {
            let event = try #require(PostgresWaitEvent.read(from: Self.backend(word: word)))
            #expect(event.description == expected, "0x\(String(word, radix: 16))")
            #expect(event.rawValue == word)
        }
    }

    @Test func otherReleasesNameOnlyWhatTheyShare() throws {
        // PostgreSQL 16 inserted LogicalParallelApplyMain before RecoveryWalStream: its
        // Activity numbers differ from 15's, so a 16 backend gets numbers, not 15's names.
        let release16 = ["my_wait_event_info", "pg_stat_have_stats", "pg_stat_get_io"]
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0500_0007, exports: release16))?.description == "Activity/event 7")
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0300_000B, exports: release16))?.description == "Lock/applytransaction")
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0100_0008, exports: ["my_wait_event_info"]))?.description == "LWLock/event 8")
    }

    @Test func absentOrUnreadableWordsAreNoEvent() {
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0)) == nil)
        #expect(PostgresWaitEvent.read(from: Self.backend(word: nil)) == nil)
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0300_0005, pointer: 0)) == nil)
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0300_0005, pointer: 0xffff_ffff_ffff_fffe)) == nil)
        #expect(PostgresWaitEvent.read(from: Self.backend(word: 0x0300_0005, exports: ["pg_stat_have_stats"])) == nil)
        // Not a PostgreSQL process: its main thread does not run under PostmasterMain.
        let other = Self.backend(word: 0x0300_0005, threads: [P.thread(1, ["epoll_wait", "WaitLatch", "main"], call: Self.epollWait)])
        #expect(PostgresWaitEvent.read(from: other) == nil)
    }

    @Test func aLockWaitSaysWhatItWaitsForAndWhereTheHolderIs() throws {
        let analysis = ProcessAnalysis.analyze(Self.backend(word: 0x0300_0005))
        guard case .runtime(let wait)? = analysis.states[1]?.activity else {
            Issue.record("not a runtime wait: \(String(describing: analysis.states[1]))")
            return
        }
        #expect(wait.kind == .lock)
        #expect(wait.function == "ProcSleep")
        #expect(wait.underlying == .waitingForEvents)
        #expect(analysis.states[1]?.description
            == "waiting for a heavyweight lock (PostgreSQL wait event Lock/transactionid) in ProcSleep; the holder is found in pg_locks and pg_blocking_pids(1)")
        let finding = try #require(analysis.findings.first { $0.kind == .runtimeLockWait })
        #expect(finding.severity == .information)
        #expect(finding.tids == [1])
        #expect(finding.title == "Thread 1 waits for a heavyweight lock (PostgreSQL wait event Lock/transactionid)")
    }

    @Test func eachClassClassifiesTheMainThread() {
        let clientRead = ["epoll_wait", "WaitEventSetWait", "secure_read", "pq_recvbuf", "PostgresMain", "PostmasterMain", "main"]
        let lwLock = ["__new_sem_wait_slow64.constprop.0", "PGSemaphoreLock", "LWLockAcquire", "XLogFlush", "PostgresMain", "PostmasterMain", "main"]
        let sleep = ["epoll_wait", "WaitEventSetWait", "WaitLatch", "pg_sleep", "ExecInterpExpr", "PostgresMain", "PostmasterMain", "main"]
        let cases: [(UInt32, [String], SystemCall?, String)] = [
            (0x0600_0000, clientRead, Self.epollWait, "idle: its client (PostgreSQL wait event Client/ClientRead) in secure_read"),
            (0x0500_0004, ["epoll_wait", "WaitEventSetWait", "WaitLatch", "CheckpointerMain", "", "PostmasterMain", "main"], Self.epollWait,
             "idle: work to do (PostgreSQL wait event Activity/CheckpointerMain) in CheckpointerMain"),
            (0x0100_0008, lwLock, SystemCall(number: 202, name: "futex", arguments: [0xc100, 137, 0, 0, 0, 0]),
             "waiting for an LWLock (PostgreSQL wait event LWLock/WALWrite) in LWLockAcquire; the holder is found in pg_stat_activity (PostgreSQL records no LWLock holder)"),
            (0x0900_0002, sleep, Self.epollWait, "sleeping: a timeout (PostgreSQL wait event Timeout/PgSleep) in pg_sleep"),
            (0x0800_002F, sleep, Self.epollWait, "waiting on another process (PostgreSQL wait event IPC/SyncRep) in pg_sleep"),
        ]
        for (word, stack, call, expected) in cases {
            let image = Self.backend(word: word, threads: [P.thread(1, stack, call: call)])
            let state = ProcessAnalysis.analyze(image).states[1]
            #expect(state?.description == expected)
            // The event as a token pair, as pg_stat_activity's two columns.
            guard case .runtime(let wait)? = state?.activity else { Issue.record("no runtime wait for 0x\(String(word, radix: 16))"); continue }
            #expect(wait.recordedEvent.map { "(PostgreSQL wait event \($0.type)/\($0.event))" }.map(expected.contains) == true)
        }
    }

    @Test func withoutTheEventTheStackDecides() {
        // The word is 0 (no wait reported), I/O events add nothing, and other threads of the
        // process are not the backend's: the stack's row stays.
        let stackOnly = "waiting for a heavyweight lock (PostgreSQL) in ProcSleep; the holder is found in pg_locks and pg_blocking_pids(pid)"
        #expect(ProcessAnalysis.analyze(Self.backend(word: 0)).states[1]?.description == stackOnly)
        if case .runtime(let wait)? = ProcessAnalysis.analyze(Self.backend(word: 0)).states[1]?.activity {
            #expect(wait.recordedEvent == nil)
        } else {
            Issue.record("the stack's row no longer decides")
        }
        #expect(ProcessAnalysis.analyze(Self.backend(word: 0x0A00_0011)).states[1]?.description == stackOnly)
        let helper = ProcessAnalysis.analyze(Self.backend(word: 0x0600_0000, threads: [
            P.thread(1, Self.lockWaitStack, call: Self.epollWait), P.thread(2, Self.lockWaitStack, call: Self.epollWait),
        ]))
        #expect(helper.states[2]?.description == stackOnly)
        #expect(helper.states[1]?.description == "idle: its client (PostgreSQL wait event Client/ClientRead) in ProcSleep")
        // A running backend stays running whatever its word says.
        let running = ProcessAnalysis.analyze(Self.backend(word: 0x0300_0005, threads: [P.thread(1, ["ExecScan", "PostgresMain", "PostmasterMain", "main"])]))
        #expect(running.states[1]?.activity == .running)
    }
}

private extension ProcessImage {
    func with(memory: any ProcessMemory) -> ProcessImage {
        ProcessImage(process: process, memory: memory, symbols: symbols)
    }
}
