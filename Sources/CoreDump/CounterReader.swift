internal import CElfUtils
import DumpModel
import Glibc

extension LoadedCore {
    /// Reads an integer the application keeps in a global variable, through the variable's
    /// DWARF type and location, as a debugger prints `request_queue.depth`.
    ///
    /// The expression names a global (C++ names may be qualified: `render::cache`,
    /// `ns::Class::member` for a static member), then any sequence of `.member`, `->member`
    /// and `[N]` (N a decimal or `0x` constant; spaces between tokens are allowed). As in
    /// gdb, `.` dereferences a pointer to a struct and C++ references are followed. Typedefs,
    /// `const`, `volatile` and `_Atomic` are looked through, enums are integers, and a
    /// `std::atomic` of an integer is read as that integer. Pointers are read with the
    /// target's size (4 bytes on i386); array indexes are checked against known bounds.
    ///
    /// The variable is looked up on each call in the DWARF of the executable, then of each
    /// library until one defines it: a definition with a `DW_OP_addr` location (relocated by
    /// the module's bias), an external one before a file-local one of the same module; a C++
    /// static member or namespace variable is matched through its `DW_AT_specification`. A
    /// variable that only a declaration describes is read at its symbol's address. Memory
    /// comes from the core, or, for read-only segments the core did not dump (`.rodata`), from
    /// the module's file.
    ///
    /// - Parameter expression: what to read (`request_queue.depth`, `server->backlog.count`).
    /// - Returns: the value with its type name, address and size.
    /// - Throws: ``CounterReadError``: a syntax error, an unknown variable or member, a
    ///   variable without DWARF, a NULL pointer on the way, memory the core does not hold,
    ///   or an expression that does not end at an integer of 1, 2, 4 or 8 bytes.
    public func readCounter(_ expression: String) throws(CounterReadError) -> QueueCounter {
        let parsed = try CounterExpression(parsing: expression)
        let session = symbols.session
        let entry = process.auxiliaryVector.first { $0.type == 9 /* AT_ENTRY */ }?.value
        let reader = CounterReader(session: session, memory: memory, executableEntry: entry)
        let result = session.perform { () -> Result<QueueCounter, CounterReadError> in
            Result { () throws(CounterReadError) in try reader.read(parsed, given: expression) }
        }
        return try result.get()
    }
}

/// Evaluates a ``CounterExpression`` over the DWARF of a core's modules and the core's memory.
/// Runs inside ``DwflSession/perform(_:)``; the DIEs it holds live as long as the session.
struct CounterReader {
    let session: DwflSession
    let memory: CoreMemory
    /// `AT_ENTRY`, to search the executable's DWARF first.
    let executableEntry: UInt64?

    /// Where the value of a prefix of the expression lies, and its type.
    private struct Place {
        var address: UInt64
        /// The declared type: typedefs and qualifiers not yet looked through.
        var type: Dwarf_Die
        /// For a multi-dimensional array, how many dimensions have been indexed so far.
        var indexedDimensions = 0
        var isBitField = false
    }

    /// A data member of a struct, class or union, at `offset` from the start of the object.
    private struct Member {
        var name: String
        var offset: UInt64?
        var die: Dwarf_Die
    }

    func read(_ expression: CounterExpression, given source: String) throws(CounterReadError) -> QueueCounter {
        var place = try locateVariable(expression.nameComponents)
        for (position, step) in expression.steps.enumerated() {
            let prefix = expression.text(stepCount: position)
            switch step {
            case .member(let name, _): place = try member(name, of: place, prefix: prefix)
            case .index(let index): place = try element(index, of: place, prefix: prefix)
            }
        }
        return try integer(at: place, text: expression.text(stepCount: expression.steps.count), source: source)
    }

    // MARK: Finding the variable

    private struct Candidate {
        var die: Dwarf_Die
        var bias: Dwarf_Addr
    }

    /// The address and type of the global `components` names: a DWARF definition with a
    /// location from the first module that has one (an external one before a file-local one
    /// within it); else a DWARF declaration (or a constant whose storage the DWARF does not
    /// give) read at its symbol's address; else the reason neither exists.
    private func locateVariable(_ components: [String]) throws(CounterReadError) -> Place {
        let name = components.joined(separator: "::")
        let qualifiers = Array(components.dropLast())
        let wanted = components[components.count - 1]
        var externalDefinition: Candidate?
        var localDefinition: Candidate?
        var declaration: Candidate?
        var constant: Candidate?
        // The first module with a definition wins, as the executable's own variables should
        // over a library's namesakes; libc's DWARF, when installed, takes tens of milliseconds.
        for module in orderedModules() where externalDefinition == nil && localDefinition == nil {
            var bias: Dwarf_Addr = 0
            guard let dwarf = dwfl_module_getdwarf(module, &bias) else { continue }
            Self.walk(dwarf, qualifiers: qualifiers) { die, tag, matched in
                guard tag == DW_TAG_variable || (tag == DW_TAG_member && Self.has(die, DW_AT_declaration)),
                      Self.integratedName(die) == wanted
                else { return true }
                if let target = Self.specificationTarget(die) {
                    guard Self.scopeMatches(target, qualifiers: qualifiers) else { return true }
                } else if matched != qualifiers.count {
                    return true
                }
                let candidate = Candidate(die: die, bias: bias)
                if !Self.has(die, DW_AT_location) {
                    if Self.has(die, DW_AT_const_value) {
                        constant = constant ?? candidate
                    } else {
                        declaration = declaration ?? candidate
                    }
                } else if dwarf_hasattr_integrate(&die, UInt32(DW_AT_external)) != 0 {
                    externalDefinition = candidate
                    return false
                } else {
                    localDefinition = localDefinition ?? candidate
                }
                return true
            }
        }
        if let definition = externalDefinition ?? localDefinition {
            guard let type = Self.type(of: definition.die) else {
                throw .noAddress(name: name, reason: "its DWARF gives it no type")
            }
            return Place(address: try address(of: definition, name: name), type: type)
        }
        let described = declaration ?? constant
        let symbol = symbol(named: components, linkageName: described.flatMap { Self.linkageName($0.die) })
        if let described, let type = Self.type(of: described.die), let symbol {
            if symbol.isThreadLocal { throw .threadLocal(name: name) }
            return Place(address: symbol.address, type: type)
        }
        if constant != nil { throw .noAddress(name: name, reason: "the compiler kept only its constant value") }
        if declaration != nil { throw .noAddress(name: name, reason: "it is only declared, and no module's symbol table defines it") }
        guard let symbol else { throw .unknownVariable(name: name) }
        if symbol.isFunction { throw .function(name: name) }
        if symbol.isThreadLocal { throw .threadLocal(name: name) }
        var bias: Dwarf_Addr = 0
        throw .noDebugInfo(
            name: name, module: symbol.moduleName, moduleHasDebugInfo: dwfl_module_getdwarf(symbol.module, &bias) != nil)
    }

    /// The executable's module first, then the others in libdwfl's order.
    private func orderedModules() -> [OpaquePointer] {
        let modules = session.modules()
        guard let entry = executableEntry, let executable = dwfl_addrmodule(session.dwfl, entry) else { return modules }
        return [executable] + modules.filter { $0 != executable }
    }

    /// The address a definition's `DW_AT_location` gives: `DW_OP_addr` (or `DW_OP_addrx`),
    /// optionally followed by `DW_OP_plus_uconst`, plus the module's bias.
    private func address(of definition: Candidate, name: String) throws(CounterReadError) -> UInt64 {
        var die = definition.die
        var attribute = Dwarf_Attribute()
        guard dwarf_attr(&die, UInt32(DW_AT_location), &attribute) != nil else {
            throw .noAddress(name: name, reason: "its DWARF gives no location")
        }
        var operations: UnsafeMutablePointer<Dwarf_Op>?
        var count = 0
        guard dwarf_getlocation(&attribute, &operations, &count) == 0, let operations else {
            throw .noAddress(name: name, reason: "its DWARF location is a location list, not a fixed address")
        }
        let expression = UnsafeBufferPointer(start: operations, count: count)
        if expression.contains(where: { $0.atom == DW_OP_form_tls_address || $0.atom == DW_OP_GNU_push_tls_address }) {
            throw .threadLocal(name: name)
        }
        guard let first = expression.first else { throw .noAddress(name: name, reason: "it was optimized out") }
        var address: Dwarf_Addr = 0
        switch Int(first.atom) {
        case DW_OP_addr:
            address = first.number
        case DW_OP_addrx, DW_OP_GNU_addr_index:
            var indexed = Dwarf_Attribute()
            guard dwarf_getlocation_attr(&attribute, operations, &indexed) == 0, dwarf_formaddr(&indexed, &address) == 0 else {
                throw .noAddress(name: name, reason: "its DW_OP_addrx location cannot be resolved")
            }
        default:
            throw .noAddress(name: name, reason: "its DWARF location is not a fixed address")
        }
        for operation in expression.dropFirst() {
            guard operation.atom == DW_OP_plus_uconst else {
                throw .noAddress(name: name, reason: "its DWARF location is not a fixed address")
            }
            address &+= operation.number
        }
        return address &+ definition.bias
    }

    private struct ELFSymbol {
        var address: UInt64
        var module: OpaquePointer
        var moduleName: String
        var isFunction: Bool
        var isThreadLocal: Bool
    }

    /// A defined symbol for the variable: `linkageName` if DWARF gave one, else the name
    /// itself, or for a qualified name a C++ symbol that demangles to it. Global symbols win.
    private func symbol(named components: [String], linkageName: String?) -> ELFSymbol? {
        let qualified = components.joined(separator: "::")
        let plain = linkageName ?? (components.count == 1 ? qualified : nil)
        let last = components[components.count - 1]
        var local: ELFSymbol?
        for module in orderedModules() {
            let count = dwfl_module_getsymtab(module)
            guard count > 0 else { continue }
            for index in 0..<count {
                var symbol = GElf_Sym()
                guard let raw = dwfl_module_getsym(module, index, &symbol, nil), symbol.st_shndx != UInt16(SHN_UNDEF) else { continue }
                let name = String(cString: raw)
                let matches = name == plain || (plain == nil && name.hasPrefix("_Z") && name.contains(last) && Demangler.demangle(name) == qualified)
                guard matches else { continue }
                let type = Int32(symbol.st_info & 0xf)
                let moduleName = dwfl_module_info(module, nil, nil, nil, nil, nil, nil, nil).map { String(cString: $0) } ?? "?"
                let found = ELFSymbol(
                    address: symbol.st_value, module: module,
                    moduleName: String(moduleName.split(separator: "/").last ?? Substring(moduleName)),
                    isFunction: type == STT_FUNC || type == STT_GNU_IFUNC, isThreadLocal: type == STT_TLS)
                if (symbol.st_info >> 4) != UInt8(STB_LOCAL) { return found }
                local = local ?? found
            }
        }
        return local
    }

    // MARK: Steps

    /// `.name` or `->name`: pointers and references on the way are followed, as gdb does.
    private func member(_ name: String, of place: Place, prefix: String) throws(CounterReadError) -> Place {
        guard place.indexedDimensions == 0 else {
            throw .notAStruct(expression: prefix, typeName: Self.describe(place.type, from: place.indexedDimensions), member: name)
        }
        let object = try followingPointers(place, prefix: prefix)
        let structure = completeType(object.type)
        guard Self.isAggregate(structure) else {
            throw .notAStruct(expression: prefix, typeName: Self.describe(place.type), member: name)
        }
        if Self.has(structure, DW_AT_declaration) {
            throw .incompleteType(expression: prefix, typeName: Self.describe(object.type))
        }
        let members = dataMembers(of: structure)
        guard let found = members.first(where: { $0.name == name }) else {
            throw .unknownMember(expression: prefix, typeName: Self.describe(object.type), member: name, members: members.map(\.name))
        }
        guard let offset = found.offset, let type = Self.type(of: found.die) else {
            throw .notAStruct(expression: prefix, typeName: Self.describe(object.type), member: name)
        }
        return Place(address: object.address &+ offset, type: type, isBitField: Self.isBitField(found.die))
    }

    /// `[index]` of an array (bounds-checked when the bound is known) or of a pointer.
    private func element(_ index: UInt64, of place: Place, prefix: String) throws(CounterReadError) -> Place {
        var place = try followingReferences(place, prefix: prefix)
        var type = Self.peeled(place.type)
        if dwarf_tag(&type) == DW_TAG_array_type, let elementType = Self.type(of: type) {
            let dimensions = Self.dimensions(of: type)
            let dimension = place.indexedDimensions
            guard dimension < dimensions.count else {
                throw .notIndexable(expression: prefix, typeName: Self.describe(place.type))
            }
            if let count = dimensions[dimension], index >= count {
                throw .indexOutOfRange(expression: prefix, index: index, count: count)
            }
            let inner = dimensions.dropFirst(dimension + 1)
            guard let elementSize = Self.size(of: elementType), !inner.contains(where: { $0 == nil }) else {
                throw .notIndexable(expression: prefix, typeName: Self.describe(place.type, from: dimension))
            }
            let stride = inner.reduce(elementSize) { $0 &* ($1 ?? 1) }
            place.address &+= index &* stride
            if dimension + 1 < dimensions.count {
                place.indexedDimensions += 1
            } else {
                place = Place(address: place.address, type: elementType)
            }
            return place
        }
        guard dwarf_tag(&type) == DW_TAG_pointer_type, let pointee = Self.type(of: type), let stride = Self.size(of: pointee) else {
            throw .notIndexable(expression: prefix, typeName: Self.describe(place.type))
        }
        let pointer = try readPointer(place, prefix: prefix)
        guard pointer != 0 else { throw .nullPointer(expression: prefix) }
        return Place(address: pointer &+ index &* stride, type: pointee)
    }

    /// The integer at `place`, with the signedness of its type.
    private func integer(at place: Place, text: String, source: String) throws(CounterReadError) -> QueueCounter {
        guard place.indexedDimensions == 0 else {
            throw .notAnInteger(expression: text, typeName: Self.describe(place.type, from: place.indexedDimensions), suggestion: text + "[0]")
        }
        var place = try followingReferences(place, prefix: text)
        let declared = Self.unqualified(place.type)
        if let value = atomicValue(of: place.type) {
            place = Place(address: place.address &+ value.offset, type: value.type)
        }
        guard let isSigned = integerSignedness(of: place.type) else {
            throw .notAnInteger(expression: text, typeName: Self.describe(place.type), suggestion: suggestion(for: place.type, text: text))
        }
        if place.isBitField { throw .bitField(expression: text) }
        var type = Self.peeled(place.type)
        let byteSize = Int(dwarf_bytesize(&type))
        guard [1, 2, 4, 8].contains(byteSize) else {
            throw .unsupportedSize(expression: text, typeName: Self.describe(declared), byteSize: max(byteSize, 0))
        }
        guard let raw = bytes(at: place.address, count: byteSize) else {
            throw .notInCore(expression: text, address: place.address)
        }
        let word = raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let unusedBits = UInt64(64 - 8 * byteSize)
        let value: QueueCounter.Value = isSigned
            ? .signed(Int64(bitPattern: word << unusedBits) >> unusedBits) : .unsigned(word)
        return QueueCounter(
            expression: source, value: value, typeName: Self.describe(declared), address: place.address, byteSize: byteSize)
    }

    /// An expression inside a non-integer that names an integer, for the error message.
    private func suggestion(for declaredType: Dwarf_Die, text: String) -> String? {
        var type = Self.peeled(declaredType)
        switch Int(dwarf_tag(&type)) {
        case DW_TAG_array_type:
            return text + "[0]"
        case DW_TAG_pointer_type:
            guard let pointee = Self.type(of: type) else { return nil }
            let target = completeType(pointee)
            if Self.isAggregate(target) {
                return integerMemberPath(in: target, depth: 0).map { text + "->" + $0.dropFirst() }
            }
            return integerSignedness(of: pointee) != nil ? text + "[0]" : nil
        default:
            let structure = completeType(declaredType)
            guard Self.isAggregate(structure) else { return nil }
            return integerMemberPath(in: structure, depth: 0).map { text + $0 }
        }
    }

    /// `.member` or `.member.inner` leading to the first integer member, searched a few levels deep.
    private func integerMemberPath(in structure: Dwarf_Die, depth: Int) -> String? {
        let members = dataMembers(of: structure)
        let types = members.map { Self.type(of: $0.die) }
        for (member, type) in zip(members, types) where !Self.isBitField(member.die) {
            if let type, integerSignedness(of: type) != nil { return "." + member.name }
        }
        guard depth < 3 else { return nil }
        for (member, type) in zip(members, types) {
            guard let type else { continue }
            let nested = completeType(type)
            if Self.isAggregate(nested), let path = integerMemberPath(in: nested, depth: depth + 1) {
                return "." + member.name + path
            }
        }
        return nil
    }

    // MARK: Types

    /// Whether the type is signed, or nil when it is not an integer: base types of a signed,
    /// unsigned, boolean, character or UTF encoding, and enums.
    private func integerSignedness(of declaredType: Dwarf_Die) -> Bool? {
        var type = Self.peeled(declaredType)
        switch Int(dwarf_tag(&type)) {
        case DW_TAG_base_type:
            switch Self.unsignedAttribute(type, DW_AT_encoding).map(Int.init) {
            case DW_ATE_signed, DW_ATE_signed_char: return true
            case DW_ATE_unsigned, DW_ATE_unsigned_char, DW_ATE_boolean, DW_ATE_UTF: return false
            default: return nil
            }
        case DW_TAG_enumeration_type:
            if let underlying = Self.type(of: type), let isSigned = integerSignedness(of: underlying) { return isSigned }
            if let encoding = Self.unsignedAttribute(type, DW_AT_encoding).map(Int.init) {
                return encoding == DW_ATE_signed || encoding == DW_ATE_signed_char
            }
            return Self.children(of: type).contains { enumerator in
                var enumerator = enumerator
                var attribute = Dwarf_Attribute()
                var value: Dwarf_Sword = 0
                return dwarf_attr(&enumerator, UInt32(DW_AT_const_value), &attribute) != nil
                    && dwarf_formsdata(&attribute, &value) == 0 && value < 0
            }
        default:
            return nil
        }
    }

    /// The integer inside a libstdc++ or libc++ `std::atomic<T>` of an integer type: the one
    /// integer data member (through base classes) as wide as the whole object.
    private func atomicValue(of declaredType: Dwarf_Die) -> (offset: UInt64, type: Dwarf_Die)? {
        let structure = completeType(declaredType)
        guard Self.isAggregate(structure), let name = Self.name(of: structure),
              name.hasPrefix("atomic<") || name.hasPrefix("__atomic_base<"), let size = Self.size(of: structure)
        else { return nil }
        var candidates = [(offset: UInt64(0), type: structure)]
        for _ in 0..<4 {
            guard let (offset, type) = candidates.popLast() else { return nil }
            for member in dataMembers(of: type) {
                guard let memberOffset = member.offset, let memberType = Self.type(of: member.die),
                      Self.size(of: memberType) == size
                else { continue }
                if integerSignedness(of: memberType) != nil { return (offset &+ memberOffset, memberType) }
                let nested = completeType(memberType)
                if Self.isAggregate(nested) { candidates.append((offset &+ memberOffset, nested)) }
            }
        }
        return nil
    }

    /// The data members of a struct, class or union: its own named members (those of its
    /// anonymous struct and union members in place), then those of its base classes, which
    /// its own members hide. Static members are left out: they are read by qualified name.
    private func dataMembers(of structure: Dwarf_Die, depth: Int = 0) -> [Member] {
        guard depth < 8 else { return [] }
        var own: [Member] = []
        var inherited: [Member] = []
        for var child in Self.children(of: structure) {
            let tag = dwarf_tag(&child)
            let offset = Self.memberOffset(child)
            if tag == DW_TAG_member, !Self.has(child, DW_AT_declaration) {
                if let name = Self.name(of: child) {
                    own.append(Member(name: name, offset: offset, die: child))
                } else if let type = Self.type(of: child) {
                    own += dataMembers(of: completeType(type), depth: depth + 1).map { Self.shifted($0, by: offset) }
                }
            } else if tag == DW_TAG_inheritance, let type = Self.type(of: child) {
                inherited += dataMembers(of: completeType(type), depth: depth + 1).map { Self.shifted($0, by: offset) }
            }
        }
        return own + inherited.filter { base in !own.contains { $0.name == base.name } }
    }

    private static func shifted(_ member: Member, by offset: UInt64?) -> Member {
        var member = member
        member.offset = offset.flatMap { base in member.offset.map { base &+ $0 } }
        return member
    }

    /// The type with typedefs and qualifiers looked through and, for a struct, class or union
    /// that is only declared here, its definition from a type unit or any module's DWARF.
    private func completeType(_ declaredType: Dwarf_Die) -> Dwarf_Die {
        var type = Self.peeled(declaredType)
        guard Self.isAggregate(type), Self.has(type, DW_AT_declaration) else { return type }
        var attribute = Dwarf_Attribute()
        var signed = Dwarf_Die()
        if dwarf_attr(&type, UInt32(DW_AT_signature), &attribute) != nil, dwarf_formref_die(&attribute, &signed) != nil {
            return signed
        }
        guard let name = Self.name(of: type) else { return type }
        let tag = dwarf_tag(&type)
        let qualifiers = Self.scopeNames(of: type)
        var definition: Dwarf_Die?
        for module in orderedModules() where definition == nil {
            var bias: Dwarf_Addr = 0
            guard let dwarf = dwfl_module_getdwarf(module, &bias) else { continue }
            Self.walk(dwarf, qualifiers: qualifiers) { die, dieTag, matched in
                guard matched == qualifiers.count, dieTag == tag, !Self.has(die, DW_AT_declaration),
                      Self.name(of: die) == name
                else { return true }
                definition = die
                return false
            }
        }
        return definition ?? type
    }

    private func followingReferences(_ place: Place, prefix: String) throws(CounterReadError) -> Place {
        try following(place, prefix: prefix, pointers: false)
    }

    private func followingPointers(_ place: Place, prefix: String) throws(CounterReadError) -> Place {
        try following(place, prefix: prefix, pointers: true)
    }

    /// Dereferences C++ references and, with `pointers`, pointers, until another type.
    private func following(_ place: Place, prefix: String, pointers: Bool) throws(CounterReadError) -> Place {
        var place = place
        for _ in 0..<8 {
            var type = Self.peeled(place.type)
            let tag = dwarf_tag(&type)
            let isReference = tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type
            guard isReference || (pointers && tag == DW_TAG_pointer_type), let target = Self.type(of: type) else { break }
            let address = try readPointer(place, prefix: prefix)
            guard address != 0 else { throw .nullPointer(expression: prefix) }
            place = Place(address: address, type: target)
        }
        return place
    }

    /// The pointer (or reference) stored at `place`, of its type's size or the unit's address size.
    private func readPointer(_ place: Place, prefix: String) throws(CounterReadError) -> UInt64 {
        var type = Self.peeled(place.type)
        var size = Int(dwarf_bytesize(&type))
        if size <= 0 {
            var unit = Dwarf_Die()
            var addressSize: UInt8 = 8
            _ = dwarf_diecu(&type, &unit, &addressSize, nil)
            size = Int(addressSize)
        }
        guard size <= 8, let raw = bytes(at: place.address, count: size) else {
            throw .notInCore(expression: prefix, address: place.address)
        }
        return raw.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    // MARK: Memory

    /// Bytes from the core, else from a read-only `PT_LOAD` segment of the module's file,
    /// which holds what the process saw (the kernel does not dump file-backed `.rodata`).
    private func bytes(at address: UInt64, count: Int) -> [UInt8]? {
        memory.read(at: address, count: count)
            ?? ModuleCode(session: session).bytes(at: address, count: count, readOnlyOnly: true)
    }
}
