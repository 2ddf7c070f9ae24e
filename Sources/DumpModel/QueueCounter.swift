/// An integer the application keeps in its own memory, read from the core through the
/// variable's DWARF type and location: a queue depth, a count of pending requests. WinDbg's
/// `!threadpool` reports the CLR's equivalent as "Work Request in Queue: 283".
public struct QueueCounter: Equatable, Hashable, Sendable {
    /// An integer with the signedness of its C type, so that an `unsigned long` above
    /// `Int64.max` and a negative `int` both keep their value.
    public enum Value: Equatable, Hashable, Sendable, CustomStringConvertible {
        /// A signed integer, `char` of a signed encoding or signed enum, sign-extended.
        case signed(Int64)
        /// An unsigned integer, `bool`, `char` of an unsigned encoding or unsigned enum.
        case unsigned(UInt64)

        /// The value as an `Int`, or nil when an unsigned value does not fit.
        public var intValue: Int? {
            switch self {
            case .signed(let value): return Int(exactly: value)
            case .unsigned(let value): return Int(exactly: value)
            }
        }

        /// The value in decimal.
        public var description: String {
            switch self {
            case .signed(let value): return String(value)
            case .unsigned(let value): return String(value)
            }
        }
    }

    /// The expression as the user gave it (`request_queue.depth`, `server->backlog.count`).
    public var expression: String
    /// The value read.
    public var value: Value
    /// The declared type of the integer as DWARF names it, without `const`/`volatile`
    /// qualifiers: a base type (`long unsigned int`, `int`), a typedef (`size_t`), an enum
    /// (`enum color`), or for a C++ `std::atomic` of an integer, `struct atomic<int>`.
    public var typeName: String
    /// The process address the bytes were read from.
    public var address: UInt64
    /// How many bytes were read: 1, 2, 4 or 8.
    public var byteSize: Int

    public init(expression: String, value: Value, typeName: String, address: UInt64, byteSize: Int) {
        self.expression = expression
        self.value = value
        self.typeName = typeName
        self.address = address
        self.byteSize = byteSize
    }
}
