import Testing
import DumpAnalysis
import DumpModel

/// Hang signatures from processes built in code: what they depend on (the finding's kind and
/// its defining functions) and what they must not (PIDs, TIDs, addresses, queue depth, which
/// thread of a cycle has the lowest TID).
@Suite struct ProblemSignatureTests {
    typealias P = SyntheticProcess

    private func waitFrames(in function: String) -> [String] {
        ["__lll_lock_wait", "__pthread_mutex_lock", function, "request_worker", "start_thread"]
    }

    /// `image` with another PID and every PC moved by `slide`, as ASLR would.
    private func relocated(_ image: ProcessImage, pid: Int32, slide: UInt64) -> ProcessImage {
        var image = image
        image.process.pid = pid
        image.process.threads = image.process.threads.map { thread in
            var thread = thread
            thread.frames = thread.frames.map { frame in
                var moved = frame
                moved.pc &+= slide
                return moved
            }
            return thread
        }
        return image
    }

    /// A warm-up under a lock: `holder` runs `holderFunction` holding the mutex at `lock`;
    /// `waiters` queue on it from `lookup_model`.
    private func warmup(
        pid: Int32, holder: Int32, waiters: [Int32], lock: UInt64, slide: UInt64 = 0,
        holderFunction: String = "warm_up_model_cache"
    ) -> ProcessAnalysis {
        let memory = P.Memory()
        P.mutex(at: lock, owner: UInt32(holder), in: memory)
        let threads = [P.thread(1, ["main"], call: SystemCall(number: 61, name: "wait4", arguments: [0, 0, 0, 0, 0, 0])),
                       P.thread(holder, [holderFunction, "bulk_insert", "start_thread"], cpu: 2_500_000)]
            + waiters.map { P.thread($0, waitFrames(in: "lookup_model"), futex: (lock, P.futexWait)) }
        return ProcessAnalysis.analyze(relocated(P.image(threads, memory: memory), pid: pid, slide: slide))
    }

    @Test func theSameHangWithOtherTIDsPIDsAddressesAndQueueDepthHasTheSameSignature() throws {
        let first = try #require(warmup(pid: 100, holder: 101, waiters: Array(102...109), lock: 0x6000).signature)
        #expect(first.kind == .hang)
        #expect(first.finding == .lockHeldWhileRunning)
        #expect(first.frames == ["warm_up_model_cache", "lookup_model"])
        #expect(first.title == "lock held while running warm_up_model_cache; waiters in lookup_model")
        #expect(first.value.count == 16 && first.value.allSatisfy { "0123456789abcdef".contains($0) })
        let other = try #require(warmup(pid: 4711, holder: 4790, waiters: [4712, 4755], lock: 0x7f3a_2000_6000, slide: 0x5555_0000_0000).signature)
        #expect(other == first)
    }

    @Test func anotherHolderFunctionHasAnotherSignature() throws {
        let first = try #require(warmup(pid: 100, holder: 101, waiters: [102, 103], lock: 0x6000).signature)
        let other = try #require(warmup(pid: 100, holder: 101, waiters: [102, 103], lock: 0x6000, holderFunction: "rebuild_index").signature)
        #expect(other.frames == ["rebuild_index", "lookup_model"])
        #expect(other.value != first.value)
    }

    @Test func compilerCloneSuffixesDoNotCount() throws {
        let plain = try #require(warmup(pid: 100, holder: 101, waiters: [102, 103], lock: 0x6000).signature)
        for clone in ["warm_up_model_cache.cold", "warm_up_model_cache.isra.0", "warm_up_model_cache.constprop.2.cold", "warm_up_model_cache.part.1"] {
            #expect(warmup(pid: 100, holder: 101, waiters: [102, 103], lock: 0x6000, holderFunction: clone).signature == plain, "\(clone)")
        }
        let other = try #require(warmup(pid: 100, holder: 101, waiters: [102, 103], lock: 0x6000, holderFunction: "warm_up_model_cache.v2").signature)
        #expect(other.frames.first == "warm_up_model_cache.v2")
    }

    /// Three threads in a cycle, each in its own function holding one lock and waiting for
    /// the next; `tids` gives the TIDs of the threads in `transfer_a`, `transfer_b`, `transfer_c`.
    private func cycle(tids: [Int32]) -> ProcessAnalysis {
        let memory = P.Memory()
        let locks: [UInt64] = [0x6000, 0x7000, 0x8000]
        let functions = ["transfer_a", "transfer_b", "transfer_c"]
        var threads: [DumpModel.Thread] = []
        for index in 0..<3 {
            P.mutex(at: locks[index], owner: UInt32(tids[index]), in: memory)
            threads.append(P.thread(tids[index], waitFrames(in: functions[index]), futex: (locks[(index + 1) % 3], P.futexWait)))
        }
        return ProcessAnalysis.analyze(P.image(threads.sorted { $0.tid < $1.tid }, memory: memory))
    }

    @Test func aDeadlockHasTheSameSignatureWhicheverThreadHasTheLowestTID() throws {
        let first = try #require(cycle(tids: [2, 3, 4]).signature)
        #expect(first.finding == .deadlock)
        #expect(first.frames == ["transfer_a", "transfer_b", "transfer_c"])
        let rotated = try #require(cycle(tids: [30, 10, 20]).signature)
        let rotatedAgain = try #require(cycle(tids: [8, 9, 5]).signature)
        #expect(cycle(tids: [30, 10, 20]).locks.deadlocks.first?.tids.first == 10, "the analysis starts the cycle at transfer_b's thread")
        #expect(rotated == first)
        #expect(rotatedAgain == first)
    }

    @Test func aHealthyProcessHasNoSignature() {
        let analysis = ProcessAnalysis.analyze(P.image([P.thread(1, ["main"]), P.thread(2, ["poll", "event_loop", "start_thread"])]))
        #expect(analysis.findings.allSatisfy { $0.severity == .information })
        #expect(analysis.signature == nil)
    }

    private func status(_ command: String) -> ProcessStatus {
        ProcessStatus(command: command, arguments: command, state: "S", nice: 0, flags: 0, uid: 0, gid: 0, parentPID: 1, processGroupID: 1, sessionID: 1)
    }

    @Test func aProblemWithoutNamedFramesFallsBackToTheExecutable() throws {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 99, in: memory)
        let anonymous = ["__lll_lock_wait", "__pthread_mutex_lock", "", "", "start_thread"]
        var image = P.image([P.thread(2, anonymous, futex: (0x6000, P.futexWait)), P.thread(3, anonymous, futex: (0x6000, P.futexWait))], memory: memory)
        image.process.status = status("orderd")
        let signature = try #require(ProcessAnalysis.analyze(image).signature)
        #expect(signature.finding == .abandonedLock)
        #expect(signature.frames == [])
        #expect(signature.title == "lock abandoned by an ended thread; waiters in orderd")
        image.process.status = status("billingd")
        #expect(ProcessAnalysis.analyze(image).signature?.value != signature.value)
    }
}
