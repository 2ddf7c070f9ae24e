import DumpModel

/// The text glibc leaves for debuggers before it calls `abort()` on a fatal error: a failed
/// `assert()`, malloc's "double free or corruption (out)", `__fortify_fail`'s "*** stack
/// smashing detected ***: terminated", `__libc_fatal`'s messages.
///
/// glibc keeps it in `struct abort_msg_s { unsigned int size; char msg[]; } *__abort_msg`.
/// A program that calls `abort()` itself leaves the pointer null; musl has no such variable.
public struct AbortMessage: Equatable, Hashable, Sendable {
    /// The message without its final newline.
    public var text: String
    /// The parts of a failed `assert()`, when the text has that shape.
    public var assertion: AssertionFailure?

    /// A message and, when it is one, its parsed assertion.
    public init(text: String) {
        self.text = text
        assertion = AssertionFailure(parsing: text)
    }

    /// Reads `__abort_msg` from the process's memory.
    ///
    /// - Returns: nil when no module has the symbol (musl, a stripped static binary), the
    ///   pointer is null (`abort()` called by the program), or the core does not hold the
    ///   pointer or the text.
    public static func read(from image: ProcessImage) -> AbortMessage? {
        guard let symbol = image.symbols.address(ofSymbol: "__abort_msg"),
              let pointer = image.memory.readWord(at: symbol, size: image.process.architecture.pointerSize),
              pointer != 0
        else { return nil }
        // `size` is the whole mmap'd block, header included; a value outside it is not trusted.
        let blockSize = image.memory.readWord(at: pointer, size: 4) ?? 0
        let maxLength = (5...maximumSize).contains(blockSize) ? Int(blockSize) - 4 : defaultMaxLength
        guard let raw = image.memory.readCString(at: pointer &+ 4, maxLength: maxLength) else { return nil }
        var text = Substring(raw)
        while text.last?.isNewline == true { text.removeLast() }
        return text.isEmpty ? nil : AbortMessage(text: String(text))
    }

    /// The largest message block believed (glibc allocates the message's length rounded up to
    /// pages).
    private static let maximumSize: UInt64 = 1 << 20
    /// How much is read when the block's size is not believable.
    private static let defaultMaxLength = 4096
}
