/// Whose code a frame is in: the machine code of a native module, or a method of a managed
/// runtime read from that runtime's own structures or maps.
///
/// Reports show it on every frame that is not native (`[python]`, `[go]`, `[jit]`, `[java]`),
/// JSON writes it as `runtime`, and the HTML flame graph colours each kind apart.
public enum FrameRuntime: String, Equatable, Hashable, Sendable, CaseIterable {
    /// Machine code of a native module: C, C++, Rust, Swift, and a runtime's own C code.
    case native
    /// A Python function, read from CPython's frame chain in place of the evaluation-loop
    /// frame that was running it.
    case python
    /// A Go function of a goroutine's stack.
    case go
    /// Code a JIT compiler wrote into anonymous memory, named by the runtime's perf map
    /// (Node, the JVM, .NET, Python's `-X perf`) or its code cache.
    case jit
    /// A Java method the JVM was interpreting, read through HotSpot's `gHotSpotVMStructs`.
    case java
}
