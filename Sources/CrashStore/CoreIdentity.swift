/// What makes a core file the same file for the triage database without reading it: the
/// device and inode it is on, its size and its modification time. A core copied elsewhere is a
/// new core (copies of one crash on many hosts are many crashes); a core rewritten in place
/// gets a new modification time and is analysed again.
public struct CoreIdentity: Hashable, Sendable {
    /// `st_dev`.
    public var device: UInt64
    /// `st_ino`.
    public var inode: UInt64
    /// `st_size`, in bytes.
    public var size: Int64
    /// `st_mtim`, in nanoseconds since the epoch.
    public var modificationTimeNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modificationTimeNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationTimeNanoseconds = modificationTimeNanoseconds
    }
}
