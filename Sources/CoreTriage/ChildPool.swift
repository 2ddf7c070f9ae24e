internal import CTriageShim
import Glibc

/// Runs commands as children, at most `jobs` at a time, from one thread: `poll` over their
/// pipes, each child in its own process group under ``ChildLimits`` (killed with its group at
/// the deadline), its output read into bounded buffers. The caller's `finished` runs on the
/// calling thread as each child ends, in the order they end.
public struct ChildPool {
    /// How many children run at once (at least 1).
    public var jobs: Int
    public var limits: ChildLimits

    public init(jobs: Int, limits: ChildLimits) {
        self.jobs = max(1, jobs)
        self.limits = limits
    }

    /// From now on, SIGINT, SIGTERM and SIGHUP stop ``run(_:finished:)`` (its children
    /// killed) instead of ending the process at once, which would leave the children running:
    /// they are in process groups of their own, which a terminal's ^C does not reach.
    public static func catchStopSignals() { child_process_catch_stop_signals() }

    /// The stop signal caught since ``catchStopSignals()``, nil when none.
    public static var stopSignal: Int32? {
        let signal = child_process_stop_signal()
        return signal == 0 ? nil : signal
    }

    /// Runs every command, calling `finished(index, result)` as each ends. When a stop signal
    /// is caught (``catchStopSignals()``), the running children are killed with their groups,
    /// no other is started, and `finished` is not called for them.
    public func run(_ commands: [ChildCommand], finished: (Int, ChildResult) -> Void) {
        var next = 0
        var running: [RunningChild] = []
        while next < commands.count || !running.isEmpty {
            if Self.stopSignal != nil {
                for var child in running { child.stop() }
                return
            }
            while running.count < jobs, next < commands.count {
                switch RunningChild.start(commands[next], index: next, limits: limits) {
                case .running(let child): running.append(child)
                case .failed(let result): finished(next, result)
                }
                next += 1
            }
            guard !running.isEmpty else { continue }
            waitForActivity(&running)
            var stillRunning: [RunningChild] = []
            for var child in running {
                if let result = child.advance(limits: limits) {
                    finished(child.index, result)
                } else {
                    stillRunning.append(child)
                }
            }
            running = stillRunning
        }
    }

    /// Polls the open pipes of every child until one is readable or the nearest deadline.
    private func waitForActivity(_ running: inout [RunningChild]) {
        var descriptors: [pollfd] = []
        for child in running {
            for descriptor in child.openDescriptors {
                descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            }
        }
        let now = MonotonicClock.milliseconds()
        let nearest = running.map(\.deadlineMilliseconds).min() ?? now
        // A child whose pipes are closed but which has not exited is checked again soon; a stop
        // signal caught just before `poll` is seen within a second.
        let exitedPipes = running.contains { $0.openDescriptors.isEmpty }
        let wait = min(exitedPipes ? 10 : 1000, max(0, nearest - now))
        let timeout = Int32(clamping: wait)
        _ = descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeout) }
        var readable = Set<Int32>()
        for descriptor in descriptors where descriptor.revents != 0 { readable.insert(descriptor.fd) }
        for position in running.indices { running[position].read(readable, limits: limits) }
    }
}

/// The monotonic clock, in milliseconds.
enum MonotonicClock {
    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
