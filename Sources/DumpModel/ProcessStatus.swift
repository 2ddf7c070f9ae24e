/// What `NT_PRPSINFO` says of the process: its command, state and credentials.
public struct ProcessStatus: Equatable, Hashable, Sendable {
    /// The executable's name as the kernel keeps it (`comm`, at most 15 characters).
    public var command: String
    /// The start of the command line, arguments separated by spaces (at most 80 characters:
    /// the kernel truncates longer command lines).
    public var arguments: String
    /// The process state letter (`R`, `S`, `D`, `T`, `Z`).
    public var state: Character
    /// The nice value.
    public var nice: Int8
    /// The kernel's process flags (`PF_*`).
    public var flags: UInt64
    /// The real user id.
    public var uid: UInt32
    /// The real group id.
    public var gid: UInt32
    /// The parent process id.
    public var parentPID: Int32
    /// The process group id.
    public var processGroupID: Int32
    /// The session id.
    public var sessionID: Int32

    public init(
        command: String, arguments: String, state: Character, nice: Int8, flags: UInt64,
        uid: UInt32, gid: UInt32, parentPID: Int32, processGroupID: Int32, sessionID: Int32
    ) {
        self.command = command
        self.arguments = arguments
        self.state = state
        self.nice = nice
        self.flags = flags
        self.uid = uid
        self.gid = gid
        self.parentPID = parentPID
        self.processGroupID = processGroupID
        self.sessionID = sessionID
    }
}
