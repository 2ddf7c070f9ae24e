/// What the name of a core written by systemd-coredump (`core.COMM.UID.BOOT.PID.TIME.zst`,
/// `.lz4`, `.xz` or uncompressed) or by `analyze-dump handle` (the same shape, `.zst`) says:
/// TIME is microseconds since the epoch in both. COMM may itself contain dots (the handler
/// replaces them, systemd escapes them, an older collector may not), so the fields are taken
/// from the end.
public struct CoreFileName: Equatable, Sendable {
    /// The process's name (comm) as the name spells it, escapes left as they are.
    public var command: String
    public var uid: UInt32
    /// The boot ID, 32 lowercase hex digits.
    public var bootID: String
    public var pid: Int32
    /// When the process crashed, microseconds since the epoch.
    public var timeMicroseconds: Int64
    /// `zst`, `lz4`, `xz`, or nil for an uncompressed core.
    public var compression: String?

    /// Parses a file name (no directory); nil when it does not have that shape.
    public init?(_ fileName: String) {
        guard fileName.hasPrefix("core.") else { return nil }
        var fields = fileName.dropFirst(5).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var compression: String?
        if let last = fields.last, ["zst", "lz4", "xz"].contains(last) {
            compression = last
            fields.removeLast()
        }
        guard fields.count >= 5,
              let time = Int64(fields[fields.count - 1]), time >= 0,
              let pid = Int32(fields[fields.count - 2]), pid > 0,
              Self.isBootID(fields[fields.count - 3]),
              let uid = UInt32(fields[fields.count - 4])
        else { return nil }
        let command = fields[0..<(fields.count - 4)].joined(separator: ".")
        guard !command.isEmpty else { return nil }
        self.command = command
        self.uid = uid
        self.bootID = fields[fields.count - 3]
        self.pid = pid
        self.timeMicroseconds = time
        self.compression = compression
    }

    private static func isBootID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
