import DumpModel

/// Process memory built byte by byte for the runtime readers' fakes: a read that touches any
/// address not written fails, as outside a core.
final class ByteMemory: ProcessMemory {
    var bytes: [UInt64: UInt8] = [:]
    /// When set, the bytes from `start` on repeat those of the first `period` bytes without
    /// end: a table that never ends.
    var repeating: (start: UInt64, period: UInt64)?

    func readWord(at address: UInt64, size: Int) -> UInt64? {
        guard let bytes = read(at: address, count: size) else { return nil }
        return bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    func read(at address: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, count <= 1 << 20 else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            var byteAddress = address &+ UInt64(index)
            if let repeating, byteAddress >= repeating.start {
                byteAddress = repeating.start + (byteAddress - repeating.start) % repeating.period
            }
            guard let byte = bytes[byteAddress] else { return nil }
            result.append(byte)
        }
        return result
    }

    /// Writes the `size` low bytes of `value`, little-endian.
    func write(_ value: UInt64, at address: UInt64, size: Int = 8) {
        for index in 0..<size { bytes[address &+ UInt64(index)] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
    }

    func write(bytes values: [UInt8], at address: UInt64) {
        for (index, byte) in values.enumerated() { bytes[address &+ UInt64(index)] = byte }
    }
}

/// The symbols a runtime reader looks up by name; no address is covered by one.
final class NamedSymbols: SymbolLookup {
    var addresses: [String: UInt64] = [:]
    func symbol(containing address: UInt64) -> SymbolReference? { nil }
    func address(ofSymbol name: String) -> UInt64? { addresses[name] }
}
