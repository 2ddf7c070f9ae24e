/// Who wrote the core file, which decides what its notes can be trusted for.
public enum CoreProducer: String, Equatable, Hashable, Sendable {
    /// The Linux kernel on a fatal signal: per-thread CPU times are real. Kernel cores have
    /// no section headers.
    case kernel
    /// A user-space tool such as gdb's `gcore`, procdump or .NET's createdump (recognised by
    /// the section headers they add): CPU times are all zero.
    case tool
}
