/// The recent CPU readings of a process, and whether its load stayed above or below a
/// threshold for a while: the state behind the CPU triggers.
///
/// A reading is the process's cumulative CPU time (user plus system) at a moment. The load
/// between two consecutive readings is the CPU time used divided by the time passed. The
/// condition holds when every such load in the last `sustained` is on the right side of the
/// threshold, as procdump checks it second by second, give or take one clock tick per
/// interval: `/proc` counts CPU in ticks, so a thread that never stops reads 98 % in some
/// half-seconds and 102 % in others, and `--cpu 100` must still fire for it.
struct CPULoadWindow {
    private struct Reading {
        var elapsed: Duration
        var cpu: Duration
    }

    private var readings: [Reading] = []
    /// How far back readings are kept.
    private let span: Duration
    /// The unit of the CPU times: an interval may miss the threshold by this much.
    private let tick: Duration

    /// - Parameters:
    ///   - sustained: how long a condition must hold; readings older than that (and one
    ///     before, to give the first interval its start) are dropped.
    ///   - tick: the granularity of the CPU times (`1 / sysconf(_SC_CLK_TCK)`).
    init(sustained: Duration, tick: Duration = .milliseconds(10)) {
        span = sustained
        self.tick = tick
    }

    /// Adds a reading: `cpu` used by the process so far, at `elapsed` since any fixed start.
    /// Readings must come in time order.
    mutating func add(elapsed: Duration, cpu: Duration) {
        if let last = readings.last, elapsed <= last.elapsed { return }
        readings.append(Reading(elapsed: elapsed, cpu: cpu))
        // Keep the newest reading at or before the window's start, and everything after it.
        let windowStart = elapsed - span
        let firstInside = readings.firstIndex { $0.elapsed > windowStart } ?? readings.count - 1
        if firstInside > 1 { readings.removeFirst(firstInside - 1) }
    }

    /// The average load over the last `sustained`, as % of one CPU, when every interval in
    /// it was at or above (`above` true) or at or below `percent`; nil when the condition does
    /// not hold or the readings do not yet cover `sustained`. With a zero `sustained`, the
    /// last interval alone decides.
    func load(over sustained: Duration, above: Bool, percent: Double) -> Double? {
        guard let last = readings.last, readings.count >= 2 else { return nil }
        let first: Int
        if sustained == .zero {
            first = readings.count - 2
        } else {
            guard let start = readings.lastIndex(where: { $0.elapsed <= last.elapsed - sustained }) else { return nil }
            first = start
        }
        for index in first..<(readings.count - 1) {
            let load = Self.percent(from: readings[index], to: readings[index + 1])
            let slack = Self.seconds(tick) / Self.seconds(readings[index + 1].elapsed - readings[index].elapsed) * 100
            if above ? load + slack < percent : load - slack > percent { return nil }
        }
        return Self.percent(from: readings[first], to: last)
    }

    /// Forgets every reading: after a capture, whose stop would count as an idle interval.
    mutating func clear() {
        readings.removeAll(keepingCapacity: true)
    }

    /// How many readings are kept.
    var readingCount: Int { readings.count }

    private static func percent(from start: Reading, to end: Reading) -> Double {
        let wall = seconds(end.elapsed - start.elapsed)
        guard wall > 0 else { return 0 }
        return max(0, seconds(end.cpu - start.cpu)) / wall * 100
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
