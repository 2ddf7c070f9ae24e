/// Why `analyze-dump handle` could not store a core. Each message names the failing operation
/// and what to do; the handler logs it (it has no terminal).
public enum IntakeError: Error, Equatable, CustomStringConvertible {
    /// The spool directory is a symbolic link, not a directory, or not owned by this user with
    /// mode 0700.
    case unsafeSpool(path: String, reason: String)
    /// A system call on the spool failed.
    case spoolFailure(operation: String, errno: Int32)
    /// The zstd compressor failed.
    case compressionFailed(reason: String)

    public var description: String {
        switch self {
        case .unsafeSpool(let path, let reason):
            return "the spool \(path) is not safe to write: \(reason); make it a directory owned by root with mode 0700"
        case .spoolFailure(let operation, let code):
            return "\(operation) failed: \(SystemCall.errorText(code)); check the spool's file system (space, permissions)"
        case .compressionFailed(let reason):
            return "zstd compression failed: \(reason)"
        }
    }
}
