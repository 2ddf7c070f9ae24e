internal import CElfUtils
import DumpModel
import Glibc

/// The DWARF walking and type inspection the counter reader is built on.
extension CounterReader {
    /// Visits the DIEs of every compile unit of `dwarf`: its top level, and the namespaces
    /// (and classes) that `qualifiers` names in order, anonymous and inline namespaces being
    /// looked into as well. `visit` gets each DIE, its tag and how many qualifiers its scope
    /// matched, and returns false to stop the walk.
    static func walk(_ dwarf: OpaquePointer, qualifiers: [String], visit: (inout Dwarf_Die, Int32, Int) -> Bool) {
        forEachUnitRoot(of: dwarf) { walkScope($0, matched: 0, qualifiers: qualifiers, visit: visit) }
    }

    /// Calls `body` with the root DIE of every compile unit of `dwarf` (a skeleton unit's
    /// split unit when it was found; type units are skipped) until `body` returns false.
    static func forEachUnitRoot(of dwarf: OpaquePointer, _ body: (Dwarf_Die) -> Bool) {
        var unit: OpaquePointer?
        while true {
            var next: OpaquePointer?
            var version: Dwarf_Half = 0
            var unitType: UInt8 = 0
            var unitDIE = Dwarf_Die()
            var subDIE = Dwarf_Die()
            guard dwarf_get_units(dwarf, unit, &next, &version, &unitType, &unitDIE, &subDIE) == 0 else { return }
            unit = next
            let root: Dwarf_Die
            switch Int(unitType) {
            case DW_UT_compile, DW_UT_partial: root = unitDIE
            case DW_UT_skeleton where dwarf_tag(&subDIE) == DW_TAG_compile_unit: root = subDIE
            default: continue
            }
            guard body(root) else { return }
        }
    }

    private static func walkScope(_ scope: Dwarf_Die, matched: Int, qualifiers: [String], visit: (inout Dwarf_Die, Int32, Int) -> Bool) -> Bool {
        var parent = scope
        var child = Dwarf_Die()
        guard dwarf_child(&parent, &child) == 0 else { return true }
        while true {
            let tag = dwarf_tag(&child)
            guard visit(&child, tag, matched) else { return false }
            var inner: Int?
            if tag == DW_TAG_namespace {
                let name = self.name(of: child)
                if let name, matched < qualifiers.count, name == qualifiers[matched] {
                    inner = matched + 1
                } else if name == nil || has(child, DW_AT_export_symbols) {
                    inner = matched
                }
            } else if matched < qualifiers.count, tag == DW_TAG_structure_type || tag == DW_TAG_class_type || tag == DW_TAG_union_type,
                      name(of: child) == qualifiers[matched] {
                inner = matched + 1
            }
            if let inner, !walkScope(child, matched: inner, qualifiers: qualifiers, visit: visit) { return false }
            var next = Dwarf_Die()
            guard dwarf_siblingof(&child, &next) == 0 else { return true }
            child = next
        }
    }

    /// The declaration a definition completes (`DW_AT_specification`, `DW_AT_abstract_origin`).
    static func specificationTarget(_ die: Dwarf_Die) -> Dwarf_Die? {
        var die = die
        var target: Dwarf_Die?
        for _ in 0..<4 {
            var attribute = Dwarf_Attribute()
            var next = Dwarf_Die()
            guard dwarf_attr(&die, UInt32(DW_AT_specification), &attribute) != nil
                    || dwarf_attr(&die, UInt32(DW_AT_abstract_origin), &attribute) != nil,
                  dwarf_formref_die(&attribute, &next) != nil
            else { break }
            die = next
            target = next
        }
        return target
    }

    /// Whether the namespaces and classes around `die` spell `qualifiers`, anonymous and
    /// inline namespaces being optional.
    static func scopeMatches(_ die: Dwarf_Die, qualifiers: [String]) -> Bool {
        let path = scopePath(of: die)
        func matches(_ element: Int, _ qualifier: Int) -> Bool {
            guard element < path.count else { return qualifier == qualifiers.count }
            let (name, isTransparent) = path[element]
            if let name, qualifier < qualifiers.count, name == qualifiers[qualifier], matches(element + 1, qualifier + 1) {
                return true
            }
            return isTransparent && matches(element + 1, qualifier)
        }
        return matches(0, 0)
    }

    /// The names of the namespaces and classes around `die`, outermost first, for finding a
    /// declared type's definition in the same scope.
    static func scopeNames(of die: Dwarf_Die) -> [String] {
        scopePath(of: die).compactMap { $0.isTransparent ? nil : $0.name }
    }

    /// The scopes around `die`, outermost first: a namespace, class, struct or union by name
    /// (anonymous and inline namespaces transparent); a function or block has no usable name.
    private static func scopePath(of die: Dwarf_Die) -> [(name: String?, isTransparent: Bool)] {
        var die = die
        var scopes: UnsafeMutablePointer<Dwarf_Die>?
        let count = dwarf_getscopes_die(&die, &scopes)
        defer { free(scopes) }
        guard count > 1, let scopes else { return [] }
        return (1..<Int(count)).reversed().compactMap { index -> (name: String?, isTransparent: Bool)? in
            let scope = scopes[index]
            var tagged = scope
            switch Int(dwarf_tag(&tagged)) {
            case DW_TAG_compile_unit, DW_TAG_partial_unit, DW_TAG_type_unit:
                return nil
            case DW_TAG_namespace:
                let name = name(of: scope)
                return (name, name == nil || has(scope, DW_AT_export_symbols))
            default:
                return (isAggregate(scope) ? name(of: scope) : "\u{0}", false)
            }
        }
    }

    static func children(of die: Dwarf_Die) -> [Dwarf_Die] {
        var parent = die
        var child = Dwarf_Die()
        guard dwarf_child(&parent, &child) == 0 else { return [] }
        var children = [child]
        var next = Dwarf_Die()
        while dwarf_siblingof(&child, &next) == 0 {
            children.append(next)
            child = next
        }
        return children
    }

    static func has(_ die: Dwarf_Die, _ attribute: Int) -> Bool {
        var die = die
        return dwarf_hasattr(&die, UInt32(attribute)) != 0
    }

    static func name(of die: Dwarf_Die) -> String? {
        var die = die
        return dwarf_diename(&die).map { String(cString: $0) }
    }

    /// The name, from the declaration when `die` is a definition that refers to one.
    static func integratedName(_ die: Dwarf_Die) -> String? {
        var die = die
        var attribute = Dwarf_Attribute()
        guard dwarf_attr_integrate(&die, UInt32(DW_AT_name), &attribute) != nil, let text = dwarf_formstring(&attribute) else { return nil }
        return String(cString: text)
    }

    static func linkageName(_ die: Dwarf_Die) -> String? {
        var die = die
        var attribute = Dwarf_Attribute()
        for code in [DW_AT_linkage_name, DW_AT_MIPS_linkage_name] {
            if dwarf_attr_integrate(&die, UInt32(code), &attribute) != nil, let text = dwarf_formstring(&attribute) {
                return String(cString: text)
            }
        }
        return nil
    }

    /// The DIE `DW_AT_type` refers to (following a definition's declaration), nil for `void`.
    static func type(of die: Dwarf_Die) -> Dwarf_Die? {
        var die = die
        var attribute = Dwarf_Attribute()
        var type = Dwarf_Die()
        guard dwarf_attr_integrate(&die, UInt32(DW_AT_type), &attribute) != nil, dwarf_formref_die(&attribute, &type) != nil else { return nil }
        return type
    }

    /// The type with typedefs and `const`/`volatile`/`restrict`/`_Atomic` looked through.
    static func peeled(_ type: Dwarf_Die) -> Dwarf_Die {
        var type = type
        var result = Dwarf_Die()
        return dwarf_peel_type(&type, &result) >= 0 ? result : type
    }

    /// The type with qualifiers looked through but typedefs kept, for naming it.
    static func unqualified(_ type: Dwarf_Die) -> Dwarf_Die {
        var type = type
        let qualifiers = [DW_TAG_const_type, DW_TAG_volatile_type, DW_TAG_restrict_type, DW_TAG_atomic_type]
        for _ in 0..<8 {
            guard qualifiers.contains(Int(dwarf_tag(&type))), let inner = self.type(of: type) else { break }
            type = inner
        }
        return type
    }

    static func isBitField(_ member: Dwarf_Die) -> Bool {
        has(member, DW_AT_bit_size) || has(member, DW_AT_data_bit_offset)
    }

    static func isAggregate(_ die: Dwarf_Die) -> Bool {
        var die = die
        let tag = dwarf_tag(&die)
        return tag == DW_TAG_structure_type || tag == DW_TAG_class_type || tag == DW_TAG_union_type
    }

    static func size(of type: Dwarf_Die) -> UInt64? {
        var type = type
        var size: Dwarf_Word = 0
        return dwarf_aggregate_size(&type, &size) == 0 ? size : nil
    }

    static func unsignedAttribute(_ die: Dwarf_Die, _ code: Int) -> UInt64? {
        var die = die
        var attribute = Dwarf_Attribute()
        var value: Dwarf_Word = 0
        guard dwarf_attr(&die, UInt32(code), &attribute) != nil, dwarf_formudata(&attribute, &value) == 0 else { return nil }
        return value
    }

    /// A member's `DW_AT_data_member_location`: a constant, or a DWARF 2 `DW_OP_plus_uconst`;
    /// 0 when absent (union members); nil for a virtual base's computed location.
    static func memberOffset(_ member: Dwarf_Die) -> UInt64? {
        var member = member
        var attribute = Dwarf_Attribute()
        guard dwarf_attr(&member, UInt32(DW_AT_data_member_location), &attribute) != nil else { return 0 }
        var value: Dwarf_Word = 0
        if dwarf_formudata(&attribute, &value) == 0 { return value }
        var operations: UnsafeMutablePointer<Dwarf_Op>?
        var count = 0
        guard dwarf_getlocation(&attribute, &operations, &count) == 0, count == 1, let operation = operations?.pointee,
              operation.atom == DW_OP_plus_uconst || operation.atom == DW_OP_constu
        else { return nil }
        return operation.number
    }

    /// The element count of each dimension of an array type, nil where the bound is unknown
    /// (a flexible array member, a variable-length array).
    static func dimensions(of array: Dwarf_Die) -> [UInt64?] {
        children(of: array).compactMap { subrange -> UInt64?? in
            var subrange = subrange
            guard dwarf_tag(&subrange) == DW_TAG_subrange_type else { return nil }
            if let count = unsignedAttribute(subrange, DW_AT_count) { return .some(count) }
            guard let upper = unsignedAttribute(subrange, DW_AT_upper_bound) else { return .some(nil) }
            let lower = unsignedAttribute(subrange, DW_AT_lower_bound) ?? 0
            return .some(upper >= lower && upper != UInt64.max ? upper - lower + 1 : nil)
        }
    }

    /// A C spelling of a type for messages: `struct request_queue`, `double`, `char *`,
    /// `int [3][4]` (from dimension `firstDimension` on, for a partly indexed array).
    static func describe(_ type: Dwarf_Die, from firstDimension: Int = 0, depth: Int = 0) -> String {
        var type = type
        let inner = { () -> String? in
            guard depth < 8, let target = self.type(of: type) else { return nil }
            return describe(target, depth: depth + 1)
        }
        let name = name(of: type)
        switch Int(dwarf_tag(&type)) {
        case DW_TAG_structure_type: return "struct " + (name ?? "{...}")
        case DW_TAG_class_type: return "class " + (name ?? "{...}")
        case DW_TAG_union_type: return "union " + (name ?? "{...}")
        case DW_TAG_enumeration_type: return "enum " + (name ?? "{...}")
        case DW_TAG_pointer_type:
            let target = inner() ?? "void"
            return target + (target.hasSuffix("*") ? "*" : " *")
        case DW_TAG_reference_type: return (inner() ?? "void") + " &"
        case DW_TAG_rvalue_reference_type: return (inner() ?? "void") + " &&"
        case DW_TAG_const_type: return "const " + (inner() ?? "void")
        case DW_TAG_volatile_type: return "volatile " + (inner() ?? "void")
        case DW_TAG_atomic_type: return "_Atomic " + (inner() ?? "void")
        case DW_TAG_restrict_type: return (inner() ?? "void") + " restrict"
        case DW_TAG_subroutine_type: return "function"
        case DW_TAG_array_type:
            let bounds = dimensions(of: type).dropFirst(firstDimension).map { $0.map { "[\($0)]" } ?? "[]" }
            return (inner() ?? "void") + " " + bounds.joined()
        default: return name ?? "unnamed type"
        }
    }
}
