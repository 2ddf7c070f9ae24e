/// Why part of CPython's structures could not be read from a core: the reader leaves the
/// native frames in place and says this in a note.
enum CPythonReadError: Error, Equatable, CustomStringConvertible {
    /// A pointer is null where the structure needs one, or not aligned to 8 bytes.
    case badPointer(what: String, address: UInt64)
    /// The core does not hold the bytes of a structure.
    case unreadable(what: String, address: UInt64)
    /// An object is not of the type the field holds (its `ob_type` is another type).
    case wrongType(what: String, address: UInt64)
    /// A value is outside the range its field can hold (a thread id beyond 32 bits).
    case outOfRange(what: String, value: UInt64)
    /// The structures are of a build the reader does not know.
    case unsupported(what: String)
    /// A chain came back to an address it had passed.
    case cycle(what: String, address: UInt64)
    /// A chain is longer than the reader follows.
    case tooLong(what: String, limit: Int)
    /// A thread state's `thread_id` (3.8 to 3.10) is the `pthread_t` of no thread the core holds.
    case unknownThread(threadID: UInt64)

    var description: String {
        switch self {
        case .badPointer(let what, let address):
            "\(what) is not a valid pointer (0x\(String(address, radix: 16)))"
        case .unreadable(let what, let address):
            "the core does not hold \(what) at 0x\(String(address, radix: 16))"
        case .wrongType(let what, let address):
            "\(what) at 0x\(String(address, radix: 16)) is not of its type"
        case .outOfRange(let what, let value):
            "\(what) is out of range (0x\(String(value, radix: 16)))"
        case .unsupported(let what):
            "\(what) is not supported"
        case .cycle(let what, let address):
            "\(what) loops back to 0x\(String(address, radix: 16))"
        case .tooLong(let what, let limit):
            "\(what) is longer than \(limit) entries"
        case .unknownThread(let threadID):
            "thread_id 0x\(String(threadID, radix: 16)) is the pthread_t of no thread in the core"
        }
    }
}
