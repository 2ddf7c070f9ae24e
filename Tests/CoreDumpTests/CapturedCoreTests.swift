import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// The core `analyze-dump capture` wrote of the warmup-lock program (`captured-warmup`): every
/// thread's name and the capture record, against the names `/proc` showed just before the
/// capture and the note as the regenerate script decoded it on its own; other producers' cores
/// have neither; a corrupt note is a warning, never a crash; a signal the capture recorded in
/// an `NT_SIGINFO` is read as a kernel core's.
@Suite struct CapturedCoreTests {
    let fixture = Fixture("captured-warmup")

    private func read(_ path: String, fixture: Fixture? = nil) throws -> DumpModel.Process {
        try CoreReader.read(path: path, options: CoreReadOptions(executablePath: (fixture ?? self.fixture).executablePath)).process
    }

    @Test func everyThreadHasItsNameAndTheProcessTheCaptureRecord() throws {
        let facts = fixture.facts
        let process = try read(fixture.compressedCorePath)
        #expect(process.producer == .analyzeDump)
        #expect(process.isComplete, "\(process.diagnostics)")
        #expect(process.threads.count == 10)
        #expect(process.hasThreadNames)
        for thread in process.threads {
            #expect(thread.name != nil && thread.name == facts["thread_name_\(thread.tid)"], "thread \(thread.tid)")
        }
        #expect(process.thread(tid: try fixture.tid("holder_tid"))?.name == "bulk-insert")
        #expect(process.mainThread?.name == "warmup-lock")
        let waiterNames = fixture.intListFact("waiter_tids").compactMap { process.thread(tid: Int32($0))?.name }
        #expect(waiterNames.sorted() == (0..<8).map { "request-\($0)" })

        let capture = try #require(process.capture)
        #expect(capture.captureTimeNanoseconds == facts["capture_time_ns"].flatMap { Int64($0) })
        #expect(capture.stoppedNanoseconds == facts["capture_stopped_ns"].flatMap { UInt64($0) })
        #expect(capture.trigger == facts["capture_trigger"])
        #expect(capture.threads.map { Int($0.tid) } == fixture.intListFact("capture_note_tids"))
        #expect(capture.threads.map { Int($0.tid) } == fixture.intListFact("tids_in_note_order"))
        let window = fixture.intListFact("capture_window_ns")
        #expect(window.count == 2 && window[0] <= Int(capture.captureTimeNanoseconds) && Int(capture.captureTimeNanoseconds) <= window[1])
    }

    /// Unlike gcore, the capture records real CPU times, so the no-accounting note is absent.
    @Test func cpuTimesAreRealLikeAKernelCore() throws {
        let process = try read(fixture.compressedCorePath)
        #expect(process.hasCPUAccounting)
        #expect(process.signal == nil && process.signalledThreadTID == nil)
        #expect(!process.diagnostics.contains { $0.message.contains("records no CPU time") })
        let holder = try #require(process.thread(tid: try fixture.tid("holder_tid")))
        #expect(holder.recordedCPUTime.userMicroseconds == microseconds(try #require(fixture.facts["holder_utime"])))
        #expect(holder.recordedCPUTime.userMicroseconds >= 800_000)
    }

    /// A process that used less than a clock tick records zero CPU time for every thread; the
    /// capture note still says the core is ours, with real (zero) times, not a gcore core's
    /// missing ones: the captured-warmup core with every NT_PRSTATUS time zeroed.
    @Test func captureOfAProcessThatUsedNoClockTickKeepsItsCPUAccounting() throws {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
        let statuses = NoteLocator(bytes).notes.filter { $0.name == "CORE" && $0.type == 1 } // NT_PRSTATUS
        #expect(statuses.count == 10)
        // x86_64 elf_prstatus: pr_utime, pr_stime, pr_cutime, pr_cstime (timevals) at 48..<112.
        for status in statuses { for offset in 48..<112 { bytes[status.descriptor + offset] = 0 } }
        let process = try read(try Scratch.file(named: "captured-no-tick", bytes: bytes))
        #expect(process.threads.allSatisfy { $0.recordedCPUTime.isZero })
        #expect(process.producer == .analyzeDump)
        #expect(process.hasCPUAccounting)
        #expect(process.isComplete, "\(process.diagnostics)")
        #expect(!process.diagnostics.contains { $0.message.contains("gcore") }, "\(process.diagnostics)")
    }

    @Test(arguments: ["warmup-lock", "warmup-lock-gcore", "null-deref", "deadlock-i386", "null-deref-aarch64"])
    func coresOfOtherProducersHaveNoNamesAndNoCapture(_ name: String) throws {
        let other = Fixture(name)
        let process = try read(other.compressedCorePath, fixture: other)
        #expect(process.producer != .analyzeDump)
        #expect(process.capture == nil)
        #expect(process.threads.allSatisfy { $0.name == nil })
        #expect(!process.hasThreadNames)
    }

    // MARK: Corrupt notes

    /// Patches of the note's descriptor that leave the note walk intact: an unknown version, a
    /// thread count no descriptor could hold, a trigger running past the end, and a descriptor
    /// cut to 20 bytes (the rest of it then reads as garbage notes).
    @Test(arguments: CorruptNote.allCases)
    func corruptCaptureNoteIsAWarningAndNothingElseIsLost(_ corruption: CorruptNote) throws {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
        let note = try #require(NoteLocator(bytes).first(name: "ANALYZEDUMP", type: CaptureNote.noteType))
        switch corruption {
        case .version: write(2, into: &bytes, at: note.descriptor)
        case .threadCount: write(0x7FFF_FFFF, into: &bytes, at: note.descriptor + 4)
        case .triggerLength: write(0xFFFF_FF00, into: &bytes, at: note.descriptor + 24)
        case .cutDescriptor: write(20, into: &bytes, at: note.header + 4)
        }
        let path = try Scratch.file(named: "captured-\(corruption)", bytes: bytes)
        let process = try read(path)
        #expect(process.producer == .analyzeDump)
        #expect(process.capture == nil)
        #expect(process.threads.count == 10)
        #expect(process.threads.allSatisfy { $0.name == nil })
        #expect(process.hasCPUAccounting)
        let size = corruption == .cutDescriptor ? 20 : note.size
        #expect(process.diagnostics.contains {
            $0.severity == .warning && $0.message == "the ANALYZEDUMP note of \(size) bytes is corrupt or of an unknown version: capture time, trigger and thread names unknown"
        }, "\(process.diagnostics)")
        #expect(!process.isComplete)
    }

    enum CorruptNote: String, CaseIterable, CustomStringConvertible {
        case version, threadCount, triggerLength, cutDescriptor
        var description: String { rawValue }
    }

    // MARK: A capture taken on a signal

    /// The capture's signal trigger writes an `NT_SIGINFO` after the receiving thread's
    /// `NT_PRSTATUS`, as the kernel does. Made here by turning the `NT_PRPSINFO` that follows
    /// the first thread's status into one (same size, so every later note stays in place).
    @Test func siginfoAfterTheFirstThreadIsTheSignalEvenWithoutPRCursig() throws {
        let first = Int32(try #require(fixture.intListFact("tids_in_note_order").first))
        let fault = try read(try coreWithSignalInfo(number: 11, code: 1, union: [0x10], name: "captured-sigsegv"))
        #expect(fault.producer == .analyzeDump)
        #expect(fault.threads.allSatisfy { $0.currentSignal == 0 })
        #expect(fault.signal?.number == 11)
        #expect(fault.signal?.code == 1)
        #expect(fault.signal?.faultAddress == 0x10)
        #expect(fault.signalledThreadTID == first)
        #expect(fault.capture != nil)

        // kill(pid, SIGSEGV) from pid 4242: si_code SI_USER, si_pid and si_uid in the union.
        let sent = try read(try coreWithSignalInfo(number: 11, code: 0, union: [4242], name: "captured-kill"))
        #expect(sent.signal?.senderPID == 4242)
        #expect(sent.signal?.faultAddress == nil)
        #expect(sent.signalledThreadTID == first)
    }

    /// A copy of the core whose `NT_PRPSINFO` became an `NT_SIGINFO` with `si_signo`, `si_code`
    /// and the union's first 64-bit words.
    private func coreWithSignalInfo(number: UInt32, code: UInt32, union: [UInt64], name: String) throws -> String {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: fixture.plainCorePath)))
        let locator = NoteLocator(bytes)
        let note = try #require(locator.first(name: "CORE", type: 3 /* NT_PRPSINFO */))
        #expect(locator.notes.first?.type == 1 && locator.notes[1].offset == note.header, "NT_PRPSINFO follows the first NT_PRSTATUS")
        write(0x5349_4749 /* NT_SIGINFO */, into: &bytes, at: note.header + 8)
        for index in 0..<note.size { bytes[note.descriptor + index] = 0 }
        write(number, into: &bytes, at: note.descriptor)
        write(code, into: &bytes, at: note.descriptor + 8)
        for (index, word) in union.enumerated() {
            write(UInt32(truncatingIfNeeded: word), into: &bytes, at: note.descriptor + 16 + 8 * index)
            write(UInt32(truncatingIfNeeded: word >> 32), into: &bytes, at: note.descriptor + 20 + 8 * index)
        }
        return try Scratch.file(named: name, bytes: bytes)
    }

    // MARK: Helpers

    private func write(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// `2.040580` as 2_040_580.
    private func microseconds(_ seconds: String) -> UInt64 {
        let parts = seconds.split(separator: ".")
        let fraction = String((parts.count > 1 ? String(parts[1]) : "").prefix(6)).padding(toLength: 6, withPad: "0", startingAt: 0)
        return UInt64(parts[0])! * 1_000_000 + UInt64(fraction)!
    }
}

/// The notes of the first `PT_NOTE` segment of a 64-bit little-endian core, with their file
/// offsets: where to patch a copy.
private struct NoteLocator {
    struct Note {
        /// The file offset of the note's header (`n_namesz`).
        var offset: Int
        var name: String
        var type: UInt32
        /// The file offset and size of the descriptor.
        var descriptor: Int
        var size: Int
    }

    let notes: [Note]

    init(_ bytes: [UInt8]) {
        func read32(_ offset: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        func read64(_ offset: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) } }
        let table = read64(0x20), entrySize = read32(0x36) & 0xFFFF, count = read32(0x38) & 0xFFFF
        var found: [Note] = []
        if let entry = (0..<count).map({ table + $0 * entrySize }).first(where: { read32($0) == 4 }) {
            let start = read64(entry + 8), end = start + read64(entry + 32)
            var offset = start
            while offset + 12 <= end {
                let nameSize = read32(offset), size = read32(offset + 4)
                let nameBytes = bytes[(offset + 12)..<(offset + 12 + max(0, nameSize - 1))]
                let descriptor = offset + 12 + (nameSize + 3) & ~3
                found.append(Note(offset: offset, name: String(decoding: nameBytes, as: UTF8.self),
                                  type: UInt32(read32(offset + 8)), descriptor: descriptor, size: size))
                offset = descriptor + (size + 3) & ~3
            }
        }
        notes = found
    }

    func first(name: String, type: UInt32) -> (header: Int, descriptor: Int, size: Int)? {
        notes.first { $0.name == name && $0.type == type }.map { ($0.offset, $0.descriptor, $0.size) }
    }
}
