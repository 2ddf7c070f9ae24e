import DumpModel
import Glibc

/// Stores one core arriving on a pipe into the spool: the pipe handler's work before analysis.
///
/// In order: read `/proc/PID` while the process is still there (``DyingProcess``); under the
/// spool's lock, drop stale `.tmp/` files, check the rate limits and make room
/// (`--max-use`, `--keep-free`); then stream standard input into `.tmp/` through zstd with the
/// ``HandlerNote`` inserted (``CoreHead``), within `--max-size`, the room `--keep-free` leaves
/// and the read deadline; fsync and rename into place; make room again under the lock, sparing
/// the new core. Memory is bounded by fixed buffers, time by the deadline.
public enum CoreIntake {
    /// The size of one read of standard input.
    static let bufferSize = 1 << 20

    /// Stores the core read from `input`.
    /// - Parameters:
    ///   - now: microseconds since the epoch, the time in the file name when `%t` is 0.
    ///   - bootID: the host's boot id (``SpoolName/bootID(from:)``).
    /// - Throws: ``IntakeError`` when the spool is unsafe or cannot be written.
    public static func store(
        from input: Int32, request: IntakeRequest, spool: SpoolDirectory, bootID: String, now: Int64
    ) throws(IntakeError) -> IntakeOutcome {
        var note = request.argumentNote
        DyingProcess.collect(pid: request.pid, allowedEnvironment: request.allowedEnvironment, into: &note)
        let (timeMicroseconds, overflow) = request.time.multipliedReportingOverflow(by: 1_000_000)
        let time = request.time > 0 && !overflow ? timeMicroseconds : now
        let name = SpoolName(command: request.command, uid: request.uid, bootID: bootID, pid: request.pid, timeMicroseconds: time)
        var outcome = IntakeOutcome(disposition: .stored, note: note, name: name)

        // The lock is held only while the limits are checked, not while the core streams in:
        // handlers of simultaneous crashes must not wait for each other's pipes.
        var room: UInt64?
        do {
            let lock = try spool.lock()
            defer { close(lock) }
            // The clock is read again under the lock: a handler that waited for it must not
            // record its admission before those that held it first.
            let admittedAt = realtimeMicroseconds()
            spool.removeStaleTemporaryFiles(olderThan: request.staleTemporaryAge, now: Int(admittedAt / 1_000_000))
            if let limited = try RateLimiter.admit(
                executable: name.executable, now: admittedAt, overall: request.overallRateLimit,
                perExecutable: request.executableRateLimit, spool: spool) {
                outcome.disposition = .rateLimited(limited)
                return outcome
            }
            outcome.evicted = SpoolVacuum.makeRoom(
                in: spool, maximumUse: request.maximumSpoolUse, keepFree: request.keepFree, sparing: nil,
                analysedBefore: Int(admittedAt / 1_000_000) - request.analysisGraceSeconds)
            if let keepFree = request.keepFree, let free = spool.freeBytes() {
                room = free > keepFree ? free - keepFree : 0
            }
        }

        let temporaryName = name.coreFileName + ".\(getpid()).partial"
        let file = try spool.createTemporaryFile(temporaryName)
        do throws(IntakeError) {
            let stream = CoreStream(input: input, deadline: monotonicSeconds() + request.readDeadlineSeconds)
            let writer = try ZstdFileWriter(descriptor: file)
            try copy(stream, through: writer, note: note, limits: (request.maximumCoreSize, room), into: &outcome)
            guard outcome.disposition == .stored else {
                close(file)
                spool.discardTemporaryFile(temporaryName)
                return outcome
            }
            try writer.finish()
            guard fsync(file) == 0 else { throw IntakeError.spoolFailure(operation: "syncing the stored core", errno: errno) }
        } catch {
            close(file)
            spool.discardTemporaryFile(temporaryName)
            throw error
        }
        close(file)
        try spool.publish(temporaryName: temporaryName, as: name.coreFileName)
        let lock = try spool.lock()
        defer { close(lock) }
        outcome.evicted += SpoolVacuum.makeRoom(
            in: spool, maximumUse: request.maximumSpoolUse, keepFree: request.keepFree, sparing: name.coreFileName,
            analysedBefore: Int(realtimeMicroseconds() / 1_000_000) - request.analysisGraceSeconds)
        return outcome
    }

    /// Streams the core: its head rewritten with the note when it can be, the rest verbatim.
    /// Stops when the core passes `--max-size` (`size`, counted on the core's bytes) or the
    /// compressed file passes the room `--keep-free` leaves (`room`).
    private static func copy(
        _ stream: CoreStream, through writer: ZstdFileWriter, note: HandlerNote, limits: (size: UInt64?, room: UInt64?),
        into outcome: inout IntakeOutcome
    ) throws(IntakeError) {
        var head = stream.read(upTo: CoreHead.headerSize)
        let rewritten: [UInt8]
        do throws(CoreHead.Refusal) {
            let parsed = try CoreHead(header: head)
            head += stream.read(upTo: parsed.tableEnd - head.count)
            rewritten = try parsed.inserting(
                noteName: HandlerNote.noteName, type: HandlerNote.noteType, descriptor: note.encoded(), head: head
            ).head
        } catch {
            outcome.noteRefusal = error.reason
            rewritten = head
        }
        try writer.write(rewritten)
        outcome.coreBytes = UInt64(head.count)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = stream.read(into: buffer)
            if count == 0 { break }
            outcome.coreBytes += UInt64(count)
            if let size = limits.size, outcome.coreBytes > size {
                outcome.disposition = .tooLarge(limit: size)
                return
            }
            try writer.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            if let room = limits.room, writer.compressedSize > room {
                outcome.disposition = .noSpace(room: room)
                return
            }
        }
        outcome.hitDeadline = stream.hitDeadline
    }

    /// `CLOCK_REALTIME` in microseconds since the epoch.
    public static func realtimeMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) &* 1_000_000 &+ Int64(now.tv_nsec / 1000)
    }

    /// `CLOCK_MONOTONIC` in whole seconds.
    static func monotonicSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec
    }
}
