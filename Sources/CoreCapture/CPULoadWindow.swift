/// The recent CPU readings of a process, and whether its load stayed above or below a
/// threshold for a while: the state behind the CPU triggers.
///
/// A reading is the process's cumulative CPU time (user plus system) at a moment. The load
/// between two consecutive readings is the CPU time used divided by the time passed. The
/// condition holds when every such load in the last `sustained` is on the right side of the
/// threshold, as procdump checks it second by second.
struct CPULoadWindow {
    private struct Reading {
        var elapsed: Duration
        var cpu: Duration
    }

    private var readings: [Reading] = []
    /// How far back readings are kept.
    private let span: Duration

    /// - Parameter sustained: how long a condition must hold; readings older than that (and
    ///   one before, to give the first interval its start) are dropped.
    init(sustained: Duration) {
        span = sustained
    }

    /// Adds a reading: `cpu` used by the process so far, at `elapsed` since any fixed start.
    /// Readings must come in time order.
    mutating func add(elapsed: Duration, cpu: Duration) {
        if let last = readings.last, elapsed <= last.elapsed { return }
        readings.append(Reading(elapsed: elapsed, cpu: cpu))
        // Keep the newest reading at or before the window's start, and everything after it.
        let windowStart = elapsed - span
        if let firstInside = readings.firstIndex(where: { $0.elapsed > windowStart }), firstInside > 1 {
            readings.removeFirst(firstInside - 1)
        }
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
            if above ? load < percent : load > percent { return nil }
        }
        return Self.percent(from: readings[first], to: last)
    }

    /// The load in the latest interval, as % of one CPU; nil before two readings.
    var latestLoad: Double? {
        guard readings.count >= 2 else { return nil }
        return Self.percent(from: readings[readings.count - 2], to: readings[readings.count - 1])
    }

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
