import DumpModel

/// Watches a live process through `/proc/PID/stat` until a trigger's condition holds.
///
/// One monitor serves a whole series: it keeps its CPU readings between captures, so when the
/// load stays high the next core is taken as soon as the interval has passed.
public struct TriggerMonitor {
    /// The process watched.
    public let pid: Int32
    /// The condition. For ``CaptureTrigger/signal(_:)`` the monitor only keeps the interval
    /// of a series: the signal is watched by ``CoreCapturer/captureAtSignal(_:pid:options:trigger:path:)``.
    public let trigger: CaptureTrigger
    private let samplingPeriod: Duration
    private let ticksPerSecond: Int64
    private let pageSize: UInt64
    private let started = ContinuousClock.now
    /// When the wait began, which a timeout counts from.
    private let waitStarted: ContinuousClock.Instant
    private var window: CPULoadWindow

    /// - Parameters:
    ///   - trigger: the condition.
    ///   - samplingPeriod: how often `/proc` is read: the granularity of `--for`.
    ///   - waitStarted: when the wait began (before the process was found, for `--name`): a
    ///     timeout says how long was waited from then, which is at least `--timeout`.
    public init(
        pid: Int32, trigger: CaptureTrigger, samplingPeriod: Duration = .milliseconds(500),
        waitStarted: ContinuousClock.Instant = .now
    ) {
        self.pid = pid
        self.trigger = trigger
        self.waitStarted = waitStarted
        self.samplingPeriod = samplingPeriod
        ticksPerSecond = KernelInterface.clockTicksPerSecond()
        pageSize = KernelInterface.pageSize()
        switch trigger {
        case .cpuAbove(_, let sustained), .cpuBelow(_, let sustained):
            window = CPULoadWindow(sustained: sustained, tick: .seconds(1) / Int(ticksPerSecond))
        default: window = CPULoadWindow(sustained: .zero)
        }
    }

    /// Reads the process every sampling period until the condition holds at or after
    /// `earliest`, and says what was read then: `98.6%` (the average over `--for`),
    /// `612 MiB`, `212 threads`, or nil for ``CaptureTrigger/immediately`` and
    /// ``CaptureTrigger/signal(_:)``, which fire as soon as `earliest` has come.
    /// - Parameter deadline: when to give up, nil to wait as long as it takes.
    /// - Throws: ``CaptureError/exitedBeforeTrigger(pid:)`` when the process ends first
    ///   (``CaptureError/exitedBeforeCore(pid:)`` for ``CaptureTrigger/immediately``),
    ///   ``CaptureError/triggerTimedOut(pid:trigger:waited:)`` at `deadline`.
    public mutating func waitUntilFired(
        notBefore earliest: ContinuousClock.Instant = .now, deadline: ContinuousClock.Instant? = nil
    ) throws(CaptureError) -> String? {
        var next = ContinuousClock.now
        while true {
            let stat = try read()
            let now = ContinuousClock.now
            window.add(elapsed: started.duration(to: now), cpu: cpuTime(stat))
            if now >= earliest, let reading = reading(stat) { return reading.isEmpty ? nil : reading }
            if let deadline, now >= deadline {
                throw CaptureError.triggerTimedOut(pid: pid, trigger: trigger.description, waited: waitStarted.duration(to: now))
            }
            next = max(next + samplingPeriod, now)
            // A trigger that fires at once wakes exactly at `earliest`, and still reads every
            // period until then, so that a process ending meanwhile is seen when it ends.
            let wake = Self.firesAtOnce(trigger) ? min(next, earliest) : next
            KernelInterface.sleep(until: deadline.map { min(wake, max($0, now)) } ?? wake)
        }
    }

    /// Starts the CPU readings afresh: call it after a capture, so that the time the process
    /// was stopped is not read as an idle (or busy) interval.
    public mutating func restart() {
        window.clear()
    }

    /// What fired, in words, or nil when the condition does not hold.
    private func reading(_ stat: ProcStat) -> String? {
        switch trigger {
        case .immediately, .signal:
            return ""
        case .cpuAbove(let percent, let sustained), .cpuBelow(let percent, let sustained):
            let above = if case .cpuAbove = trigger { true } else { false }
            return window.load(over: sustained, above: above, percent: percent).map {
                "\(Self.percentText($0))%"
            }
        case .residentMemoryAbove(let limit):
            let resident = stat.residentPages &* pageSize
            return resident > limit ? ByteSize.format(resident) : nil
        case .threadCountAbove(let limit):
            return stat.threadCount > limit ? "\(stat.threadCount) threads" : nil
        }
    }

    private static func firesAtOnce(_ trigger: CaptureTrigger) -> Bool {
        switch trigger {
        case .immediately, .signal: true
        default: false
        }
    }

    private func read() throws(CaptureError) -> ProcStat {
        guard case .success(let bytes) = KernelInterface.readFile("/proc/\(pid)/stat"), let stat = ProcStat(bytes),
              stat.isLiveProcess(pid: pid)
        else { throw trigger == .immediately ? CaptureError.exitedBeforeCore(pid: pid) : .exitedBeforeTrigger(pid: pid) }
        return stat
    }

    private func cpuTime(_ stat: ProcStat) -> Duration {
        let ticks = stat.userTicks &+ stat.systemTicks
        return .seconds(Int64(ticks / UInt64(ticksPerSecond))) + .seconds(Double(ticks % UInt64(ticksPerSecond)) / Double(ticksPerSecond))
    }

    private static func percentText(_ value: Double) -> String {
        String(Double((value * 10).rounded()) / 10)
    }
}
