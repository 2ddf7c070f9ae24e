import Glibc

/// Writes an ELF core of a live process, which goes on running afterwards.
public enum CoreCapturer {
    /// Stops every thread of `pid` with ptrace (seize and interrupt: the process sees no
    /// signal), reads registers, CPU times, names, mappings and memory, lets the threads go,
    /// and writes an x86_64 `ET_CORE` that `eu-stack`, `gdb` and `eu-readelf` read like a
    /// kernel core.
    ///
    /// Unlike gcore's, the core records each thread's real CPU time (from
    /// `/proc/PID/task/TID/stat`, in clock ticks; the leader's is the process total, as the
    /// kernel writes it) and has an ``CaptureNote`` with the thread names, the capture time
    /// and `trigger`. Memory is copied into the file while the process is stopped; zero pages
    /// are left as holes.
    ///
    /// The caller must not be reaping `pid` itself (its own child, watched by Foundation's
    /// `Process` or a `SIGCHLD` handler that calls `waitpid`): a tracer that is the parent gets
    /// the ptrace stops through `waitpid` too, and whoever takes one first leaves the other
    /// waiting.
    ///
    /// - Parameters:
    ///   - pid: the process (thread-group leader's TID).
    ///   - path: the core to write; it appears only when complete (it is written to
    ///     `path + ".partial-XXXXXX"` and renamed).
    ///   - options: what to leave out.
    ///   - trigger: why the core is taken, kept in the ``CaptureNote``.
    /// - Returns: where the core is, its thread count, how long the process was stopped and
    ///   the bytes written.
    /// - Throws: ``CaptureError``: no such process, permission denied, the process exited,
    ///   the core could not be written, or it is not an x86_64 process. No thread is left
    ///   stopped and no partial file is left behind.
    public static func capture(
        pid: Int32, to path: String, options: CaptureOptions = .init(), trigger: String? = nil
    ) throws(CaptureError) -> CaptureResult {
        #if !arch(x86_64)
        throw CaptureError.unsupportedArchitecture("this build is not for x86_64")
        #else
        let before = try ProcessBeforeCapture(pid: pid)
        var writer = try CoreFileWriter(path: path)
        let stopped: StoppedProcess
        do throws(CaptureError) {
            stopped = try StoppedProcess(pid: pid)
        } catch {
            writer.abandon()
            throw error
        }
        return try write(stopped, before: before, signal: nil, into: &writer, options: options, trigger: trigger)
        #endif
    }

    /// Waits until a thread of `pid` is about to receive `signal`, then writes its core, with
    /// that thread first and the signal's `NT_SIGINFO` after its `NT_PRSTATUS` (as the kernel
    /// writes a crash), and lets the process go on to receive the signal. Every other signal
    /// reaches the process as usual while it is watched (see ``SignalWatch``).
    ///
    /// - Parameters:
    ///   - deadline: when to stop waiting for the signal, nil for never.
    ///   - path: called once the signal arrived, for where the core goes.
    /// - Returns: the capture, and the TID of the thread that received the signal.
    /// - Throws: as ``capture(pid:to:options:trigger:)``, and
    ///   ``CaptureError/exitedBeforeTrigger(pid:)`` when the process ends first,
    ///   ``CaptureError/triggerTimedOut(pid:trigger:waited:)`` at `deadline`.
    public static func captureAtSignal(
        _ signal: Int32, pid: Int32, options: CaptureOptions = .init(), trigger: String? = nil,
        deadline: ContinuousClock.Instant? = nil, path: () -> String
    ) throws(CaptureError) -> (result: CaptureResult, signalledThreadTID: Int32) {
        #if !arch(x86_64)
        throw CaptureError.unsupportedArchitecture("this build is not for x86_64")
        #else
        let before = try ProcessBeforeCapture(pid: pid)
        var watch = try SignalWatch(pid: pid)
        let arrival = try watch.waitForSignal(signal, deadline: deadline)
        let stopped = try watch.stopAll(after: arrival)
        var writer: CoreFileWriter
        do throws(CaptureError) {
            writer = try CoreFileWriter(path: path())
        } catch {
            stopped.detach()
            throw error
        }
        let captured = CapturedSignal(tid: arrival.tid, number: signal, signalInfo: arrival.signalInfo)
        let result = try write(stopped, before: before, signal: captured, into: &writer, options: options, trigger: trigger)
        return (result, arrival.tid)
        #endif
    }

    /// Reads the stopped process, writes its memory, lets it go, then writes the headers and
    /// notes and renames the file into place. Every path detaches the threads; a failure
    /// removes the partial file.
    private static func write(
        _ stopped: StoppedProcess, before: ProcessBeforeCapture, signal: CapturedSignal?,
        into writer: inout CoreFileWriter, options: CaptureOptions, trigger: String?
    ) throws(CaptureError) -> CaptureResult {
        let pid = stopped.pid
        let pageSize = KernelInterface.pageSize()
        var released: ContinuousClock.Instant?
        defer { if released == nil { stopped.detach() } }
        // The address space is read through a live thread: once the leader has called
        // `pthread_exit`, `/proc/PID/maps` is empty and `process_vm_readv(PID)` fails.
        let memoryTask = stopped.threadIDs.first { $0 == pid } ?? stopped.threadIDs.first ?? pid
        var reader = ProcessMemoryReader(pid: memoryTask, pageSize: pageSize)
        defer { reader.close() }
        do throws(CaptureError) {
            let captureTime = KernelInterface.wallClockNanoseconds()
            let monotonicTime = KernelInterface.monotonicNanoseconds()
            let ticks = KernelInterface.clockTicksPerSecond()
            var threads: [ThreadSnapshot] = []
            for tid in stopped.threadIDs {
                threads.append(try ThreadSnapshot.read(pid: pid, tid: tid, isLeader: tid == pid, ticksPerSecond: ticks))
            }
            let mappings = try readProcFile(pid: memoryTask, name: "maps").map(MemoryMapping.parseAll)
            let auxiliaryVector = try readProcFile(pid: memoryTask, name: "auxv")
            let process = ProcessSnapshot(
                pid: pid, threads: threads, stateBeforeCapture: before.state, command: before.command,
                commandLine: before.commandLine, auxiliaryVector: auxiliaryVector ?? [], mappings: mappings ?? [],
                pageSize: pageSize, captureTimeNanoseconds: captureTime, monotonicNanoseconds: monotonicTime,
                trigger: trigger, signal: signal,
                xsaveLayout: XSaveLayout.writtenByRunningKernel(extendedState: threads.first?.extendedState),
                // Read while the threads are stopped, so it names the code they are in.
                perfMap: PerfMapCopy.read(pid: pid))
            var segments = CoreSegment.plan(process.mappings, options: options, pageSize: pageSize) {
                reader.startsWithELFHeader($0)
            }
            if let total = options.maxCoreBytes {
                segments = CoreSegment.capped(
                    segments, toTotal: total, stackPointers: threads.map(\.stackPointer), pageSize: pageSize,
                    dataRuns: reader.dataRuns)
            }
            let noteSize = CoreNoteEncoder.encode(process, stoppedNanoseconds: 0).count
            let layout = try CoreFileLayout(segments: segments, noteSize: noteSize, pageSize: pageSize)
            try writer.writeMemory(of: layout, from: &reader)
            if reader.processVanished { throw CaptureError.processExited(pid: pid) }

            let releasedAt = stopped.detach()
            released = releasedAt
            let stoppedDuration = stopped.stoppedAt.duration(to: releasedAt)
            let notes = CoreNoteEncoder.encode(process, stoppedNanoseconds: UInt64(nanoseconds(stoppedDuration)))
            precondition(notes.count == noteSize, "the notes changed size between layout and writing")
            try writer.write(layout.headers(pageSize: pageSize), at: 0)
            try writer.write(notes, at: layout.noteOffset)
            try writer.finish(fileSize: layout.fileSize)
            return CaptureResult(
                path: writer.path, threadCount: threads.count, stoppedDuration: stoppedDuration, bytesWritten: writer.bytesWritten)
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// `/proc/PID/<name>`; nil when the kernel refuses it (a file the core can do without).
    /// - Throws: ``CaptureError/processExited(pid:)`` when the process is gone.
    private static func readProcFile(pid: Int32, name: String) throws(CaptureError) -> [UInt8]? {
        switch KernelInterface.readFile("/proc/\(pid)/\(name)") {
        case .success(let bytes): return bytes
        case .failure(let error) where error.code == ENOENT || error.code == ESRCH: throw CaptureError.processExited(pid: pid)
        case .failure: return nil
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
