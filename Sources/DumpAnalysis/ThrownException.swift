import DumpModel

/// The C++ exception a thread was throwing when it died: its type and, for the standard
/// library's exceptions that carry one, its `what()` message, read from the exception object
/// libstdc++ keeps in memory until the process ends.
///
/// libstdc++ (libsupc++'s `unwind-cxx.h`, the Itanium C++ ABI on x86_64) allocates a thrown
/// object right after a `__cxa_refcounted_exception` header, whose `__cxa_exception` ends with
/// the `_Unwind_Exception` the unwinder is handed:
///
/// | from the object | field |
/// |---|---|
/// | -112 | `exceptionType`: the `std::type_info *` of the thrown type |
/// | -32 | `unwindHeader.exception_class`: `GNUCC++\0` (0x474e5543432b2b00) |
/// | 0 | the object: for `std::runtime_error` and `std::logic_error`, a vtable pointer and a `__cow_string` |
///
/// `__cxa_throw` hands `&header->unwindHeader` to the unwinder and, when no handler is found,
/// to `__cxa_begin_catch` before it calls `std::terminate`: that pointer (or the object's) is
/// in a register the frames below saved on the stack. The reader scans the crashing thread's
/// stack from its stack pointer up for a word that points at either, with the exception class
/// in place, then validates the type: a `type_info` the symbol tables name (`typeinfo for
/// std::runtime_error`), or whose name string is a mangled type (`St13runtime_error`).
///
/// The message is read only when the type is, or derives by single inheritance
/// (`__si_class_type_info`, whose base is the word after the name) from, `std::runtime_error`
/// or `std::logic_error`: their `what()` returns the reference-counted string after the vtable
/// pointer, whose length is the first word of the 24-byte representation before the
/// characters. Any other type is reported by its type alone: its `what()` is code the core
/// cannot run.
///
/// Every read is bounded and validated: the core is hostile input.
public struct ThrownException: Equatable, Hashable, Sendable {
    /// The thrown type, demangled when the symbol tables can (`std::runtime_error`), else the
    /// mangled name the `type_info` holds.
    public var typeName: String
    /// The `what()` message, nil when it cannot be read from memory (a type not derived from
    /// `std::runtime_error` or `std::logic_error`). Control characters are replaced with `?`,
    /// and a message longer than ``maximumMessageLength`` is cut and ends in `...`.
    public var message: String?
    /// The thrown object's address.
    public var objectAddress: UInt64

    public init(typeName: String, message: String?, objectAddress: UInt64) {
        self.typeName = typeName
        self.message = message
        self.objectAddress = objectAddress
    }

    /// `exception_class` of a primary exception libstdc++ threw (`GNUCC++\0`).
    static let primaryExceptionClass: UInt64 = 0x474e_5543_432b_2b00
    /// Distance from the thrown object back to its `exception_class`.
    static let exceptionClassOffset: UInt64 = 32
    /// Distance from the thrown object back to its `exceptionType`.
    static let exceptionTypeOffset: UInt64 = 112
    /// How much of the stack above the stack pointer is scanned: the frames of abort, the
    /// terminate handler and `__cxa_throw` take a few kilobytes.
    static let scanLength: UInt64 = 32 * 1024
    /// Messages are cut at this many bytes.
    public static let maximumMessageLength = 1024
    /// Mangled type names longer than this are not taken for one.
    static let maximumTypeNameLength = 512
    /// How many base classes are followed looking for `std::runtime_error`.
    static let maximumBaseDepth = 16
    /// The names (demangled, or mangled when no demangler is at hand) of the types whose message is a `__cow_string` after the vtable pointer.
    static let messageCarryingTypes: Set<String> = [
        "std::runtime_error", "std::logic_error", "St13runtime_error", "St11logic_error",
    ]
    /// The vtable of the `type_info` of a class with exactly one public, non-virtual base.
    static let singleInheritanceVTable = "vtable for __cxxabiv1::__si_class_type_info"

    /// Reads the exception `thread` was throwing, nil when the stack leads to none that
    /// validates. Only 64-bit little-endian processes (x86_64, AArch64) are read: the
    /// header's layout above is theirs.
    public static func read(thrownBy thread: Thread, in image: ProcessImage) -> ThrownException? {
        guard [.x86_64, .aarch64].contains(image.process.architecture), let stackPointer = thread.registers.stackPointer,
              let segment = image.process.memorySegments.first(where: { $0.contains(stackPointer) })
        else { return nil }
        let memory = image.memory
        let end = min(segment.endAddress, stackPointer.addingClamped(scanLength))
        let start = stackPointer & ~7
        guard end > start else { return nil }
        var tried: Set<UInt64> = []
        for step in 0..<((end - start) / 8) {
            let slot = start + step * 8
            guard let word = memory.readWord(at: slot, size: 8), word > exceptionTypeOffset else { continue }
            // The word is the object, or its `unwindHeader`.
            for object in [word, word &+ exceptionClassOffset] where object > exceptionTypeOffset && tried.insert(object).inserted {
                if let exception = exception(at: object, in: image) { return exception }
            }
        }
        return nil
    }

    /// The exception whose thrown object is at `object`, nil unless its header validates.
    static func exception(at object: UInt64, in image: ProcessImage) -> ThrownException? {
        let memory = image.memory
        guard memory.readWord(at: object &- exceptionClassOffset, size: 8) == primaryExceptionClass,
              let typeInfo = memory.readWord(at: object &- exceptionTypeOffset, size: 8),
              let typeName = typeName(ofTypeInfo: typeInfo, in: image)
        else { return nil }
        let message = carriesMessage(typeInfo, image: image) ? self.message(ofObject: object, memory: memory) : nil
        return ThrownException(typeName: typeName, message: message, objectAddress: object)
    }

    /// The type a `type_info` at `address` describes: the symbol there (`typeinfo for
    /// std::runtime_error`, which needs no memory: the kernel does not dump the `.rodata` its
    /// name string is in), else its name string, demangled when the symbol tables can.
    static func typeName(ofTypeInfo address: UInt64, in image: ProcessImage) -> String? {
        let prefix = "typeinfo for "
        if let symbol = image.symbols.symbol(containing: address), symbol.offset == 0, symbol.name.hasPrefix(prefix),
           symbol.name.count > prefix.count, image.memory.readWord(at: address, size: 8) != nil {
            return String(symbol.name.dropFirst(prefix.count))
        }
        guard let mangled = mangledName(ofTypeInfo: address, memory: image.memory) else { return nil }
        return image.symbols.demangledTypeName(mangled) ?? mangled
    }

    /// The name a `type_info` at `address` holds (its second word points at it), when it is
    /// a plausible mangled type: letters, digits and `_`, the few punctuation marks types
    /// mangle to, no control characters. libstdc++ marks a type local to a unit with a
    /// leading `*`, which is dropped.
    static func mangledName(ofTypeInfo address: UInt64, memory: any ProcessMemory) -> String? {
        guard address != 0, memory.readWord(at: address, size: 8) != nil,
              let namePointer = memory.readWord(at: address &+ 8, size: 8), namePointer != 0,
              var name = memory.readCString(at: namePointer, maxLength: maximumTypeNameLength + 1),
              name.utf8.count <= maximumTypeNameLength
        else { return nil }
        if name.hasPrefix("*") { name.removeFirst() }
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumericOrUnderscore,
              name.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumericOrUnderscore || "$.".unicodeScalars.contains($0) })
        else { return nil }
        return name
    }

    /// Whether the type at `typeInfo` is `std::runtime_error` or `std::logic_error`, or
    /// derives from one through single inheritance.
    static func carriesMessage(_ typeInfo: UInt64, image: ProcessImage) -> Bool {
        var current = typeInfo
        for _ in 0..<maximumBaseDepth {
            guard let name = typeName(ofTypeInfo: current, in: image) else { return false }
            if messageCarryingTypes.contains(name) { return true }
            guard let vtablePointer = image.memory.readWord(at: current, size: 8),
                  let vtable = image.symbols.symbol(containing: vtablePointer), vtable.name == singleInheritanceVTable,
                  let base = image.memory.readWord(at: current &+ 16, size: 8), base != current
            else { return false }
            current = base
        }
        return false
    }

    /// The `__cow_string` after the vtable pointer of `object`: a pointer to the characters,
    /// whose length is the word 24 bytes before them.
    static func message(ofObject object: UInt64, memory: any ProcessMemory) -> String? {
        guard let characters = memory.readWord(at: object &+ 8, size: 8), characters > 24,
              let length = memory.readWord(at: characters &- 24, size: 8), length <= UInt64(Int32.max)
        else { return nil }
        let readLength = Int(min(length, UInt64(maximumMessageLength)))
        guard let bytes = readLength == 0 ? [] : memory.read(at: characters, count: readLength) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        if length > UInt64(maximumMessageLength) { text += "..." }
        return text
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumericOrUnderscore: Bool {
        isASCII && (properties.isAlphabetic || ("0"..."9").contains(self) || self == "_")
    }
}

extension UInt64 {
    fileprivate func addingClamped(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
