import DumpModel

/// Reads of CPython's structures from a core, each checked where it is read: a pointer is
/// non-null and 8-byte aligned, every field lies in memory the core holds, and an object's
/// `ob_type` is the type the field promises when the module exports that type's symbol.
struct CPythonMemory {
    let memory: any ProcessMemory
    /// `PyUnicode_Type`, `PyCode_Type` and `PyBytes_Type`, when the symbols are found.
    let unicodeType: UInt64?
    let codeType: UInt64?
    let bytesType: UInt64?

    /// The non-null, aligned pointer at `address`.
    func pointer(at address: UInt64, _ what: String) throws(CPythonReadError) -> UInt64 {
        let value = try optionalPointer(at: address, what)
        guard value != 0 else { throw .badPointer(what: what, address: 0) }
        return value
    }

    /// The pointer at `address`, 0 when null; a non-null one is aligned.
    func optionalPointer(at address: UInt64, _ what: String) throws(CPythonReadError) -> UInt64 {
        guard let value = memory.readWord(at: address, size: 8) else { throw .unreadable(what: what, address: address) }
        guard value % 8 == 0 else { throw .badPointer(what: what, address: value) }
        return value
    }

    /// The little-endian word of `size` bytes at `address`.
    func word(at address: UInt64, size: Int, _ what: String) throws(CPythonReadError) -> UInt64 {
        guard let value = memory.readWord(at: address, size: size) else { throw .unreadable(what: what, address: address) }
        return value
    }

    /// `count` bytes at `address`.
    func bytes(at address: UInt64, count: Int, _ what: String) throws(CPythonReadError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard let value = memory.read(at: address, count: count) else { throw .unreadable(what: what, address: address) }
        return value
    }

    /// Checks that the object at `object` has `type` as its `ob_type` (at offset 8), when the
    /// type's address is known.
    func expectType(_ type: UInt64?, of object: UInt64, _ what: String) throws(CPythonReadError) {
        guard let type else { return }
        guard let found = memory.readWord(at: object &+ 8, size: 8) else { throw .unreadable(what: what, address: object) }
        guard found == type else { throw .wrongType(what: what, address: object) }
    }
}
