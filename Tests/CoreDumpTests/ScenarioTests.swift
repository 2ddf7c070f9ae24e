import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Facts of single scenarios that the per-role frame facts do not cover: signals, process
/// notes, memory reads, demangling, inlines, architectures and the frame limit.
@Suite struct ScenarioTests {
    private func read(_ fixture: Fixture, maxFrames: Int = 1024) throws -> LoadedCore {
        try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: fixture.executablePath, maxFramesPerThread: maxFrames))
    }

    /// `pthread_mutex_t.__data.__owner` is the third 32-bit word on x86_64 and i386.
    private func mutexOwner(_ core: LoadedCore, at lock: UInt64) throws -> Int {
        let bytes = try #require(core.memory.read(at: lock + 8, count: 4))
        return Int(Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24))
    }

    @Test func warmupLockCoreNamesSignalSenderModulesAndLockOwner() throws {
        let fixture = Fixture("warmup-lock")
        let facts = fixture.facts
        let core = try read(fixture)
        let process = core.process
        #expect(process.architecture == .x86_64)
        #expect(process.producer == .kernel)
        #expect(process.isComplete, "\(process.diagnostics)")
        #expect(process.status?.command == "warmup-lock")
        #expect(process.signal?.name == "SIGQUIT")
        #expect(process.signal?.code == 0)
        #expect(process.signal.flatMap(\.senderPID).map(Int.init) == fixture.intFact("siginfo_sender_pid"))
        #expect(process.signalledThreadTID.map(Int.init) == fixture.intFact("first_prstatus_tid"))

        let executable = try #require(process.modules.first { $0.name == facts["executable_path"] })
        #expect(executable.buildID == facts["build_id"])
        #expect(executable.symbolStatus == .debugInfo)
        #expect(executable.filePath == (try fixture.executablePath))
        #expect(process.mappedFiles.contains { $0.path == facts["executable_path"] })
        #expect(process.auxiliaryVector.contains { $0.typeName == "AT_ENTRY" })

        let holder = try #require(process.thread(tid: fixture.tid("holder_tid")))
        #expect(holder.frames[0].kind == .interrupted)
        #expect(holder.frames[0].trust == .context)
        #expect(holder.frames.dropFirst().allSatisfy { $0.kind == .call && $0.trust == .cfi })
        #expect(holder.registers.programCounter == holder.frames[0].pc)
        #expect(holder.hasFloatingPointRegisters)
        #expect(try mutexOwner(core, at: fixture.address("model_lock_address")) == fixture.intFact("model_lock_owner_tid"))
        // The kernel writes the process total into the main thread's note.
        #expect(process.totalCPUTime == process.mainThread?.recordedCPUTime)
        #expect(process.hasCPUAccounting)
    }

    @Test func gcoreCoreHasNoSignalAndNoCPUTimes() throws {
        let fixture = Fixture("warmup-lock-gcore")
        let core = try read(fixture)
        #expect(core.process.producer == .tool)
        #expect(core.process.signal == nil)
        #expect(core.process.signalledThreadTID == nil)
        #expect(!core.process.hasCPUAccounting)
        #expect(try mutexOwner(core, at: fixture.address("model_lock_address")) == fixture.intFact("model_lock_owner_tid"))
    }

    @Test func sessionLockOwnerIsReadFromCoreMemory() throws {
        let fixture = Fixture("session-lock")
        let core = try read(fixture)
        #expect(try mutexOwner(core, at: fixture.address("hot_session_lock_address")) == fixture.intFact("hot_session_lock_owner_tid"))
    }

    @Test func nullDereferenceRecordsFaultAddressAndCrashingThread() throws {
        let fixture = Fixture("null-deref")
        let process = try read(fixture).process
        let signal = try #require(process.signal)
        #expect(signal.name == "SIGSEGV")
        #expect(signal.code == 1)  // SEGV_MAPERR
        #expect(signal.faultAddress == 0x10)
        #expect(signal.senderPID == nil)
        let crashTID = try fixture.tid("crash_tid")
        #expect(process.signalledThreadTID == crashTID)
        let crashing = try #require(process.thread(tid: crashTID))
        #expect(crashing.currentSignal == 11)
        #expect(crashing.frames[0].pc == (try fixture.address("crash_pc")))
    }

    @Test func failedAssertionTextIsReadableFromAbortMessage() throws {
        let fixture = Fixture("assert-fail")
        let core = try read(fixture)
        #expect(core.process.signal?.name == "SIGABRT")
        let symbol = try fixture.address("abort_msg_symbol_address")
        // __abort_msg points at struct abort_msg_s { unsigned int size; char msg[]; }.
        let message = try #require(core.memory.readWord(at: symbol, size: 8))
        #expect(message == (try fixture.address("abort_msg_buffer_address")))
        let text = try #require(core.memory.read(at: message + 4, count: 200))
        let expected = try #require(fixture.facts["abort_msg_text"])
        #expect(String(decoding: text.prefix { $0 != 0 }, as: UTF8.self) == expected + "\n")
    }

    @Test func cplusplusNamesAreDemangledAndInlinedCallsExpanded() throws {
        let fixture = Fixture("cpp-convoy")
        let process = try read(fixture).process
        let waiter = try #require(process.thread(tid: fixture.tid("waiter_tids")))
        let lookup = try #require(waiter.frames.first { $0.function == "render::TextureCache::lookup(int)" })
        #expect(lookup.mangledName == "_ZN6render12TextureCache6lookupEi")
        #expect(lookup.trust == .cfi)
        let inlined = waiter.frames.filter(\.isInlined).map(\.function)
        #expect(inlined == ["__gthread_mutex_lock", "std::mutex::lock()", "std::lock_guard<std::mutex>::lock_guard(std::mutex&)"])
        #expect(Set(waiter.frames.filter(\.isInlined).map(\.pc)) == [lookup.pc])
        let holder = try #require(process.thread(tid: fixture.tid("holder_tid")))
        #expect(holder.frames[0].function == fixture.facts["holder_innermost_inlined_function"])
        #expect(holder.frames[0].isInlined)
        #expect(holder.frames[0].kind == .interrupted)
    }

    @Test func i386CoreUnwindsThroughTheVDSOAndReadsLockOwners() throws {
        let fixture = Fixture("deadlock-i386")
        let core = try read(fixture)
        #expect(core.process.architecture == .i386)
        #expect(core.process.isComplete, "\(core.process.diagnostics)")
        let thread = try #require(core.process.thread(tid: fixture.tid("transfer_a_to_b_tid")))
        #expect(core.process.module(of: thread.frames[0])?.name == "linux-gate.so.1")
        #expect(thread.registers.programCounterName == "eip")
        #expect(try mutexOwner(core, at: fixture.address("account_a_lock_address")) == fixture.intFact("account_a_lock_owner_tid"))
        #expect(try mutexOwner(core, at: fixture.address("account_b_lock_address")) == fixture.intFact("account_b_lock_owner_tid"))
    }

    @Test func aarch64QemuCoreUnwindsWithTheExecutableReportedAtItsEntryPoint() throws {
        let fixture = Fixture("null-deref-aarch64")
        let process = try read(fixture).process
        #expect(process.architecture == .aarch64)
        #expect(process.signal?.name == "SIGSEGV")
        let crashTID = try fixture.tid("crash_tid")
        #expect(process.signalledThreadTID == crashTID)
        let crashing = try #require(process.thread(tid: crashTID))
        #expect(crashing.frames.map(\.function) == ["process_order", "order_worker", "start_thread", "thread_start"])
        #expect(crashing.frames.prefix(2).map { $0.source?.line } == [50, 59])
        #expect(crashing.unwindStatus == .complete)
        #expect(crashing.registers.programCounterName == "pc")
        let main = try #require(process.mainThread)
        #expect(main.frames.compactMap(\.function).contains("main"))
    }

    /// Cut at the frame limit inside `descend`'s recursion, the unwind goes on counting its
    /// rounds to its end without keeping them: the kept frames are numbered as in the stack
    /// read in full (the same PCs), and the depth is eu-stack's with no frame limit.
    @Test func deepRecursionIsCountedPastTheFrameLimitToItsEnd() throws {
        let fixture = Fixture("stack-overflow")
        let crashTID = try fixture.tid("crash_tid")
        let counted = try read(fixture).process
        let crashing = try #require(counted.thread(tid: crashTID))
        let unlimitedDepth = try #require(fixture.intFact("crash_frame_count_unlimited"))
        #expect(crashing.unwindStatus == .complete)
        #expect(crashing.depth == unlimitedDepth)
        #expect(crashing.omittedFrames == OmittedFrames(index: 1024, count: unlimitedDepth - 1028, cycleLength: 1))
        #expect(crashing.frames.count == 1028)
        #expect(crashing.frames.suffix(3).map(\.function) == ["tree_walker", "start_thread", "__clone3"])
        #expect(crashing.frameNumber(at: crashing.frames.count - 3) == 7258)  // facts: #7258 tree_walker
        #expect(!counted.diagnostics.contains { $0.message.hasPrefix("thread \(crashTID):") })

        let full = try read(fixture, maxFrames: 10_000).process
        let whole = try #require(full.thread(tid: crashTID))
        #expect(whole.unwindStatus == .complete)
        #expect(whole.omittedFrames == nil)
        #expect(whole.frames.count == unlimitedDepth)
        for index in crashing.frames.indices {
            #expect(crashing.frames[index] == whole.frames[crashing.frameNumber(at: index)])
        }
        #expect(full.signal?.faultAddress == (try fixture.address("fault_address")))
        #expect(full.signal?.code == 2)  // SEGV_ACCERR: the guard page
    }

    /// A limit that cuts the stack where the recursion ends has nothing to count: the stack
    /// stays cut, with the warning.
    @Test func aStackCutWhereTheRecursionEndsStaysCut() throws {
        let fixture = Fixture("stack-overflow")
        let crashTID = try fixture.tid("crash_tid")
        let descendFrames = try #require(fixture.intFact("descend_frame_count"))
        let limited = try read(fixture, maxFrames: descendFrames).process
        let crashing = try #require(limited.thread(tid: crashTID))
        #expect(crashing.unwindStatus == .truncated(limit: descendFrames))
        #expect(crashing.omittedFrames == nil)
        #expect(crashing.frames.count == descendFrames)
        #expect(limited.diagnostics.contains { $0.message.hasPrefix("thread \(crashTID): the stack is deeper than \(descendFrames) frames") })
    }
}
