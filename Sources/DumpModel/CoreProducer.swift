/// Who wrote the core file, which decides what its notes can be trusted for.
public enum CoreProducer: String, Equatable, Hashable, Sendable {
    /// The Linux kernel on a fatal signal: per-thread CPU times are real. Kernel cores have
    /// no section headers.
    case kernel
    /// A user-space tool such as gdb's `gcore`, procdump or .NET's createdump (recognised by
    /// the section headers they add): CPU times are all zero, and the signal notes describe
    /// the tool's own ptrace stop, not a cause of the core.
    case tool
    /// `analyze-dump capture` (recognised by its ``CaptureNote``, whether or not that note
    /// could be decoded): per-thread CPU times are real, as in kernel cores, and an
    /// `NT_SIGINFO`, when there is one, is the signal that triggered the capture.
    case analyzeDump = "analyze-dump"
}
