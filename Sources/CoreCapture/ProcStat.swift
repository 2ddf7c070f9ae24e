/// The fields capture needs from `/proc/PID/stat` or `/proc/PID/task/TID/stat` (proc(5)).
struct ProcStat: Equatable {
    /// The one-letter state (`R`, `S`, `D`, `t`, `T`, `Z` ...).
    var state: Character
    var parentPID: Int32
    var processGroupID: Int32
    var sessionID: Int32
    /// The kernel's `task->flags` (`PF_*`).
    var flags: UInt64
    /// User and system time in clock ticks (fields 14 and 15); for a whole process they
    /// include the threads that ended.
    var userTicks: UInt64
    var systemTicks: UInt64
    /// Waited-for children's times in clock ticks (fields 16 and 17).
    var childUserTicks: UInt64
    var childSystemTicks: UInt64
    var nice: Int8
    /// The number of threads in the process (field 20).
    var threadCount: Int
    /// The resident set in pages (field 24).
    var residentPages: UInt64

    /// Parses the file's text, or returns nil when it is not a stat line. The command (field
    /// 2) is in parentheses and may itself hold spaces and parentheses, so the fields are
    /// counted from the last `)`.
    init?(_ bytes: [UInt8]) {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
            .map { String(decoding: $0, as: UTF8.self) }
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        guard fields.count >= 22, let state = fields[0].first,
              let parent = Int32(fields[1]), let group = Int32(fields[2]), let session = Int32(fields[3]),
              let flags = UInt64(fields[6]), let user = UInt64(fields[11]), let system = UInt64(fields[12]),
              let childUser = Int64(fields[13]), let childSystem = Int64(fields[14]), let nice = Int8(fields[16]),
              let threadCount = Int(fields[17]), let resident = Int64(fields[21])
        else { return nil }
        self.state = state
        parentPID = parent
        processGroupID = group
        sessionID = session
        self.flags = flags
        userTicks = user
        systemTicks = system
        childUserTicks = UInt64(max(0, childUser))
        childSystemTicks = UInt64(max(0, childSystem))
        self.nice = nice
        self.threadCount = threadCount
        residentPages = UInt64(max(0, resident))
    }
}

extension ProcStat {
    /// Whether the process this stat line describes (`/proc/PID/stat`) still runs: its state
    /// is the leader's, which is a zombie once the main thread called `pthread_exit`, while
    /// the other threads go on.
    func isLiveProcess(pid: Int32) -> Bool {
        guard state == "Z" || state == "X" else { return true }
        return (try? StoppedProcess.listThreads(pid: pid).isEmpty) == false
    }
}

/// The fields capture needs from `/proc/PID/task/TID/status`: signal masks and credentials.
struct ProcStatus: Equatable {
    /// `SigPnd`: signals pending for this thread (the kernel's `pr_sigpend`).
    var pendingSignals: UInt64 = 0
    /// `SigBlk`: signals the thread blocks (`pr_sighold`).
    var blockedSignals: UInt64 = 0
    /// The real user and group ids (the first of `Uid:` and `Gid:`).
    var uid: UInt32 = 0
    var gid: UInt32 = 0
    /// `Tgid`: the process the thread belongs to.
    var threadGroupID: Int32 = 0
    /// `TracerPid`: the process tracing the thread, 0 for none.
    var tracerPID: Int32 = 0

    /// Parses the file's `Key:\tvalue` lines; missing keys stay zero. It is read for every
    /// thread while the process is stopped, so it is scanned as bytes.
    init(_ bytes: [UInt8]) {
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let value = line[(colon + 1)...].drop { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: " ") }
                    .prefix { $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: " ") }
                switch String(decoding: line[lineStart..<colon], as: UTF8.self) {
                case "SigPnd": pendingSignals = Self.number(value, radix: 16)
                case "SigBlk": blockedSignals = Self.number(value, radix: 16)
                case "Uid": uid = UInt32(truncatingIfNeeded: Self.number(value, radix: 10))
                case "Gid": gid = UInt32(truncatingIfNeeded: Self.number(value, radix: 10))
                case "Tgid": threadGroupID = Int32(truncatingIfNeeded: Self.number(value, radix: 10))
                case "TracerPid": tracerPID = Int32(truncatingIfNeeded: Self.number(value, radix: 10))
                default: break
                }
            }
            lineStart = lineEnd + 1
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>, radix: UInt64) -> UInt64 {
        UInt64(String(decoding: digits, as: UTF8.self), radix: Int(radix)) ?? 0
    }
}
