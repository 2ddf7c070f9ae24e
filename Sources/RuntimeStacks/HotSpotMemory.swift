import DumpModel

/// Reads of a HotSpot process's memory that check what they read: pointers are non-null and
/// aligned and every byte is in the core, or the read throws saying what was being read.
struct HotSpotMemory {
    let memory: any ProcessMemory

    /// The word of `size` bytes at `address`.
    func word(_ what: String, at address: UInt64, size: Int = 8) throws(HotSpotReadError) -> UInt64 {
        guard let value = memory.readWord(at: address, size: size) else {
            throw .unreadable(what, address: address)
        }
        return value
    }

    /// A non-null pointer aligned to `alignment` at `address`.
    func pointer(_ what: String, at address: UInt64, alignment: UInt64 = 8) throws(HotSpotReadError) -> UInt64 {
        let value = try word(what, at: address)
        guard value != 0, value % alignment == 0 else { throw .unreadable(what, address: address) }
        return value
    }

    /// A pointer at `address` that may be null (0), aligned to `alignment` when not.
    func optionalPointer(_ what: String, at address: UInt64, alignment: UInt64 = 8) throws(HotSpotReadError) -> UInt64? {
        let value = try word(what, at: address)
        guard value != 0 else { return nil }
        guard value % alignment == 0 else { throw .unreadable(what, address: address) }
        return value
    }

    /// A signed 32-bit value at `address`.
    func int32(_ what: String, at address: UInt64) throws(HotSpotReadError) -> Int32 {
        Int32(truncatingIfNeeded: try word(what, at: address, size: 4))
    }

    /// A NUL-terminated C string at `address`, at most `maxLength` bytes.
    func cString(_ what: String, at address: UInt64, maxLength: Int = 256) throws(HotSpotReadError) -> String {
        guard let text = memory.readCString(at: address, maxLength: maxLength) else {
            throw .unreadable(what, address: address)
        }
        return text
    }

    /// `count` bytes at `address`.
    func bytes(_ what: String, at address: UInt64, count: Int) throws(HotSpotReadError) -> [UInt8] {
        guard let bytes = memory.read(at: address, count: count) else { throw .unreadable(what, address: address) }
        return bytes
    }
}
