import DumpModel

/// A short, stable identifier of a crash for grouping identical crashes in a pipeline: a
/// 64-bit FNV-1a hash, in hex, of the signal, the kind of crash and the names of the innermost
/// application frames of the crashing thread. No address goes in, so it survives ASLR,
/// rebuilds that move code, and runs on other machines.
public enum CrashSignature {
    /// How many application frames count.
    public static let frameCount = 5

    /// The signature of `crash` in `process`. Behind a crash handler, the frames are the
    /// interrupted code's, not the handler's.
    public static func of(_ crash: CrashReport, in process: Process, frames: ApplicationFrames) -> String {
        SignatureHash.of(
            [crash.signalName, kindName(crash.kind), crash.signalCodeDescription?.name ?? ""]
                + signatureFrames(of: crash, in: process, frames: frames).map { FrameName.of($0, in: process) })
    }

    /// The frames whose names go into the signature of `crash`: the innermost ``frameCount``
    /// application frames of the crashing thread (behind a crash handler, of the interrupted
    /// code), each named as ``FrameName`` names it (`module+0xoffset` without a symbol).
    public static func signatureFrames(of crash: CrashReport, in process: Process, frames: ApplicationFrames) -> [Frame] {
        guard let thread = crash.crashingTID.flatMap(process.thread(tid:)) else { return [] }
        return Array(thread.frames.dropFirst(crash.handler?.interruptedFrameIndex ?? 0).filter { !frames.isRuntime($0) }.prefix(frameCount))
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
