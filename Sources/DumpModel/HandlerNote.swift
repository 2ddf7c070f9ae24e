/// The note `analyze-dump handle` (the `core_pattern` pipe handler) inserts into the cores it
/// stores: what it read from the dying process's `/proc/PID` and from the kernel's `%`
/// arguments, which a kernel core lacks.
///
/// Note name `ANALYZEDUMP`, type `0x41444D4D` (`"ADMM"`), alone in its own `PT_NOTE` segment.
/// The descriptor is a flat list of records, each `key=value` followed by one NUL byte; a
/// value never holds a NUL (the writer drops them). The first record is `version=1`. Keys
/// (docs/pipeline.md): `pid`, `tid`, `uid`, `gid`, `signal`, `time` (seconds since the epoch),
/// `hostname`, `comm`, `exe`, `arg` (one record per command-line argument, in order),
/// `cgroup`, `unit`, `container`, `env` (`KEY=value`, one record per allowed variable),
/// `thread` (`TID name`, one per thread) and `perf_map` (the whole map, last). A reader skips
/// keys it does not know, so keys can be added without a new version.
public struct HandlerNote: Equatable, Hashable, Sendable {
    /// One thread's name from `/proc/PID/task/TID/comm`, with the TID as the core numbers the
    /// thread (in the process's own PID namespace).
    public struct ThreadName: Equatable, Hashable, Sendable {
        public var tid: Int32
        public var name: String

        public init(tid: Int32, name: String) {
            self.tid = tid
            self.name = name
        }
    }

    /// One allowed environment variable.
    public struct EnvironmentVariable: Equatable, Hashable, Sendable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The note's name in the core (the same owner as ``CaptureNote``, another type).
    public static let noteName = "ANALYZEDUMP"
    /// The note's type in the core.
    public static let noteType: UInt32 = 0x4144_4D4D
    /// The format this code writes and reads.
    public static let formatVersion = 1

    /// The PID in the initial PID namespace (`%P`).
    public var pid: Int32?
    /// The TID of the thread that took the signal, in the process's own PID namespace (`%i`),
    /// as the core numbers its threads.
    public var tid: Int32?
    /// The real user and group (`%u`, `%g`), in the initial user namespace.
    public var uid: UInt32?
    public var gid: UInt32?
    /// The signal that caused the core (`%s`).
    public var signal: Int32?
    /// When the core was taken, seconds since the epoch (`%t`).
    public var time: Int64?
    /// The host name (`%h`).
    public var hostname: String?
    /// The command name (`%e`).
    public var command: String?
    /// The target of `/proc/PID/exe`.
    public var executablePath: String?
    /// The command line from `/proc/PID/cmdline`, one element per argument.
    public var arguments: [String]
    /// The process's cgroup v2 path (`/proc/PID/cgroup`'s `0::` line).
    public var cgroup: String?
    /// The systemd unit the cgroup names (`nginx.service`), nil when it names none.
    public var unit: String?
    /// The container id the cgroup names (64 hex digits of docker, podman, containerd).
    public var container: String?
    /// The environment variables the administrator allowed (`--environment KEY`), in the
    /// order they were allowed; the values of all others are never recorded.
    public var environment: [EnvironmentVariable]
    public var threads: [ThreadName]
    /// The JIT perf map (`/tmp/perf-PID.map` in the process's mount namespace), empty when
    /// it had none.
    public var perfMap: [UInt8]

    public init(
        pid: Int32? = nil, tid: Int32? = nil, uid: UInt32? = nil, gid: UInt32? = nil, signal: Int32? = nil,
        time: Int64? = nil, hostname: String? = nil, command: String? = nil, executablePath: String? = nil,
        arguments: [String] = [], cgroup: String? = nil, unit: String? = nil, container: String? = nil,
        environment: [EnvironmentVariable] = [], threads: [ThreadName] = [], perfMap: [UInt8] = []
    ) {
        self.pid = pid
        self.tid = tid
        self.uid = uid
        self.gid = gid
        self.signal = signal
        self.time = time
        self.hostname = hostname
        self.command = command
        self.executablePath = executablePath
        self.arguments = arguments
        self.cgroup = cgroup
        self.unit = unit
        self.container = container
        self.environment = environment
        self.threads = threads
        self.perfMap = perfMap
    }

    /// The note's descriptor: `key=value\0` records, NUL bytes inside values dropped.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func record<Value: Sequence<UInt8>>(_ key: String, _ value: Value) {
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(contentsOf: value.lazy.filter { $0 != 0 })
            bytes.append(0)
        }
        func record(_ key: String, _ value: String?) {
            if let value { record(key, value.utf8) }
        }
        record("version", String(Self.formatVersion))
        record("pid", pid.map(String.init))
        record("tid", tid.map(String.init))
        record("uid", uid.map(String.init))
        record("gid", gid.map(String.init))
        record("signal", signal.map(String.init))
        record("time", time.map(String.init))
        record("hostname", hostname)
        record("comm", command)
        record("exe", executablePath)
        for argument in arguments { record("arg", argument) }
        record("cgroup", cgroup)
        record("unit", unit)
        record("container", container)
        for variable in environment { record("env", variable.key + "=" + variable.value) }
        for thread in threads { record("thread", "\(thread.tid) \(thread.name)") }
        if !perfMap.isEmpty { record("perf_map", perfMap) }
        return bytes
    }

    /// Decodes a descriptor, or returns nil when it does not start with `version=1`. A record
    /// whose value does not parse (a PID that is not a number) is skipped.
    public init?(decoding bytes: [UInt8]) {
        self.init()
        var records = bytes.split(separator: 0, omittingEmptySubsequences: true).makeIterator()
        guard let first = records.next(), let (key, version) = Self.split(first), key == "version",
              Int(String(decoding: version, as: UTF8.self)) == Self.formatVersion
        else { return nil }
        while let record = records.next() {
            guard let (key, value) = Self.split(record) else { continue }
            apply(key: key, value: value)
        }
    }

    private mutating func apply(key: String, value: ArraySlice<UInt8>) {
        let text = String(decoding: value, as: UTF8.self)
        switch key {
        case "pid": pid = Int32(text)
        case "tid": tid = Int32(text)
        case "uid": uid = UInt32(text)
        case "gid": gid = UInt32(text)
        case "signal": signal = Int32(text)
        case "time": time = Int64(text)
        case "hostname": hostname = text
        case "comm": command = text
        case "exe": executablePath = text
        case "arg": arguments.append(text)
        case "cgroup": cgroup = text
        case "unit": unit = text
        case "container": container = text
        case "env":
            if let (name, variableValue) = Self.split(value) {
                environment.append(EnvironmentVariable(key: name, value: String(decoding: variableValue, as: UTF8.self)))
            }
        case "thread":
            if let space = value.firstIndex(of: UInt8(ascii: " ")),
               let threadID = Int32(String(decoding: value[..<space], as: UTF8.self)) {
                threads.append(ThreadName(tid: threadID, name: String(decoding: value[(space + 1)...], as: UTF8.self)))
            }
        case "perf_map": perfMap = Array(value)
        default: break
        }
    }

    /// A record split at its first `=`, nil when it has none or the key is empty.
    private static func split(_ record: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let equals = record.firstIndex(of: UInt8(ascii: "=")), equals > record.startIndex else { return nil }
        return (String(decoding: record[..<equals], as: UTF8.self), record[(equals + 1)...])
    }
}
