import DumpModel

/// HotSpot's description of itself, as libjvm.so publishes it for the serviceability agent
/// (jhsdb): the fields of its C++ types (`gHotSpotVMStructs`), the sizes of those types
/// (`gHotSpotVMTypes`) and its integer constants (`gHotSpotVMIntConstants`; the reader needs
/// none of `gHotSpotVMLongConstants`, the mark word's bit layout).
///
/// Each table is an array of C structs ended by an entry whose type name (or name) is null;
/// the offsets of the struct's members and the array's stride are themselves exported
/// (`gHotSpotVMStructEntryTypeNameOffset` ...), so the reader needs no layout of its own.
struct HotSpotVMStructs {
    /// Where one field of a HotSpot type is.
    enum FieldLocation: Equatable {
        /// A member at this offset from the start of an object of the type.
        case offset(UInt64)
        /// A static member at this address.
        case address(UInt64)
    }

    /// The most entries read from one table; JDK 17 has under 1,000 in each.
    static let entryLimit = 20_000

    /// The fields by type name, then field name.
    private(set) var fields: [String: [String: FieldLocation]] = [:]
    /// The size in bytes of each type.
    private(set) var typeSizes: [String: UInt64] = [:]
    /// The integer constants by name.
    private(set) var intConstants: [String: Int32] = [:]

    /// Reads the three tables, whose addresses come from libjvm.so's symbols.
    ///
    /// - Throws: ``HotSpotReadError`` when a symbol is missing or a table is not in the core.
    init(memory: HotSpotMemory, symbols: any SymbolLookup) throws(HotSpotReadError) {
        func exported(_ name: String) throws(HotSpotReadError) -> UInt64 {
            guard let address = symbols.address(ofSymbol: name) else { throw .missingSymbol(name) }
            return try memory.word(name, at: address)
        }
        func entries(
            _ table: String, stride strideName: String, name nameOffsetName: String,
            _ body: (UInt64, String) throws(HotSpotReadError) -> Void
        ) throws(HotSpotReadError) {
            var entry = try exported(table)
            let stride = try exported(strideName)
            let nameOffset = try exported(nameOffsetName)
            guard stride > 0, stride <= 1024, nameOffset < stride else { throw .unreadable(strideName, address: stride) }
            for _ in 0..<Self.entryLimit {
                guard let name = try memory.optionalPointer("\(table) entry", at: entry &+ nameOffset, alignment: 1) else { return }
                try body(entry, try memory.cString("\(table) name", at: name))
                entry &+= stride
            }
            throw .tooLong(table, limit: Self.entryLimit)
        }

        let fieldName = try exported("gHotSpotVMStructEntryFieldNameOffset")
        let isStatic = try exported("gHotSpotVMStructEntryIsStaticOffset")
        let offset = try exported("gHotSpotVMStructEntryOffsetOffset")
        let address = try exported("gHotSpotVMStructEntryAddressOffset")
        try entries("gHotSpotVMStructs", stride: "gHotSpotVMStructEntryArrayStride", name: "gHotSpotVMStructEntryTypeNameOffset") {
            entry, type throws(HotSpotReadError) in
            let name = try memory.cString("gHotSpotVMStructs field name", at: try memory.pointer("gHotSpotVMStructs field name", at: entry &+ fieldName, alignment: 1))
            let location: FieldLocation = try memory.word("gHotSpotVMStructs isStatic", at: entry &+ isStatic, size: 4) != 0
                ? .address(try memory.word("gHotSpotVMStructs address", at: entry &+ address))
                : .offset(try memory.word("gHotSpotVMStructs offset", at: entry &+ offset))
            fields[type, default: [:]][name] = location
        }

        let size = try exported("gHotSpotVMTypeEntrySizeOffset")
        try entries("gHotSpotVMTypes", stride: "gHotSpotVMTypeEntryArrayStride", name: "gHotSpotVMTypeEntryTypeNameOffset") {
            entry, type throws(HotSpotReadError) in
            typeSizes[type] = try memory.word("gHotSpotVMTypes size", at: entry &+ size)
        }

        let intValue = try exported("gHotSpotVMIntConstantEntryValueOffset")
        try entries("gHotSpotVMIntConstants", stride: "gHotSpotVMIntConstantEntryArrayStride", name: "gHotSpotVMIntConstantEntryNameOffset") {
            entry, name throws(HotSpotReadError) in
            intConstants[name] = try memory.int32("gHotSpotVMIntConstants value", at: entry &+ intValue)
        }
    }

    /// The offset of the member `field` in objects of `type`.
    func offset(_ type: String, _ field: String) throws(HotSpotReadError) -> UInt64 {
        guard case .offset(let offset)? = fields[type]?[field] else { throw .missingField(type: type, field: field) }
        return offset
    }

    /// The address of the static member `field` of `type`.
    func staticAddress(_ type: String, _ field: String) throws(HotSpotReadError) -> UInt64 {
        guard case .address(let address)? = fields[type]?[field] else { throw .missingField(type: type, field: field) }
        return address
    }

    /// The size in bytes of `type`.
    func size(of type: String) throws(HotSpotReadError) -> UInt64 {
        guard let size = typeSizes[type] else { throw .missingField(type: type, field: "sizeof") }
        return size
    }

    /// The integer constant `name`.
    func intConstant(_ name: String) throws(HotSpotReadError) -> Int32 {
        guard let value = intConstants[name] else { throw .missingConstant(name) }
        return value
    }
}
