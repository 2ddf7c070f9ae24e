import Foundation
import Testing
import CoreCapture
import CoreDump
import FixtureSupport

/// How long a 1,000-thread process is stopped by our capture and by gdb's `gcore`. Opt-in:
/// `ANALYZE_DUMP_CAPTURE_BENCH=<many-threads executable> swift test --filter CaptureBenchmark`;
/// the program takes the thread count and prints `ready` once every thread is parked.
struct CaptureBenchmarkTests {
    static let program = ProcessInfo.processInfo.environment["ANALYZE_DUMP_CAPTURE_BENCH"]

    @Test(.enabled(if: program != nil, "set ANALYZE_DUMP_CAPTURE_BENCH to a many-threads executable"))
    func thousandThreadsAgainstGcore() throws {
        let directory = try Scratch.makeDirectory(named: "capture-bench")
        let script = directory + "/many-threads-1000"
        try "#!/bin/sh\nexec '\(try #require(Self.program))' 1000\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let running = try CapturableProgram(script)
        defer { running.kill() }
        let pid = running.processIdentifier

        let started = ContinuousClock.now
        let result = try CoreCapturer.capture(pid: pid, to: directory + "/ours.core")
        let ourWall = started.duration(to: .now)
        #expect(result.threadCount == 1001)
        #expect(!LiveProcess.threadStates(pid).contains { $0 == "t" || $0 == "T" })

        let watcher = StopWatcher(pid: pid)
        let gcoreStarted = ContinuousClock.now
        try Command.run("/usr/bin/env", ["gcore", "-o", directory + "/gcore", String(pid)])
        let gcoreWall = gcoreStarted.duration(to: .now)
        let gcoreStopped = watcher.finish()

        let readStarted = ContinuousClock.now
        let process = try CoreReader.read(path: result.path).process
        #expect(process.threads.count == 1001)
        #expect(process.hasCPUAccounting)
        print("""
            1,000 threads: ours stopped \(result.stoppedDuration) (capture \(ourWall) in all, \(result.bytesWritten) bytes); \
            gcore stopped about \(gcoreStopped) (first to last 't' seen, polled every 5 ms; \(gcoreWall) in all); \
            reading ours took \(readStarted.duration(to: .now))
            """)
    }
}

/// Polls the leader's state every 5 ms on its own thread and measures the time from the first
/// to the last sample in a tracing stop (`t`): how long a tool whose stop we cannot time
/// from inside held the process.
private final class StopWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var firstStop: ContinuousClock.Instant?
    private var lastStop: ContinuousClock.Instant?
    private let done = DispatchSemaphore(value: 0)

    init(pid: Int32) {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let state = LiveProcess.state(pid: pid, tid: pid)
                if state == "t" {
                    let now = ContinuousClock.now
                    lock.withLock {
                        if firstStop == nil { firstStop = now }
                        lastStop = now
                    }
                }
                usleep(5000)
            }
            done.signal()
        }
    }

    /// Stops polling and returns the stopped time seen (zero if never stopped).
    func finish() -> Duration {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { firstStop.flatMap { first in lastStop.map { first.duration(to: $0) } } ?? .zero }
    }
}
