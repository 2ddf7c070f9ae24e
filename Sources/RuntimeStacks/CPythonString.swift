/// Decodes CPython `str` objects from a core: the compact forms every name and file name of a
/// code object has (ASCII, UCS-1, UCS-2, UCS-4). Legacy (non-compact) strings, which code
/// objects never hold, are refused.
enum CPythonString {
    /// The most characters read of one string: longer names and paths are cut there.
    static let maxLength = 4096

    /// The string at `object`, cut at ``maxLength`` characters.
    static func read(at object: UInt64, layout: CPythonLayout, memory: CPythonMemory, _ what: String) throws(CPythonReadError) -> String {
        try read(at: object, asciiData: layout.asciiData, compactData: layout.compactData, memory: memory, what)
    }

    /// The string at `object`, whose characters start at `asciiData` (a compact ASCII string)
    /// or `compactData` (any other compact string), cut at ``maxLength`` characters.
    static func read(
        at object: UInt64, asciiData: Int, compactData: Int, memory: CPythonMemory, _ what: String
    ) throws(CPythonReadError) -> String {
        try memory.expectType(memory.unicodeType, of: object, what)
        let state = try memory.word(at: object &+ UInt64(CPythonLayout.unicodeState), size: 1, what)
        let kind = Int((state >> 2) & 7)
        let isCompact = state & 0x20 != 0
        let isASCII = state & 0x40 != 0
        let length = try memory.word(at: object &+ UInt64(CPythonLayout.objectSize), size: 8, what)
        guard isCompact, [1, 2, 4].contains(kind), length <= UInt64(Int64.max) else { throw .wrongType(what: what, address: object) }
        let count = min(Int(length), maxLength)
        let start = object &+ UInt64(isASCII ? asciiData : compactData)
        let bytes = try memory.bytes(at: start, count: count * kind, what)
        return decode(bytes, kind: kind)
    }

    /// `bytes` as characters of `kind` bytes each (little-endian), with a U+FFFD for each code
    /// point that is no Unicode scalar (a lone surrogate, a value beyond U+10FFFF).
    static func decode(_ bytes: [UInt8], kind: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index + kind <= bytes.count {
            var value: UInt32 = 0
            for byte in (0..<kind).reversed() { value = value << 8 | UInt32(bytes[index + byte]) }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            index += kind
        }
        return String(scalars)
    }
}
