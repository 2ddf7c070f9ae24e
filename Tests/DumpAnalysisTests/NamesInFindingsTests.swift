import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// How the analysis names what it reports, on the fixture cores: locks by their DWARF path,
/// the crashing thread's state, a lock chain's recommendation, the standard library's
/// templates in findings.
@Suite struct NamesInFindingsTests {
    @Test func sessionLockIsNamedByItsPathInTheArrayOfStructs() throws {
        let subject = try AnalysedFixture("session-lock")
        let lock = try #require(try subject.lock(at: "hot_session_lock_address"))
        #expect(lock.variablePath == "sessions[1].lock")
        #expect(lock.name == "sessions[1].lock")
        #expect(lock.symbol?.description == "sessions+0x78")
        for waiter in subject.tids("waiter_tids") {
            #expect(subject.analysis.stateDescription(of: waiter) == "waiting for mutex `sessions[1].lock`")
        }
        let holder = try #require(subject.findings(.lockHeldWhileWaiting).first)
        #expect(holder.title == "Thread 1535 holds `sessions[1].lock` while sleeping in clock_nanosleep in `fetch_remote_profile`; 6 threads wait")
    }

    @Test func aGlobalLockKeepsItsSymbolName() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let lock = try #require(try subject.lock(at: "model_lock_address"))
        #expect(lock.variablePath == nil)
        #expect(lock.name == "model_lock")
        let waiter = try #require(subject.tids("waiter_tids").first)
        #expect(subject.analysis.stateDescription(of: waiter) == "waiting for mutex `model_lock`")
    }

    @Test func aMutexMemberIsNamedByTheMember() throws {
        let subject = try AnalysedFixture("cpp-convoy")
        let lock = try #require(try subject.lock(at: "mutex_address"))
        #expect(lock.name == "g_texture_cache.mutex_")
    }

    @Test func aLockChainOwnerIsDescribedByTheLockItWaitsFor() throws {
        let subject = try AnalysedFixture("lock-chain")
        let journalWriter = try subject.tid("journal_writer_tid")
        #expect(subject.analysis.stateDescription(of: journalWriter) == "waiting for recursive mutex `index_lock`")
    }

    @Test func aLockChainGetsItsOwnRecommendation() throws {
        let subject = try AnalysedFixture("lock-chain")
        let finding = try #require(subject.findings(.lockHeldWhileRunning).first)
        #expect(finding.recommendation == "Break the chain: thread 10537 holds `journal_lock` while it waits for `index_lock`, so the 4 threads queued on `journal_lock` wait for thread 10533 too. Release `journal_lock` before taking `index_lock` (never wait for one lock while holding another), then shorten how long thread 10533 holds `index_lock` (it is running `write_index_pages`): do that work outside the lock or in steps that release it.")
        #expect(!finding.recommendation.contains("warm-up"))
    }

    @Test func aLockWithoutAChainKeepsTheWarmUpRecommendation() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let finding = try #require(subject.findings(.lockHeldWhileRunning).first)
        #expect(finding.recommendation.hasPrefix("Move the slow work out of the critical section: run the warm-up or initialisation of `warm_up_model_cache`"))
    }

    @Test(arguments: [
        ("null-deref", "crashed: SIGSEGV at 0x10 (NULL pointer dereference)"),
        ("stack-overflow", "crashed: SIGSEGV at 0x7ff6d6277f8c (stack overflow)"),
        ("handler-reraise", "crashed: SIGSEGV at 0x28 (NULL pointer dereference; re-raised by a handler)"),
        ("assert-fail", "crashed: SIGABRT (assertion failed)"),
        ("uncaught-exception", "crashed: SIGABRT (uncaught C++ exception std::runtime_error)"),
    ])
    func theCrashingThreadIsCrashed(name: String, description: String) throws {
        let subject = try AnalysedFixture(name)
        let tid = try subject.tid("crash_tid")
        let state = try #require(subject.analysis.states[tid])
        #expect(state.activity == .crashed(String(description.dropFirst("crashed: ".count))))
        #expect(state.category == .crashed)
        #expect(subject.analysis.stateDescription(of: tid) == description)
        #expect(subject.analysis.stateCounts.first?.category == .crashed)
        #expect(subject.analysis.stateCounts.first?.count == 1)
    }

    @Test func aRequestedDumpHasNoCrashedThread() throws {
        let subject = try AnalysedFixture("session-lock")
        #expect(!subject.analysis.states.values.contains { $0.category == .crashed })
    }

    @Test func theUncaughtExceptionsTypeAndMessageAreRead() throws {
        let subject = try AnalysedFixture("uncaught-exception")
        let crash = try #require(subject.analysis.crash)
        guard case .uncaughtException(let uncaught) = crash.kind else {
            Issue.record("expected an uncaught exception, got \(crash.kind)")
            return
        }
        let exception = try #require(uncaught.exception)
        #expect(exception.typeName == "std::runtime_error")
        #expect(exception.message == "missing '=' in line 7")
        let finding = try #require(subject.findings(.uncaughtException).first)
        #expect(finding.title == #"Uncaught C++ exception `std::runtime_error`: "missing '=' in line 7" thrown by `parse_config_line(std::string const&, int)` (thread 12120)"#)
        #expect(crash.summary.hasSuffix(#"(uncaught-exception.cpp:40): uncaught C++ exception `std::runtime_error`: "missing '=' in line 7""#))
    }

    @Test func findingsNameStandardTemplatesShortAndSignaturesKeepTheFullName() throws {
        let subject = try AnalysedFixture("uncaught-exception")
        let crash = try #require(subject.analysis.crash)
        #expect(crash.placeName == "parse_config_line(std::string const&, int)")
        #expect(crash.applicationFrame?.function == "parse_config_line(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, int)")
        #expect(subject.analysis.signature?.frames.first == "parse_config_line(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&, int)")
        let convoy = try AnalysedFixture("cpp-convoy")
        let holder = try #require(convoy.findings(.lockHeldWhileRunning).first)
        #expect(holder.description.contains("called from `render::TextureCache::warm(std::vector<int> const&)`"))
    }
}
