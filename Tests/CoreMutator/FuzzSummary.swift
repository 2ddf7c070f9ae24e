import Foundation

/// What a campaign ran and found: inputs and failures per mutation class, exit statuses, and
/// the slowest and the most memory-hungry input.
public struct FuzzSummary {
    public let results: [FuzzResult]
    public let seconds: Double

    public init(results: [FuzzResult], seconds: Double) {
        self.results = results
        self.seconds = seconds
    }

    public var failures: [FuzzResult] { results.filter { !$0.problems.isEmpty } }

    /// A few lines for a terminal or a CI log.
    public var text: String {
        var lines: [String] = []
        var classes: [String: (inputs: Int, failures: Int)] = [:]
        var statuses: [String: Int] = [:]
        for result in results {
            classes[result.input.className, default: (0, 0)].inputs += 1
            if !result.problems.isEmpty { classes[result.input.className, default: (0, 0)].failures += 1 }
            switch result.run.termination {
            case .exited(let status): statuses["exit \(status)", default: 0] += 1
            case .signalled(let signal): statuses["signal \(signal)", default: 0] += 1
            case .timedOut: statuses["timeout", default: 0] += 1
            }
        }
        let runSeconds = results.reduce(0) { $0 + $1.run.seconds }
        lines.append("\(results.count) inputs, \(failures.count) failed, \(String(format: "%.1f", seconds)) s (runs \(String(format: "%.1f", runSeconds)) s); " + statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        lines.append("per class (inputs/failed): " + classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.inputs)/\($0.value.failures)" }.joined(separator: ", "))
        if let slowest = results.max(by: { $0.run.seconds < $1.run.seconds }) {
            lines.append("slowest: \(slowest.input.name) \(String(format: "%.2f", slowest.run.seconds)) s, \(slowest.run.peakResidentBytes >> 20) MiB")
        }
        if let largest = results.max(by: { $0.run.peakResidentBytes < $1.run.peakResidentBytes }) {
            lines.append("largest: \(largest.input.name) \(largest.run.peakResidentBytes >> 20) MiB, \(String(format: "%.2f", largest.run.seconds)) s")
        }
        return lines.joined(separator: "\n")
    }
}
