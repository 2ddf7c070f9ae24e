import DumpModel

/// A managed runtime's reader: finds the runtime's own structures in a process image (CPython's
/// thread states, Go's goroutines, HotSpot's JavaThreads, a JIT's perf map) and rewrites the
/// process with what they say, so that every analysis and report sees methods, files and lines
/// where the native unwind shows an evaluation loop or an unnamed address.
///
/// A reader treats everything it reads as hostile: each pointer and length is checked where
/// it is read, chains are cut at a fixed length and on a repeated address, and a structure that
/// does not validate leaves the native frames as they were, with a diagnostic saying why.
public protocol RuntimeStackReader: Sendable {
    /// Rewrites `process` (the threads' frames, the goroutines, the diagnostics) from the
    /// runtime's structures in `image`; leaves it unchanged when the runtime is not there.
    func read(_ image: ProcessImage, context: RuntimeReadContext, into process: inout Process)
}
