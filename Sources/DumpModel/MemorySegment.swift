/// One `PT_LOAD` segment of the core: a range of the process's address space, and how much of
/// it the core holds.
public struct MemorySegment: Equatable, Hashable, Sendable {
    /// The first address.
    public var startAddress: UInt64
    /// One past the last address.
    public var endAddress: UInt64
    /// How many bytes of the range the core file holds (0 when the kernel did not dump it,
    /// such as a read-only file mapping or a guard page).
    public var dumpedSize: UInt64
    /// Readable, writable, executable (`PF_R`, `PF_W`, `PF_X`).
    public var isReadable: Bool
    public var isWritable: Bool
    public var isExecutable: Bool

    public init(
        startAddress: UInt64, endAddress: UInt64, dumpedSize: UInt64,
        isReadable: Bool, isWritable: Bool, isExecutable: Bool
    ) {
        self.startAddress = startAddress
        self.endAddress = endAddress
        self.dumpedSize = dumpedSize
        self.isReadable = isReadable
        self.isWritable = isWritable
        self.isExecutable = isExecutable
    }

    /// Whether `address` lies in the range.
    public func contains(_ address: UInt64) -> Bool { startAddress <= address && address < endAddress }
}
