import Foundation

/// The frames eu-stack printed for each thread (`eu-stack -i -s -m`): the oracle the reader's
/// stacks are compared with.
public struct EuStackOutput: Sendable {
    /// One printed frame.
    public struct Frame: Equatable, Sendable {
        public var address: UInt64
        /// The function name, or nil when eu-stack printed none.
        public var function: String?
        /// The source position as eu-stack printed it under the frame (see ``sourceText``),
        /// or nil when it printed none.
        public var source: String?

        public init(address: UInt64, function: String?, source: String? = nil) {
            self.address = address
            self.function = function
            self.source = source
        }
    }

    /// A source position written as eu-stack writes it: `file`, then `:line` when the line is
    /// known, then `:column` when the column is known too.
    public static func sourceText(file: String, line: Int, column: Int) -> String {
        guard line > 0 else { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }

    /// Frames by TID, innermost first.
    public var threads: [Int32: [Frame]] = [:]
    /// Threads whose stack eu-stack cut at its frame limit (`shown max number of frames`):
    /// for these only a prefix of the stack is known.
    public var cutTIDs: Set<Int32> = []
    /// eu-stack's error lines other than the frame limit: when there are any, the oracle is
    /// not a complete account of the core.
    public var errors: [String] = []

    /// Parses lines `TID 123:`, `#0  0x0000000000401796 warm_up_model_cache - /path` and the
    /// source line indented under a frame.
    init(parsing text: String) {
        var current: Int32?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("TID "), line.hasSuffix(":"), let tid = Int32(line.dropFirst(4).dropLast()) {
                current = tid
                threads[tid] = []
                continue
            }
            if line.hasPrefix("eu-stack: ") {
                if line.contains("shown max number of frames"), let tid = current {
                    cutTIDs.insert(tid)
                } else {
                    errors.append(String(line))
                }
                continue
            }
            if line.hasPrefix("    "), let tid = current, let last = threads[tid]?.indices.last {
                threads[tid]?[last].source = String(line.drop { $0 == " " })
                continue
            }
            guard let tid = current, line.hasPrefix("#") else { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[1].hasPrefix("0x"), let address = UInt64(fields[1].dropFirst(2), radix: 16) else { continue }
            var function: String?
            if fields.count >= 3, fields[2] != "-" {
                let rest = line[line.range(of: String(fields[1]))!.upperBound...].drop { $0 == " " }
                let name = rest.range(of: " - ", options: .backwards).map { rest[..<$0.lowerBound] } ?? rest
                function = String(name)
            }
            threads[tid, default: []].append(Frame(address: address, function: function))
        }
    }
}
