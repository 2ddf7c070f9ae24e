/// A program a ``ChildPool`` runs, and the limits it runs under.
public struct ChildCommand: Equatable, Sendable {
    /// The program's path (execve does not search `PATH`).
    public var executable: String
    /// Its arguments, `argv[0]` first.
    public var arguments: [String]

    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }
}

/// How long a child may run, how much memory it may map and how much it may write.
public struct ChildLimits: Equatable, Sendable {
    /// Wall-clock time, in milliseconds, after which the child's process group is killed.
    public var timeoutMilliseconds: Int64
    /// `RLIMIT_AS` in bytes, 0 for none.
    public var addressSpaceBytes: UInt64
    /// The most standard output kept; a child writing more is killed.
    public var maximumOutputBytes: Int
    /// The most standard error kept (its end is dropped, the child goes on).
    public var maximumErrorBytes: Int

    public init(timeoutMilliseconds: Int64, addressSpaceBytes: UInt64, maximumOutputBytes: Int, maximumErrorBytes: Int = 65_536) {
        self.timeoutMilliseconds = timeoutMilliseconds
        self.addressSpaceBytes = addressSpaceBytes
        self.maximumOutputBytes = maximumOutputBytes
        self.maximumErrorBytes = maximumErrorBytes
    }
}

/// How a child ended and what it wrote.
public struct ChildResult: Equatable, Sendable {
    public enum Ending: Equatable, Sendable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it (not ours).
        case signalled(Int32)
        /// It ran past ``ChildLimits/timeoutMilliseconds`` and its process group was killed.
        case timedOut
        /// It wrote more than ``ChildLimits/maximumOutputBytes`` and its process group was killed.
        case outputTooLarge
        /// It could not be started: fork or exec failed with this `errno`.
        case couldNotStart(errno: Int32)
    }

    public var ending: Ending
    /// Its standard output (up to the limit).
    public var output: [UInt8]
    /// Its standard error (up to the limit).
    public var errorOutput: [UInt8]

    public init(ending: Ending, output: [UInt8], errorOutput: [UInt8]) {
        self.ending = ending
        self.output = output
        self.errorOutput = errorOutput
    }
}
