import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// elfutils' own unwinder test cores (`Fixtures/cores/elfutils-backtrace-*`, imported from the
/// elfutils repository): old kernel cores of x86_64, i386 and aarch64 programs, with and
/// without CFI for their own code, that nobody here made. The reader's stacks are eu-stack's
/// frame for frame (address, function, source line) and complete, although eu-stack itself
/// reports a failure past `_start` on four of them.
@Suite struct ElfutilsBacktraceCoreTests {
    static let fixtures = [
        "elfutils-backtrace-x86_64", "elfutils-backtrace-x86_64-fp", "elfutils-backtrace-i386",
        "elfutils-backtrace-i386-fp", "elfutils-backtrace-aarch64", "elfutils-backtrace-aarch64-fp",
    ]

    private func read(_ fixture: Fixture) throws -> Process {
        try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath)).process
    }

    @Test(arguments: fixtures)
    func framesAreEuStacksAndEveryStackIsComplete(_ name: String) throws {
        let fixture = Fixture(name)
        let oracle = try #require(fixture.euStack)
        let process = try read(fixture)
        #expect(process.threads.map(\.tid) == fixture.intListFact("tids_in_note_order").map(Int32.init))
        #expect(Set(process.threads.map(\.tid)) == Set(oracle.threads.keys))
        for thread in process.threads {
            #expect(thread.frames.map(EuStackOutput.Frame.init) == oracle.threads[thread.tid], "thread \(thread.tid) of \(name)")
            #expect(thread.unwindStatus == .complete, "thread \(thread.tid) of \(name)")
        }
        #expect(process.diagnostics.filter { $0.severity == .warning } == [])
    }

    /// eu-stack stops each of these with an error after the frame in `_start` (and exits 1);
    /// the reader ends the stack there because `_start` is the function at the entry point.
    @Test(arguments: [
        ("elfutils-backtrace-i386", "No DWARF information found", "_start"),
        ("elfutils-backtrace-i386-fp", "No DWARF information found", "_start"),
        ("elfutils-backtrace-aarch64", "address out of range", "$x"),
        ("elfutils-backtrace-aarch64-fp", "no matching address range", "$x"),
    ])
    func stackEndsInTheEntryFunctionWhereEuStackReportsAFailure(_ name: String, euStackError: String, entryFunction: String) throws {
        let fixture = Fixture(name)
        let oracle = try #require(fixture.euStack)
        let mainTID = try fixture.tid("main_tid")
        #expect(oracle.errors.count == 1)
        #expect(oracle.errors.first?.hasPrefix("eu-stack: dwfl_thread_getframes tid \(mainTID) at 0x") == true)
        #expect(oracle.errors.first?.hasSuffix(": \(euStackError)") == true)
        #expect(fixture.intFact("eu_stack_exit_status") == 1)
        let main = try #require(try read(fixture).mainThread)
        #expect(main.tid == mainTID)
        #expect(main.frames.last?.function == entryFunction)
        #expect(main.unwindStatus == .complete)
    }

    /// An old i386 vDSO is linked at 0xffffe000, above where it is mapped: its symbols must be
    /// relocated down, not only those linked at 0. `__kernel_vsyscall` is at 0xffffe420 in the
    /// first core's vDSO and at 0xffffe414 in the second's (their `.dynsym`).
    @Test(arguments: [
        ("elfutils-backtrace-i386", UInt64(0xf77f_7000), UInt64(0xf77f_7420)),
        ("elfutils-backtrace-i386-fp", UInt64(0x008a_7000), UInt64(0x008a_7414)),
    ])
    func oldVDSONamesKernelVsyscall(_ name: String, vdsoStart: UInt64, vsyscallAddress: UInt64) throws {
        let process = try read(Fixture(name))
        let vdso = try #require(process.modules.first { $0.name == "linux-gate.so.1" })
        #expect(vdso.startAddress == vdsoStart)
        for thread in process.threads {
            let innermost = try #require(thread.frames.first)
            #expect(innermost.function == "__kernel_vsyscall")
            #expect(process.module(of: innermost) == vdso)
            #expect(innermost.functionOffset == innermost.pc - vsyscallAddress)
        }
    }

    /// The i386 frame-pointer core has no NT_FILE: libdwfl names the executable `[exe]`, and
    /// `--exe` (whose build-id matches) is its file.
    @Test func executableWithoutNTFileIsFoundThroughExe() throws {
        let fixture = Fixture("elfutils-backtrace-i386-fp")
        let process = try read(fixture)
        #expect(process.mappedFiles.isEmpty)
        let executable = try #require(process.modules.first { $0.name == "[exe]" })
        #expect(executable.buildID == fixture.facts["build_id"])
        #expect(executable.filePath == (try fixture.executablePath))
        #expect(executable.symbolStatus == .symbolsOnly)
        let signalled = try #require(process.thread(tid: try fixture.tid("signalled_tid")))
        #expect(signalled.frames.map { $0.function ?? "??" }.joined(separator: ";") == fixture.facts["signalled_stack"])
    }

    /// Without `--exe` the `[exe]` module is the executable all the same: the warning says to
    /// pass `--exe`, not `--sysroot`.
    @Test func missingExecutableWithoutNTFileAsksForExe() throws {
        let fixture = Fixture("elfutils-backtrace-i386-fp")
        let process = try CoreReader.read(path: fixture.compressedCorePath).process
        let buildID = try #require(fixture.facts["build_id"])
        #expect(process.diagnostics.contains(
            .warning("libdw cannot find the executable at [exe] (build-id \(buildID)): pass --exe; its frames show as module+offset",
                     cause: .moduleNotFound)))
    }
}
