/// Watches a live process through `/proc/PID/stat` until a trigger's condition holds.
///
/// One monitor serves a whole series: it keeps its CPU readings between captures, so when the
/// load stays high the next core is taken as soon as the interval has passed.
public struct TriggerMonitor {
    /// The process watched.
    public let pid: Int32
    /// The condition; ``CaptureTrigger/signal(_:)`` is watched by ``SignalWatch`` instead.
    public let trigger: CaptureTrigger
    private let samplingPeriod: Duration
    private let ticksPerSecond: Int64
    private let pageSize: UInt64
    private let started = ContinuousClock.now
    private var window: CPULoadWindow

    /// - Parameters:
    ///   - trigger: any trigger but ``CaptureTrigger/signal(_:)``.
    ///   - samplingPeriod: how often `/proc` is read: the granularity of `--for`.
    public init(pid: Int32, trigger: CaptureTrigger, samplingPeriod: Duration = .milliseconds(500)) {
        self.pid = pid
        self.trigger = trigger
        self.samplingPeriod = samplingPeriod
        ticksPerSecond = KernelInterface.clockTicksPerSecond()
        pageSize = KernelInterface.pageSize()
        switch trigger {
        case .cpuAbove(_, let sustained), .cpuBelow(_, let sustained): window = CPULoadWindow(sustained: sustained)
        default: window = CPULoadWindow(sustained: .zero)
        }
    }

    /// Reads the process every sampling period until the condition holds at or after
    /// `earliest`, and says what was read then: `98.6%` (the average over `--for`),
    /// `612 MiB`, `212 threads`, or nil for ``CaptureTrigger/immediately``.
    /// - Throws: ``CaptureError/exitedBeforeTrigger(pid:)`` when the process ends first.
    public mutating func waitUntilFired(notBefore earliest: ContinuousClock.Instant = .now) throws(CaptureError) -> String? {
        var next = ContinuousClock.now
        while true {
            let stat = try read()
            let now = ContinuousClock.now
            window.add(elapsed: started.duration(to: now), cpu: cpuTime(stat))
            if now >= earliest, let reading = reading(stat) { return reading.isEmpty ? nil : reading }
            next = max(next + samplingPeriod, now)
            KernelInterface.sleep(until: max(next, trigger == .immediately ? earliest : next))
        }
    }

    /// What fired, in words, or nil when the condition does not hold.
    private func reading(_ stat: ProcStat) -> String? {
        switch trigger {
        case .immediately:
            return ""
        case .cpuAbove(let percent, let sustained), .cpuBelow(let percent, let sustained):
            let above = if case .cpuAbove = trigger { true } else { false }
            return window.load(over: sustained, above: above, percent: percent).map {
                "\(Self.percentText($0))%"
            }
        case .residentMemoryAbove(let limit):
            let resident = stat.residentPages &* pageSize
            return resident > limit ? "\(resident >> 20) MiB" : nil
        case .threadCountAbove(let limit):
            return stat.threadCount > limit ? "\(stat.threadCount) threads" : nil
        case .signal:
            return nil
        }
    }

    private func read() throws(CaptureError) -> ProcStat {
        guard case .success(let bytes) = KernelInterface.readFile("/proc/\(pid)/stat"), let stat = ProcStat(bytes),
              stat.state != "Z", stat.state != "X"
        else { throw CaptureError.exitedBeforeTrigger(pid: pid) }
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
