/// One goroutine of delve's `goroutines -t`:
///
///     * Goroutine 18 - User: ./main.go:36 main.warmUpCache (0x48175b) (thread 16209)
///     	0  0x000000000048175b in main.warmUpCache
///     	    at ./main.go:36
///
/// The header ends with `[wait reason]` for a parked goroutine (`[wait reason WAITSINCE]` once
/// a collection set its `waitsince`), `(thread TID)` for one on a thread; the frames follow, innermost first, an inlined call with its caller's PC.
struct DelveGoroutine {
    struct Frame: Hashable {
        var pc: UInt64
        var function: String
        var file: String
        var line: Int
    }

    var id: Int
    var waitReason: String?
    /// Its `waitsince` (`nanotime` when a collection found it parked), nil while zero.
    var waitSince: Int?
    var threadTID: Int?
    var frames: [Frame]

    static func parse(_ output: String) -> [DelveGoroutine] {
        var goroutines: [DelveGoroutine] = []
        var pending: (pc: UInt64, function: String)?
        for line in output.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "*" }
            if trimmed.hasPrefix("Goroutine "), let id = Int(trimmed.dropFirst(10).prefix { $0.isNumber }) {
                var goroutine = DelveGoroutine(id: id, waitReason: nil, waitSince: nil, threadTID: nil, frames: [])
                if trimmed.hasSuffix("]"), let open = trimmed.lastIndex(of: "[") {
                    var reason = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
                    if let space = reason.lastIndex(of: " "), let since = Int(reason[reason.index(after: space)...]) {
                        goroutine.waitSince = since
                        reason = reason[..<space]
                    }
                    goroutine.waitReason = String(reason)
                } else if trimmed.hasSuffix(")"), let open = trimmed.range(of: "(thread ", options: .backwards) {
                    goroutine.threadTID = Int(trimmed[open.upperBound...].dropLast())
                }
                goroutines.append(goroutine)
            } else if trimmed.hasPrefix("at "), let (pc, function) = pending, !goroutines.isEmpty {
                let location = trimmed.dropFirst(3)
                guard let colon = location.lastIndex(of: ":"), let number = Int(location[location.index(after: colon)...]) else { continue }
                goroutines[goroutines.count - 1].frames.append(Frame(pc: pc, function: function, file: String(location[..<colon]), line: number))
                pending = nil
            } else {
                let words = trimmed.split(separator: " ")
                if words.count == 4, Int(words[0]) != nil, words[1].hasPrefix("0x"), words[2] == "in",
                   let pc = UInt64(words[1].dropFirst(2), radix: 16) {
                    pending = (pc, String(words[3]))
                }
            }
        }
        return goroutines
    }
}
