/// One file-backed mapping of the process, from the core's `NT_FILE` note.
public struct MappedFile: Equatable, Hashable, Sendable {
    /// The first mapped address.
    public var startAddress: UInt64
    /// One past the last mapped address.
    public var endAddress: UInt64
    /// The offset in the file, in bytes, of ``startAddress``.
    public var fileOffset: UInt64
    /// The path as the kernel saw it when the core was written.
    public var path: String

    public init(startAddress: UInt64, endAddress: UInt64, fileOffset: UInt64, path: String) {
        self.startAddress = startAddress
        self.endAddress = endAddress
        self.fileOffset = fileOffset
        self.path = path
    }

    /// The size of the mapping in bytes.
    public var size: UInt64 { endAddress - startAddress }
}
