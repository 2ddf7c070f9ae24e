import DumpModel

/// A short, stable identifier of a crash for grouping identical crashes in a pipeline: a
/// 64-bit FNV-1a hash, in hex, of the signal, the kind of crash and the names of the innermost
/// application frames of the crashing thread. No address goes in, so it survives ASLR,
/// rebuilds that move code, and runs on other machines.
public enum CrashSignature {
    /// How many application frames count.
    public static let frameCount = 5

    /// The signature of `crash` in `process`, or nil when the process did not crash. Behind a
    /// crash handler, the frames are the interrupted code's, not the handler's.
    public static func of(_ crash: CrashReport?, in process: Process, frames: ApplicationFrames) -> String? {
        guard let crash else { return nil }
        var parts = [crash.signalName, kindName(crash.kind), crash.signalCodeDescription?.name ?? ""]
        if let thread = crash.crashingTID.flatMap(process.thread(tid:)) {
            parts += thread.frames.dropFirst(crash.handler?.interruptedFrameIndex ?? 0).filter { !frames.isRuntime($0) }.prefix(frameCount).map { FrameName.of($0, in: process) }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The kind of crash, without its details (an offset or a depth varies between runs).
    public static func kindName(_ kind: CrashReport.Kind) -> String {
        switch kind {
        case .nullDereference: "null-dereference"
        case .stackOverflow: "stack-overflow"
        case .abort: "abort"
        case .uncaughtException: "uncaught-exception"
        case .other: "other"
        }
    }
}
