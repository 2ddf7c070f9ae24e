import DumpModel

/// How findings word the evidence: places in the code, times, shares.
enum Wording {
    /// `warm_up_model_cache (warmup-lock.c:39)`, or the bare function without a source line.
    static func place(_ frame: Frame, in process: Process) -> String {
        let name = "`" + FrameName.of(frame, in: process) + "`"
        guard let source = frame.source else { return name }
        return "\(name) (\(source.shortDescription))"
    }

    /// Where a thread is: its innermost application frame and that frame's caller, e.g.
    /// "`warm_up_model_cache` (warm.c:9), called from `bulk_insert`".
    static func location(of thread: Thread, in process: Process, frames: ApplicationFrames) -> String {
        let application = thread.frames.filter { !frames.isRuntime($0) }
        guard let innermost = application.first else {
            return thread.frames.first.map { place($0, in: process) } ?? "an unknown place (no stack)"
        }
        var text = place(innermost, in: process)
        if application.count > 1 { text += ", called from `" + FrameName.of(application[1], in: process) + "`" }
        return text
    }

    /// `2.51 s`.
    static func seconds(_ time: CPUTime) -> String { time.formattedTotal }

    /// `80 %`.
    static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? "\(Int(saturatingRounded: Double(part) * 100 / Double(whole))) %" : "0 %"
    }

    /// `thread 672`, `threads 672, 673 and 674`, or beyond `limit` the count and the first
    /// `limit`: `12 threads (672, 673, 674, 675, 676, 677, ...)`.
    static func threads(_ tids: [Int32], listUpTo limit: Int = 6) -> String {
        switch tids.count {
        case 0: return "no thread"
        case 1: return "thread \(tids[0])"
        case 2...limit:
            return "threads " + tids.dropLast().map(String.init).joined(separator: ", ") + " and \(tids.last!)"
        default:
            return "\(tids.count) threads (" + tids.prefix(limit).map(String.init).joined(separator: ", ") + ", ...)"
        }
    }

    /// `1 thread`, `4 threads`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `0x4bc3e0`.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}

extension String {
    /// The string with its first letter upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
