import Foundation

/// One thread of `pystack core CORE`: `Traceback for thread 4906 [...] (most recent call
/// last):`, then per frame `    (Python) File "FILE", line N, in NAME` (outermost first) and
/// the line's source. ``frames`` is innermost first, as analyze-dump lists frames.
struct PystackThread {
    /// A Python frame: the code's name (`co_name`, not the qualified name), file and line.
    struct Frame: Equatable {
        var function: String
        var file: String
        var line: Int
    }

    var tid: Int
    var frames: [Frame]

    static func parse(_ output: String) -> [PystackThread] {
        var threads: [PystackThread] = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix("Traceback for thread "), let tid = Int(line.dropFirst("Traceback for thread ".count).prefix { $0.isNumber }) {
                threads.append(PystackThread(tid: tid, frames: []))
            } else if line.hasPrefix("    (Python) File \""), !threads.isEmpty {
                let rest = line.dropFirst("    (Python) File \"".count)
                guard let quote = rest.firstIndex(of: "\""),
                      let lineRange = rest.range(of: ", line "), let inRange = rest.range(of: ", in ", range: lineRange.upperBound..<rest.endIndex),
                      let number = Int(rest[lineRange.upperBound..<inRange.lowerBound])
                else { continue }
                threads[threads.count - 1].frames.insert(
                    Frame(function: String(rest[inRange.upperBound...]), file: String(rest[..<quote]), line: number), at: 0)
            }
        }
        return threads
    }
}
