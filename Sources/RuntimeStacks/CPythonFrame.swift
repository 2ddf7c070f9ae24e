/// One Python frame as CPython's frame chain records it.
struct CPythonFrame: Equatable, Sendable {
    /// The address of the instruction the frame executes (`prev_instr`).
    var instructionAddress: UInt64
    /// The code's qualified name.
    var function: String
    /// The code's file.
    var file: String
    /// The line of the instruction.
    var line: Int
    /// The interpreter frame (`_PyInterpreterFrame`) and its code object, whose locals and
    /// value stack ``CPythonThreadingLocks`` reads; nil for a frame built in code.
    var interpreterFrame: UInt64? = nil
    var codeAddress: UInt64? = nil
}
