/// A fixture core to mutate: its name, its bytes, the `core.zst` as committed (for mutations
/// of the zstd container) and addresses of interest in its memory (locks, queues).
public struct SourceCore: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let compressed: [UInt8]
    /// Process addresses worth corrupting (the fixture's `*_address` facts).
    public let addresses: [UInt64]
    public let layout: CoreLayout

    /// - Returns: nil when `bytes` is not an ELF file the mutator can parse.
    public init?(name: String, bytes: [UInt8], compressed: [UInt8], addresses: [UInt64] = []) {
        guard let layout = CoreLayout(bytes: bytes) else { return nil }
        self.name = name
        self.bytes = bytes
        self.compressed = compressed
        self.addresses = addresses
        self.layout = layout
    }
}

/// A mutated core: the bytes to write (a plain core, or a zstd stream) and what was done.
public struct MutatedCore: Sendable {
    public var bytes: [UInt8]
    /// One line saying what the mutation changed, for failure messages and the corpus README.
    public var summary: String
}
