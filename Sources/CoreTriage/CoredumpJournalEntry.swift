/// What systemd-coredump's journal entry for one core says of the crash (the entry with
/// `MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1`, one object of `journalctl -o json`): the
/// `COREDUMP_*` fields triage uses. The entry is hostile input: a field is kept only when it
/// is a string of at most ``maximumFieldSize`` bytes without control characters (a binary
/// field, which journalctl prints as an array of numbers, or a field repeated in the entry,
/// printed as an array, is dropped), and numbers are range-checked. `COREDUMP_HOSTNAME` is not
/// read: the host a core is stored under never comes from the journal (``TriageRun/host(of:)``).
public struct CoredumpJournalEntry: Equatable, Sendable {
    /// The stored core's absolute path (`COREDUMP_FILENAME`): what the entry is matched by.
    public var fileName: String
    /// `COREDUMP_EXE`.
    public var executable: String?
    /// `COREDUMP_TIMESTAMP`, microseconds since the epoch.
    public var timeMicroseconds: Int64?
    /// `COREDUMP_SIGNAL`, 1 to 64.
    public var signal: Int32?
    /// `COREDUMP_USER_UNIT` when the process ran in a user's service manager, else
    /// `COREDUMP_UNIT`.
    public var unit: String?
    /// `COREDUMP_CMDLINE`: the arguments separated by spaces.
    public var commandLine: String?

    public init(
        fileName: String, executable: String? = nil, timeMicroseconds: Int64? = nil,
        signal: Int32? = nil, unit: String? = nil, commandLine: String? = nil
    ) {
        self.fileName = fileName
        self.executable = executable
        self.timeMicroseconds = timeMicroseconds
        self.signal = signal
        self.unit = unit
        self.commandLine = commandLine
    }

    /// The longest field value kept, in bytes (journalctl prints longer ones as null unless
    /// told `--all`; a command line longer than this is dropped, not cut).
    public static let maximumFieldSize = 4096

    /// The fields read, for journalctl's `--output-fields`.
    static let fieldNames = [
        "COREDUMP_FILENAME", "COREDUMP_EXE", "COREDUMP_TIMESTAMP", "COREDUMP_SIGNAL",
        "COREDUMP_UNIT", "COREDUMP_USER_UNIT", "COREDUMP_CMDLINE",
    ]

    /// Reads one entry; nil when it has no usable `COREDUMP_FILENAME` (absent, not a string,
    /// not an absolute path, longer than ``maximumFieldSize``).
    public init?(_ entry: JSONValue) {
        func field(_ name: String) -> String? {
            guard let text = entry[name]?.string, !text.isEmpty, text.utf8.count <= Self.maximumFieldSize,
                  !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
            return text
        }
        guard let fileName = field("COREDUMP_FILENAME"), fileName.hasPrefix("/") else { return nil }
        self.fileName = fileName
        executable = field("COREDUMP_EXE")
        timeMicroseconds = field("COREDUMP_TIMESTAMP").flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
        signal = field("COREDUMP_SIGNAL").flatMap { Int32($0) }.flatMap { (1...64).contains($0) ? $0 : nil }
        unit = field("COREDUMP_USER_UNIT") ?? field("COREDUMP_UNIT")
        commandLine = field("COREDUMP_CMDLINE")
    }
}
