/// The name a stored core gets in the spool, as systemd-coredump names its files:
/// `core.EXE.UID.BOOT_ID.PID.TIME_US.zst`, its report the same name plus `.json`.
public struct SpoolName: Equatable, Sendable {
    /// The command name with every character outside `[A-Za-z0-9_+-]` replaced by `_`.
    public var executable: String
    public var uid: UInt32
    /// The boot id, 32 lowercase hex digits without dashes.
    public var bootID: String
    public var pid: Int32
    /// When the core was taken, microseconds since the epoch.
    public var timeMicroseconds: Int64

    public init(command: String, uid: UInt32, bootID: String, pid: Int32, timeMicroseconds: Int64) {
        executable = Self.sanitized(command)
        self.uid = uid
        self.bootID = bootID
        self.pid = pid
        self.timeMicroseconds = timeMicroseconds
    }

    /// The core's file name.
    public var coreFileName: String { "core.\(executable).\(uid).\(bootID).\(pid).\(timeMicroseconds).zst" }
    /// The report's file name.
    public var reportFileName: String { coreFileName + ".json" }

    /// `command` made safe for a file name; empty becomes `_`.
    public static func sanitized(_ command: String) -> String {
        let allowed = command.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "+", "-": return Character(scalar)
            default: return "_"
            }
        }
        return allowed.isEmpty ? "_" : String(allowed)
    }

    /// The boot id `/proc/sys/kernel/random/boot_id` holds, without its dashes, or 32 zeros
    /// when it cannot be read or is not 32 hex digits.
    public static func bootID(from text: String) -> String {
        let digits = text.lowercased().filter { $0 != "-" && $0 != "\n" }
        return digits.count == 32 && digits.allSatisfy(\.isHexDigit) ? digits : String(repeating: "0", count: 32)
    }
}
