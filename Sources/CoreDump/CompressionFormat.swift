/// A compression a core may come in, as systemd-coredump writes them (`Compress=`, by the
/// build's choice of zstd, lz4 or xz), told by the magic bytes at the start of the file, never
/// by its name.
public enum CompressionFormat: String, Equatable, Sendable, CaseIterable {
    /// A zstd frame (RFC 8878): `28 B5 2F FD`.
    case zstd
    /// An LZ4 frame (the frame format of liblz4's LZ4F API, not the legacy one): `04 22 4D 18`.
    case lz4
    /// An xz stream (.xz, liblzma): `FD 37 7A 58 5A 00`.
    case xz

    /// The bytes a file in this format starts with.
    var magic: [UInt8] {
        switch self {
        case .zstd: [0x28, 0xB5, 0x2F, 0xFD]
        case .lz4: [0x04, 0x22, 0x4D, 0x18]
        case .xz: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]
        }
    }

    /// What the format's unit of data is called: a zstd or lz4 `frame`, an xz `stream`.
    var unitName: String { self == .xz ? "stream" : "frame" }

    /// The most magic bytes any format needs to be told.
    static let longestMagic = 6

    /// The format whose magic `prefix` (the first bytes of a file) starts with, or nil.
    static func detect(_ prefix: some Collection<UInt8>) -> CompressionFormat? {
        allCases.first { prefix.starts(with: $0.magic) }
    }
}
