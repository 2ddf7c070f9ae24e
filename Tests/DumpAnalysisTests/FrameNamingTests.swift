import Testing
import DumpAnalysis
import DumpModel

/// A finding's title and its text name a thread's frame the same way: the same frame (the
/// innermost application frame, else the innermost one), the same form (``FrameName``: the
/// function, or `module+0xoffset` without a symbol).
@Suite struct FrameNamingTests {
    typealias P = SyntheticProcess

    /// A holder whose stack is only the C library's: the title named "its current code" while
    /// the text named `__libc_read`.
    @Test func aHolderOnlyInTheCLibraryIsNamedByItsInnermostFrameInTitleAndText() throws {
        let memory = P.Memory()
        P.mutex(at: 0x6000, owner: 2, in: memory)
        let symbols = P.Symbols()
        symbols.symbols = [SymbolReference(name: "cache_lock", address: 0x6000, size: 40, offset: 0)]
        let waitFrames = ["__lll_lock_wait", "__pthread_mutex_lock", "handle_request", "start_thread"]
        let image = P.image([
            P.thread(2, ["__libc_read", "start_thread", "clone3"], call: SystemCall(number: 0, name: "read", arguments: [3, 0, 0, 0, 0, 0])),
            P.thread(3, waitFrames, futex: (0x6000, P.futexWait)),
            P.thread(4, waitFrames, futex: (0x6000, P.futexWait)),
        ], memory: memory, symbols: symbols)
        let finding = try #require(ProcessAnalysis.analyze(image).findings.first { $0.kind == .lockHeldWhileWaiting })
        #expect(finding.title == "Thread 2 holds `cache_lock` while in I/O: read in `__libc_read`; 2 threads wait")
        #expect(finding.description.hasPrefix("Thread 2 holds `cache_lock` (mutex) while in I/O: read in `__libc_read`; 2 of 3 threads"))
    }

    /// Without the executable every application frame is `warmup-lock+0x...`: the title and
    /// the text name the holder's frame in that one form.
    @Test func framesWithoutSymbolsAreNamedByModuleAndOffsetInTitleAndText() throws {
        let subject = try AnalysedFixture("warmup-lock", executablePath: "/nonexistent/warmup-lock")
        let finding = try #require(subject.findings(.lockHeldWhileRunning).first)
        let holder = try #require(subject.process.thread(tid: try subject.tid("holder_tid")))
        let frame = try #require(subject.analysis.frames.innermostApplicationFrame(of: holder))
        let name = FrameName.of(frame, in: subject.process)
        #expect(name.hasPrefix("warmup-lock+0x"))
        #expect(finding.title.contains("while running `\(name)`;"))
        #expect(finding.description.contains("while running in `\(name)`, called from `warmup-lock+0x"))
    }

    /// A crash in a frame without a symbol: the summary named it `0x5555...` while the title
    /// named it `null-deref+0x...`; a stack with no application frame got "the crashing code"
    /// in the title and the innermost frame in the summary.
    @Test func aCrashIsPlacedInOneFrameNamedOneWayInTitleAndSummary() throws {
        let subject = try AnalysedFixture("null-deref", executablePath: "/nonexistent/null-deref")
        let crash = try #require(subject.analysis.crash)
        let frame = try #require(crash.applicationFrame)
        let name = FrameName.of(frame, in: subject.process)
        #expect(name.hasPrefix("null-deref+0x"))
        #expect(crash.placeName == name)
        #expect(crash.summary.contains(" in \(name)"))
        let finding = try #require(subject.findings(.nullDereference).first)
        #expect(finding.title.hasPrefix("NULL pointer dereference in `\(name)` (thread "))
    }

    @Test func aDeadlocksTextStartsAsASentence() throws {
        let finding = try #require(try AnalysedFixture("deadlock").findings(.deadlock).first)
        #expect(finding.description.hasPrefix("Thread "))
    }
}
