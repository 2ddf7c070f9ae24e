import Foundation
import Glibc
import Testing
@testable import CoreDump
import DumpModel
import FixtureSupport

/// Cores made to kill, hang or exhaust the reader (the classes a mutation run of the release
/// binary found) get a report or a typed error with an exact message, never a trap, a hang or
/// a memory blow-up. Each is a patched copy of the warmup-lock kernel core: 10 threads, TIDs
/// 669, 679, 678 ... 671 in note order, the executable mapped at 0x400000 under the path
/// `executable_path` of its facts.
@Suite struct HostileCoreTests {
    let fixture = Fixture("warmup-lock")

    private var options: CoreReadOptions {
        get throws { CoreReadOptions(executablePath: try fixture.executablePath) }
    }

    // MARK: Duplicate thread IDs

    @Test func duplicateThreadIDsKeepTheFirstNoteOfEachAndSayHowMany() throws {
        let original = try CoreReader.read(path: fixture.plainCorePath, options: options).process
        var core = try CoreBytes(fixture)
        core.setThreadID(ofStatusNote: 2, to: 679)
        core.setThreadID(ofStatusNote: 3, to: 679)
        let process = try CoreReader.read(path: core.write(named: "duplicate-tids"), options: options).process

        #expect(process.threads.map(\.tid) == [669, 679, 676, 675, 673, 674, 672, 671])
        #expect(process.thread(tid: 679)?.registers == original.thread(tid: 679)?.registers)
        #expect(process.diagnostics.contains(.warning(
            "the core has duplicate thread IDs: 2 NT_PRSTATUS notes name a TID an earlier note named (679); only the first note of each TID was read")))
    }

    // MARK: Program headers

    @Test func fileSizesNearTwoToTheSixtyFourAreClampedWithOneWarning() throws {
        var core = try CoreBytes(fixture)
        core.set(.fileSize, of: 5, to: .max)
        core.set(.fileSize, of: 6, to: .max)
        let loaded = try CoreReader.read(path: core.write(named: "huge-file-sizes"), options: options)

        #expect(loaded.process.threads.count == 10)
        #expect(loaded.process.diagnostics.contains(.warning(
            "2 program headers (the first is 5) of the core claim more bytes in the file than in memory (p_filesz > p_memsz): cut to p_memsz; the core is corrupt")))
        #expect(loaded.memory.missingBytes == 0)
    }

    @Test func segmentPastTheTopOfTheAddressSpaceIsCutThere() throws {
        var core = try CoreBytes(fixture)
        core.set(.virtualAddress, of: 7, to: 0xFFFF_FFFF_FFFF_F000)
        core.set(.memorySize, of: 7, to: 1 << 63)
        let process = try CoreReader.read(path: core.write(named: "wrapping-segment"), options: options).process

        #expect(process.diagnostics.contains(.warning(
            "program header 7 of the core runs past the top of the address space (p_vaddr + p_memsz): cut there; the core is corrupt")))
        let top = try #require(process.memorySegments.last)
        #expect(top.startAddress == 0xFFFF_FFFF_FFFF_F000)
        #expect(top.endAddress == 0)
        #expect(top.dumpedSize == 0x1000)
    }

    @Test func noteSegmentRunningPastTheLargestOffsetIsCutThere() throws {
        var core = try CoreBytes(fixture)
        core.set(.fileSize, of: 0, to: .max)
        let process = try CoreReader.read(path: core.write(named: "endless-notes"), options: options).process

        #expect(process.threads.count == 10)
        #expect(process.diagnostics.contains(.warning(
            "program header 0 of the core runs past the largest file offset (p_offset + p_filesz): cut there; the core is corrupt")))
    }

    @Test func programHeaderTableLongerThanTheLimitIsReadUpToIt() throws {
        let header = ELFHeader(
            wordSize: 8, type: 4, machine: 62, programHeaderOffset: 64,
            programHeaderCount: UInt64(CoreReadLimits.maximumProgramHeaderCount) + 5, sectionHeaderCount: 1)
        var bytesRead = 0
        let table = try ProgramHeaderTable(header: header, path: "core") { _, count in
            bytesRead += count
            return [UInt8](repeating: 0, count: count)
        }
        #expect(table.headers.count == CoreReadLimits.maximumProgramHeaderCount)
        #expect(bytesRead == CoreReadLimits.maximumProgramHeaderCount * 56)
        #expect(table.diagnostics == [.warning(
            "the core has 1048581 program headers, more than the 1048576 read: the memory of the segments after the first 1048576 is missing")])
    }

    @Test func programHeaderCountBeyondTheLimitKeepsLibdwflFromReadingTheTable() throws {
        var core = try CoreBytes(fixture)
        // The table moves to the end of the file and claims one header more than the limit
        // (PN_XNUM, the count in section 0's sh_info); the file is extended with a hole.
        let count = core.programHeaders.count
        let table = core.bytes.count
        core.bytes += core.bytes[Int(core.read64(at: 0x20))..<(Int(core.read64(at: 0x20)) + count * 56)]
        let sectionHeader = core.bytes.count
        core.bytes += [UInt8](repeating: 0, count: 64)
        let claimed = CoreReadLimits.maximumProgramHeaderCount + 1
        core.write32(UInt32(claimed), at: sectionHeader + 44)
        core.write64(UInt64(table), at: 0x20)
        core.write64(UInt64(sectionHeader), at: 0x28)
        core.write16(0xFFFF, at: 0x38)
        core.write16(64, at: 0x3A)
        core.write16(1, at: 0x3C)
        let path = try core.write(named: "program-header-count-bomb")
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(table + claimed * 56))
        try handle.close()
        let process = try CoreReader.read(path: path, options: options).process

        #expect(process.threads.count == 10)
        #expect(process.diagnostics.contains(.warning(
            "the core has 1048577 program headers, more than the 1048576 read: the memory of the segments after the first 1048576 is missing")))
        #expect(process.diagnostics.contains(.warning(
            "libdwfl failed to report the core's modules: the core has more than 1048576 program headers, which libdwfl would all read: frames show as bare addresses")))
    }

    @Test func sectionCountBeyondTheLimitIsRefusedBeforeLibelfAllocatesForIt() throws {
        var core = try CoreBytes(fixture)
        // e_shoff to a section header 0 appended at the end, e_shnum 0: sh_size holds the count.
        let sectionHeader = core.bytes.count
        core.bytes += [UInt8](repeating: 0, count: 64)
        core.write64(1 << 26, at: sectionHeader + 32)
        core.write64(UInt64(sectionHeader), at: 0x28)
        core.write16(64, at: 0x3A)
        core.write16(0, at: 0x3C)
        let path = try core.write(named: "section-count-bomb")
        #expect(throws: CoreDumpError.corruptHeader(
            path: path, reason: "it claims 67108864 section headers, more than the 1048576 the reader accepts (no tool writes so many)")) {
            try CoreReader.read(path: path)
        }
    }

    @Test func programHeadersOfTheWrongSizeAreCorrupt() throws {
        var core = try CoreBytes(fixture)
        core.write16(32, at: 0x36)
        let path = try core.write(named: "phentsize-32")
        #expect(throws: CoreDumpError.corruptHeader(
            path: path, reason: "program headers of 32 bytes (e_phentsize): ELFCLASS64 headers have 56")) {
            try CoreReader.read(path: path)
        }
    }

    // MARK: Files the core names

    /// A path of the same length as the executable's path in the core, in a new directory.
    private func pathLikeExecutable(_ tag: String) throws -> String {
        let recorded = try #require(fixture.facts["executable_path"])
        let directory = "/tmp/adh-\(getpid())-\(tag)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = String(repeating: "x", count: recorded.count - directory.count - 1)
        try #require(!name.isEmpty)
        return directory + "/" + name
    }

    /// The core with the executable's path replaced by `path` in NT_FILE (every occurrence).
    private func coreNaming(_ path: String, as name: String) throws -> String {
        var core = try CoreBytes(fixture)
        let recorded = try #require(fixture.facts["executable_path"])
        #expect(core.replaceString(recorded, with: path) > 0)
        return try core.write(named: name)
    }

    @Test func fifoNamedByTheCoreIsNeverOpened() throws {
        let fifo = try pathLikeExecutable("fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // Were the FIFO opened for reading, the open would block until a writer came: this
        // watchdog would come after 30 s, record it and let the read end.
        let opened = WatchdogResult()
        let watchdog = Foundation.Thread {
            sleep(30)
            let writer = Glibc.open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 {
                opened.set()
                close(writer)
            }
        }
        watchdog.start()
        let process = try CoreReader.read(path: coreNaming(fifo, as: "fifo-in-nt-file")).process

        #expect(!opened.value)
        #expect(process.diagnostics.contains(.note(
            "files the core names were not opened: \(fifo) (a FIFO)")))
        let module = try #require(process.modules.first { $0.name == fifo })
        #expect(module.filePath == nil)
    }

    @Test func deviceAndProcFilesNamedByTheCoreAreNeverOpened() throws {
        for (index, (target, kind)) in [
            ("/dev/zero", "a character device"), ("/dev/urandom", "a character device"),
            ("/proc/self/mem", "a file of /proc"), ("/proc/self/environ", "a file of /proc"),
            // A magic link: it resolves to the test binary, a regular file outside /proc.
            ("/proc/self/exe", "a file of /proc"),
        ].enumerated() {
            let link = try pathLikeExecutable("link\(index)")
            #expect(symlink(target, link) == 0)
            defer { unlink(link) }
            let process = try CoreReader.read(path: coreNaming(link, as: "device-in-nt-file")).process
            #expect(process.diagnostics.contains(.note(
                "files the core names were not opened: \(link) (\(kind))")))
        }
    }

    @Test func executableGivenAsFIFOIsNotOpened() throws {
        let fifo = try pathLikeExecutable("exe-fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let process = try CoreReader.read(path: fixture.plainCorePath, options: CoreReadOptions(executablePath: fifo)).process
        #expect(process.diagnostics.contains(.note(
            "files the core names were not opened: \(fifo) (a FIFO)")))
    }

    @Test func coreGivenAsDeviceOrDirectoryIsRefused() throws {
        #expect(throws: CoreDumpError.notRegularFile(path: "/dev/zero", kind: "a character device")) {
            try CoreReader.read(path: "/dev/zero")
        }
        #expect(throws: CoreDumpError.notRegularFile(path: "/", kind: "a directory")) {
            try CoreReader.read(path: "/")
        }
        #expect(CoreDumpError.notRegularFile(path: "/dev/zero", kind: "a character device").description
            == "core file /dev/zero is a character device, not a regular file: give the core's path, or - to read it from standard input")
    }

    @Test func coreGivenAsFIFOIsReadToItsEnd() throws {
        let fifo = try pathLikeExecutable("core-fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let bytes = try CoreBytes(fixture).bytes
        let writer = Foundation.Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo) else { return }
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()
        let process = try CoreReader.read(path: fifo, options: options).process
        #expect(process.threads.count == 10)
    }

    // MARK: Modules

    /// The first 64 KiB of the system's glibc: its ELF header, program headers and notes.
    private func libraryImage() throws -> (path: String, image: [UInt8]) {
        let path = "/lib/x86_64-linux-gnu/libc.so.6"
        try #require(FileManager.default.fileExists(atPath: path))
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(0x10000)))
    }

    @Test func modulesOfOneFileAreReadOnceAndTheFileOpenedABoundedNumberOfTimes() throws {
        let (library, image) = try libraryImage()
        var core = try CoreBytes(fixture)
        core.addModules(count: 40, image: image, span: 0x1e3000) { _ in library }
        let process = try CoreReader.read(path: core.write(named: "one-library-40-times"), options: options).process

        #expect(process.modules.filter { $0.name == library }.count == 1)
        #expect(process.diagnostics.contains(.warning(
            "39 modules are backed by a file an earlier module already has (the first: \(library)), which no process maps: left out, their frames show as bare addresses")))
        #expect(process.diagnostics.contains(.note(
            "files the core names were not opened: \(library) (opened 16 times already)")))
    }

    @Test func moreModuleImagesThanTheLimitAreNotGivenToLibdwfl() throws {
        let (_, image) = try libraryImage()
        var core = try CoreBytes(fixture)
        core.addModules(count: CoreReadLimits.maximumModuleCount + 1, image: image, span: 0x1e3000) { "/nonexistent/lib\($0).so" }
        let process = try CoreReader.read(path: core.write(named: "too-many-module-images"), options: options).process

        #expect(process.modules.isEmpty)
        #expect(process.threads.count == 10)
        #expect(process.diagnostics.contains(.warning(
            "libdwfl failed to report the core's modules: the core has more than 4096 segments that start with an ELF header, each a module for libdwfl, which compares each module with every other: frames show as bare addresses")))
    }

    // MARK: Work caps

    @Test func frameBudgetKeepsTheFirstStacksWholeAndTheInnermostFramesOfTheRest() throws {
        // 20 machine frames for 10 threads: 1 set aside per thread. The main thread (6 frames)
        // is whole, the next gets what is left but the set-aside of the 8 after it.
        let process = try CoreReader.read(
            path: fixture.plainCorePath,
            options: CoreReadOptions(executablePath: fixture.executablePath, frameBudget: 20)).process

        #expect(process.threads.map(\.frames.count) == [6, 6, 1, 1, 1, 1, 1, 1, 1, 1])
        #expect(process.threads[0].unwindStatus == .complete)
        #expect(process.threads[1].unwindStatus == .truncated(limit: 6))
        #expect(process.threads[9].unwindStatus == .truncated(limit: 1))
        #expect(process.threads[9].frames.first?.function == "warm_up_model_cache")
        #expect(process.diagnostics.filter { $0.message.hasPrefix("thread ") }.isEmpty)
        #expect(process.diagnostics.contains(.warning(
            "the stacks hold more frames than the reader keeps (20 machine frames over all threads, 2 times that with inlined calls): 9 threads (the first is thread 679) show only their innermost frames",
            cause: .incompleteStack)))
    }

    @Test func frameBudgetSetsAsideAtMostHalfOfItself() {
        var budget = FrameBudget(total: 100, threadCount: 1_000)
        #expect(budget.setAside == 1)
        #expect(budget.nextThreadLimit() == 1)
        budget = FrameBudget(total: 10_000, threadCount: 100)
        #expect(budget.setAside == 8)
        #expect(budget.nextThreadLimit() == 10_000 - 99 * 8)
        budget.spend(10_000 - 99 * 8)
        #expect(budget.nextThreadLimit() == 8)
    }

    // MARK: The session

    @Test func threadCallbacksOutliveTheRead() throws {
        let loaded = try CoreReader.read(path: fixture.plainCorePath, options: options)
        let session = loaded.symbols.session
        let provider = try #require(session.threadState)
        // libdwfl calls the table and the provider given at attach time.
        let again = StackUnwinder.unwindAll(
            session: session, provider: provider, maxFrames: 1024, frameBudget: 1_000,
            architecture: loaded.process.architecture, progress: nil)
        #expect(again.stacks[669]?.frames.map(\.pc) == loaded.process.thread(tid: 669)?.frames.filter { !$0.isInlined }.map(\.pc))
    }
}

/// A flag set by another thread.
private final class WatchdogResult: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false
    func set() { lock.withLock { isSet = true } }
    var value: Bool { lock.withLock { isSet } }
}
