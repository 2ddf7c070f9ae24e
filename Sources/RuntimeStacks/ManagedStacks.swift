import DumpModel

/// Runs every runtime reader over a process image, in an order where each builds on the last:
/// JIT frames are named before interpreters look for their own frames.
public enum ManagedStacks {
    /// The readers, in the order they run. A new runtime is one reader added here.
    static let readers: [any RuntimeStackReader] = [PerfMapReader(), CPythonStackReader(), HotSpotStackReader(), GoroutineReader()]

    /// The process of `image` with every managed runtime's frames merged in.
    public static func merged(_ image: ProcessImage, context: RuntimeReadContext) -> Process {
        var process = image.process
        for reader in readers { reader.read(image, context: context, into: &process) }
        return process
    }
}
