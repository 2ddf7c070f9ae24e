/// The Java heap and class metadata of a HotSpot process: objects' classes, their fields
/// found by name in the class's field table (as the serviceability agent finds
/// `java.lang.Thread.name`), and strings.
///
/// A class, so that the field offsets it has found are kept for the next object of the same
/// class (a thousand threads' names cost one walk of `java.lang.Thread`'s fields).
final class HotSpotHeap {
    /// The deepest class hierarchy followed; the JDK's go under 10 deep.
    static let superclassLimit = 64
    /// The longest Java string read, in bytes (thread names are short).
    static let stringByteLimit = 4096

    private let memory: HotSpotMemory
    private let layout: HotSpotLayout
    /// Whether object fields hold 32-bit narrow oops (`-XX:+UseCompressedOops`).
    private let compressedOops: Bool
    /// Whether object headers hold a 32-bit narrow klass (`-XX:+UseCompressedClassPointers`).
    private let compressedClassPointers: Bool
    private let narrowOopBase: UInt64, narrowOopShift: UInt64
    private let narrowKlassBase: UInt64, narrowKlassShift: UInt64
    /// The offsets of instance fields found so far, by class and field name (nil: no such field).
    private var fieldOffsets: [UInt64: [String: UInt64?]] = [:]

    init(memory: HotSpotMemory, layout: HotSpotLayout) throws(HotSpotReadError) {
        self.memory = memory
        self.layout = layout
        let flags = try Self.booleanFlags(["UseCompressedOops", "UseCompressedClassPointers"], memory: memory, layout: layout)
        compressedOops = flags["UseCompressedOops"] ?? false
        compressedClassPointers = flags["UseCompressedClassPointers"] ?? false
        narrowOopBase = try memory.word("CompressedOops::_narrow_oop._base", at: layout.narrowOopBase)
        narrowOopShift = try memory.word("CompressedOops::_narrow_oop._shift", at: layout.narrowOopShift, size: 4)
        narrowKlassBase = try memory.word("CompressedKlassPointers::_narrow_klass._base", at: layout.narrowKlassBase)
        narrowKlassShift = try memory.word("CompressedKlassPointers::_narrow_klass._shift", at: layout.narrowKlassShift, size: 4)
        guard narrowOopShift < 32, narrowKlassShift < 32 else {
            throw .unreadable("a compressed pointer shift", address: layout.narrowOopShift)
        }
    }

    /// The values of the boolean JVM flags `names` from HotSpot's flag table.
    private static func booleanFlags(_ names: Set<String>, memory: HotSpotMemory, layout: HotSpotLayout) throws(HotSpotReadError) -> [String: Bool] {
        let table = try memory.pointer("JVMFlag::flags", at: layout.flagsAddress)
        let count = try memory.word("JVMFlag::numFlags", at: layout.flagCountAddress)
        guard count <= 10_000, layout.flagSize > 0 else { throw .tooLong("JVMFlag::flags", limit: 10_000) }
        var values: [String: Bool] = [:]
        for index in 0..<count {
            let flag = table &+ index &* layout.flagSize
            guard let namePointer = try memory.optionalPointer("JVMFlag::_name", at: flag &+ layout.flagName, alignment: 1) else { continue }
            let name = try memory.cString("JVMFlag::_name", at: namePointer, maxLength: 128)
            guard names.contains(name) else { continue }
            let value = try memory.pointer("JVMFlag::_addr", at: flag &+ layout.flagValue, alignment: 1)
            values[name] = try memory.word(name, at: value, size: 1) != 0
        }
        return values
    }

    /// The object an oop field at `address` refers to, nil when the field is null.
    func oopField(at address: UInt64) throws(HotSpotReadError) -> UInt64? {
        guard compressedOops else { return try memory.optionalPointer("an object reference", at: address) }
        let narrow = try memory.word("a compressed object reference", at: address, size: 4)
        guard narrow != 0 else { return nil }
        let object = narrowOopBase &+ (narrow << narrowOopShift)
        guard object % 8 == 0 else { throw .unreadable("an object reference", address: address) }
        return object
    }

    /// The class (`Klass*`) of the object at `object`.
    func klass(ofObject object: UInt64) throws(HotSpotReadError) -> UInt64 {
        let address = object &+ layout.objectKlass
        guard compressedClassPointers else { return try memory.pointer("an object's class", at: address) }
        let narrow = try memory.word("an object's compressed class", at: address, size: 4)
        guard narrow != 0 else { throw .unreadable("an object's class", address: address) }
        return narrowKlassBase &+ (narrow << narrowKlassShift)
    }

    /// The text of the `Symbol` at `symbol` (modified UTF-8, decoded as UTF-8).
    func symbolText(_ symbol: UInt64) throws(HotSpotReadError) -> String {
        let length = try memory.word("a Symbol's length", at: symbol &+ layout.symbolLength, size: 2)
        let bytes = try memory.bytes("a Symbol's text", at: symbol &+ layout.symbolBody, count: Int(length))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The Java name of the class `klass`: `java.lang.Object`, `java.util.HashMap$Node`.
    func className(_ klass: UInt64) throws(HotSpotReadError) -> String {
        let name = try memory.pointer("a class's name", at: klass &+ layout.klassName)
        return String(try symbolText(name).map { $0 == "/" ? "." : $0 })
    }

    /// `java.lang.Object@0x00000000fc6d4100`: the class and address of the object at
    /// `object`, as jstack writes them (`- locked <0x00000000fc6d4100> (a java.lang.Object)`).
    func objectName(_ object: UInt64) throws(HotSpotReadError) -> String {
        let hex = String(object, radix: 16)
        return try className(try klass(ofObject: object)) + "@0x" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// The offset of the instance field `name` in objects of class `klass` (declared by it or
    /// a superclass), nil when it has none.
    func fieldOffset(_ name: String, in klass: UInt64) throws(HotSpotReadError) -> UInt64? {
        if let known = fieldOffsets[klass]?[name] { return known }
        var declaring: UInt64? = klass
        var found: UInt64?
        for _ in 0..<Self.superclassLimit {
            guard let current = declaring else { break }
            if let offset = try declaredFieldOffset(name, in: current) {
                found = offset
                break
            }
            declaring = try memory.optionalPointer("a class's superclass", at: current &+ layout.klassSuper)
        }
        fieldOffsets[klass, default: [:]][name] = .some(found)
        return found
    }

    /// The offset of the instance field `name` that `klass` itself declares, from its
    /// `FieldInfo` table (slots of u2: access flags, name index, ..., the packed offset).
    private func declaredFieldOffset(_ name: String, in klass: UInt64) throws(HotSpotReadError) -> UInt64? {
        let fields = try memory.pointer("InstanceKlass::_fields", at: klass &+ layout.instanceKlassFields)
        let constants = try memory.pointer("InstanceKlass::_constants", at: klass &+ layout.instanceKlassConstants)
        let count = try memory.word("InstanceKlass::_java_fields_count", at: klass &+ layout.instanceKlassJavaFieldsCount, size: 2)
        let arrayLength = try memory.word("the length of InstanceKlass::_fields", at: fields, size: 4)
        guard count &* layout.fieldSlots <= arrayLength else { throw .unreadable("InstanceKlass::_fields", address: fields) }
        let staticFlag: UInt64 = 0x0008
        let tagMask: UInt64 = (1 << layout.fieldTagSize) &- 1
        for index in 0..<count {
            let slots = fields &+ layout.u2ArrayData &+ index &* layout.fieldSlots &* 2
            func slot(_ offset: UInt64) throws(HotSpotReadError) -> UInt64 {
                try memory.word("a FieldInfo slot", at: slots &+ offset &* 2, size: 2)
            }
            let flags = try slot(layout.fieldAccessFlags)
            guard flags & (layout.fieldInternalFlag | staticFlag) == 0 else { continue }
            let symbol = try memory.pointer("a field's name", at: constants &+ layout.constantPoolSize &+ (try slot(layout.fieldNameIndex)) &* 8)
            guard try symbolText(symbol) == name else { continue }
            let packed = (try slot(layout.fieldLowPackedOffset)) | (try slot(layout.fieldHighPackedOffset)) << 16
            guard packed & tagMask == layout.fieldTagOffset else { return nil }
            return packed >> layout.fieldTagSize
        }
        return nil
    }

    /// The reference field `name` of the object at `object`, nil when it is null or the
    /// class has no such field.
    func referenceField(_ name: String, of object: UInt64) throws(HotSpotReadError) -> UInt64? {
        guard let offset = try fieldOffset(name, in: try klass(ofObject: object)) else { return nil }
        return try oopField(at: object &+ offset)
    }

    /// The `int` field `name` of the object at `object`, nil when the class has no such field.
    func intField(_ name: String, of object: UInt64) throws(HotSpotReadError) -> Int32? {
        guard let offset = try fieldOffset(name, in: try klass(ofObject: object)) else { return nil }
        return try memory.int32(name, at: object &+ offset)
    }

    /// The `long` field `name` of the object at `object`, nil when the class has no such field.
    func longField(_ name: String, of object: UInt64) throws(HotSpotReadError) -> UInt64? {
        guard let offset = try fieldOffset(name, in: try klass(ofObject: object)) else { return nil }
        return try memory.word(name, at: object &+ offset)
    }

    /// The text of the `java.lang.String` at `string` (its `value` bytes in the encoding its
    /// `coder` names: 0 Latin-1, 1 UTF-16), cut at ``stringByteLimit`` bytes.
    func javaString(_ string: UInt64) throws(HotSpotReadError) -> String? {
        let stringClass = try klass(ofObject: string)
        guard let valueOffset = try fieldOffset("value", in: stringClass), let coderOffset = try fieldOffset("coder", in: stringClass),
              let value = try oopField(at: string &+ valueOffset)
        else { return nil }
        let coder = try memory.word("String.coder", at: string &+ coderOffset, size: 1)
        let lengthOffset = layout.objectKlass &+ (compressedClassPointers ? 4 : 8)
        let length = try memory.word("a byte[]'s length", at: value &+ lengthOffset, size: 4)
        let layoutHelper = try memory.word("byte[]'s layout helper", at: try klass(ofObject: value) &+ layout.klassLayoutHelper, size: 4)
        let header = (layoutHelper >> layout.layoutHeaderSizeShift) & 0xff
        let bytes = try memory.bytes("a String's bytes", at: value &+ header, count: Int(min(length, UInt64(Self.stringByteLimit))))
        switch coder {
        case 0: return String(bytes.map { Character(Unicode.Scalar($0)) })
        case 1:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            for index in stride(from: 0, to: bytes.count - 1, by: 2) {
                let low = UInt16(bytes[index]), high = UInt16(bytes[index + 1])
                units.append(low | high << 8)
            }
            return String(decoding: units, as: UTF16.self)
        default: return nil
        }
    }
}
