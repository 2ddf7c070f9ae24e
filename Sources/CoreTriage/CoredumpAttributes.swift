internal import CTriageShim
import Glibc

/// The extended attributes systemd-coredump sets on the cores it stores
/// (`user.coredump.timestamp`, `.hostname`, `.exe`, `.signal`, ...): what the journal entry
/// says of the crash, kept with the file.
public struct CoredumpAttributes: Equatable, Sendable {
    /// When the process crashed, microseconds since the epoch.
    public var timeMicroseconds: Int64?
    /// The crashing host's name.
    public var hostname: String?
    /// The program's path.
    public var executable: String?
    /// The signal's number.
    public var signal: Int32?

    public init(timeMicroseconds: Int64? = nil, hostname: String? = nil, executable: String? = nil, signal: Int32? = nil) {
        self.timeMicroseconds = timeMicroseconds
        self.hostname = hostname
        self.executable = executable
        self.signal = signal
    }

    /// The longest value read of one attribute; systemd's are short.
    static let maximumValueSize = 4096

    /// Reads the attributes of the file at `path` without following a symbolic link
    /// (`lgetxattr`, which opens nothing). Attributes that are absent, unreadable, too long or
    /// malformed are nil.
    public init(path: String) {
        timeMicroseconds = Self.value("user.coredump.timestamp", of: path).flatMap { Int64($0) }.flatMap { $0 >= 0 ? $0 : nil }
        hostname = Self.value("user.coredump.hostname", of: path)
        executable = Self.value("user.coredump.exe", of: path)
        signal = Self.value("user.coredump.signal", of: path).flatMap { Int32($0) }.flatMap { (1...64).contains($0) ? $0 : nil }
    }

    /// Whether no attribute was found.
    public var isEmpty: Bool { self == CoredumpAttributes() }

    private static func value(_ name: String, of path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: maximumValueSize)
        let size = buffer.withUnsafeMutableBytes { lgetxattr(path, name, $0.baseAddress, $0.count) }
        guard size > 0 else { return nil }
        let text = String(decoding: buffer[..<size], as: UTF8.self)
        // systemd writes no terminator; a NUL someone else wrote ends the value.
        let value = text.split(separator: "\0", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        return value.isEmpty ? nil : value
    }
}
