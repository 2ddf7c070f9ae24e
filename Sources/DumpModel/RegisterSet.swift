/// A thread's general-purpose registers as the core recorded them, in the order of the
/// architecture's `user_regs_struct`.
public struct RegisterSet: Equatable, Hashable, Sendable {
    /// One register: its conventional name (`rip`, `x0`, `eip`) and value.
    public struct Register: Equatable, Hashable, Sendable {
        public var name: String
        public var value: UInt64
        public init(name: String, value: UInt64) {
            self.name = name
            self.value = value
        }
    }

    /// Every register, in `user_regs_struct` order.
    public var registers: [Register]
    /// The name of the instruction pointer (`rip`, `pc`, `eip`).
    public var programCounterName: String
    /// The name of the stack pointer (`rsp`, `sp`, `esp`).
    public var stackPointerName: String

    public init(registers: [Register], programCounterName: String, stackPointerName: String) {
        self.registers = registers
        self.programCounterName = programCounterName
        self.stackPointerName = stackPointerName
    }

    /// The value of the register called `name`, or nil when the set has none.
    public subscript(name: String) -> UInt64? {
        registers.first { $0.name == name }?.value
    }

    /// The instruction pointer.
    public var programCounter: UInt64? { self[programCounterName] }
    /// The stack pointer.
    public var stackPointer: UInt64? { self[stackPointerName] }
}
