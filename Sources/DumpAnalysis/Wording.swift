import DumpModel

/// How findings word the evidence: places in the code, times, shares.
enum Wording {
    /// `warm_up_model_cache (warmup-lock.c:39)`, or the bare function without a source line.
    static func place(_ frame: Frame, in process: Process) -> String {
        let name = "`" + FrameName.readable(frame, in: process) + "`"
        guard let source = frame.source else { return name }
        return "\(name) (\(source.shortDescription))"
    }

    /// The frame a finding names a thread by: its innermost application frame, else its
    /// innermost frame (a thread only in the C library or a runtime), nil without a stack.
    /// Titles (``function(of:in:frames:)``) and texts (``location(of:in:frames:)``) both name
    /// this frame, so that they never disagree.
    static func namedFrame(of thread: Thread, frames: ApplicationFrames) -> Frame? {
        frames.innermostApplicationFrame(of: thread) ?? thread.frames.first
    }

    /// The function a thread is in, for a title: "`warm_up_model_cache`", or
    /// ``noStack`` without a stack.
    static func function(of thread: Thread, in process: Process, frames: ApplicationFrames) -> String {
        namedFrame(of: thread, frames: frames).map { "`" + FrameName.readable($0, in: process) + "`" } ?? noStack
    }

    /// Where a thread is: the frame ``namedFrame(of:frames:)`` picks with its source line, and
    /// its caller when that frame is the application's, e.g.
    /// "`warm_up_model_cache` (warm.c:9), called from `bulk_insert`".
    static func location(of thread: Thread, in process: Process, frames: ApplicationFrames) -> String {
        guard let frame = namedFrame(of: thread, frames: frames) else { return noStack }
        var text = place(frame, in: process)
        let application = thread.frames.filter { !frames.isRuntime($0) }
        if application.count > 1 { text += ", called from `" + FrameName.readable(application[1], in: process) + "`" }
        return text
    }

    /// How a thread without a stack is placed.
    static let noStack = "an unknown place (no stack)"

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
