internal import CElfUtils
import DumpModel

/// Names an address inside a global variable by its DWARF path, as a debugger would print it:
/// `sessions[1].lock` rather than `sessions+0x78`.
///
/// Each module's variables with a fixed address (`DW_OP_addr`, relocated by the module's bias)
/// are indexed by address the first time an address in that module is asked about: the top
/// level of every compile unit, namespaces, and functions' `static` variables. The path then
/// descends the variable's type by offset: an array element by its stride, a member whose
/// range holds the offset (base classes and anonymous members add no name), until the offset
/// is used up at a lock type (``lockTypeNames``, or any union: glibc's lock types are
/// unions) or at a scalar. Runs inside ``DwflSession/perform(_:)``; the DIEs it keeps live as
/// long as the session.
final class VariablePaths {
    private let session: DwflSession
    private var variablesByModule: [OpaquePointer: [UInt64: Dwarf_Die]] = [:]

    /// Types whose objects are the lock itself: the path stops at them even where their first
    /// member lies at the same address. Typedef and class names, unqualified, without template
    /// arguments (`counting_semaphore<2>`, Rust's `Mutex<Vec<u8>>`).
    static let lockTypeNames: Set<String> = [
        "pthread_mutex_t", "pthread_rwlock_t", "pthread_cond_t", "pthread_spinlock_t", "pthread_barrier_t",
        "sem_t", "mtx_t", "cnd_t", "__gthread_mutex_t", "__gthread_recursive_mutex_t", "__gthread_cond_t",
        "mutex", "recursive_mutex", "timed_mutex", "recursive_timed_mutex", "shared_mutex", "shared_timed_mutex",
        "condition_variable", "condition_variable_any", "counting_semaphore", "binary_semaphore",
        "Mutex", "RwLock", "Condvar", "ReentrantMutex", "ReentrantLock", "Once", "OnceLock",
    ]

    /// Paths deeper than this are cut: a hostile DWARF could nest types without end.
    private static let maximumDepth = 16
    /// Compile units' DIEs visited per module at most, so a huge or cyclic DWARF costs a bound.
    private static let maximumVisitedDIEs = 2_000_000

    init(session: DwflSession) {
        self.session = session
    }

    /// The path of `address` inside `symbol` (which contains it), nil when no module's DWARF
    /// describes the variable, or when the path would say no more than the symbol.
    func path(of address: UInt64, in symbol: SymbolReference) -> String? {
        session.perform {
            guard let module = dwfl_addrmodule(session.dwfl, address),
                  let variable = variables(in: module)[symbol.address],
                  let type = CounterReader.type(of: variable)
            else { return nil }
            let suffix = Self.suffix(descending: type, offset: symbol.offset)
            guard let suffix, !suffix.isEmpty else { return nil }
            return symbol.name + suffix
        }
    }

    /// `[1].lock` for `offset` into an object of `type`; nil when the offset falls in padding
    /// or past the object.
    static func suffix(descending type: Dwarf_Die, offset: UInt64) -> String? {
        var suffix = ""
        var type = type
        var remaining = offset
        for _ in 0..<maximumDepth {
            if remaining == 0, isLockType(type) { return suffix }
            var peeled = CounterReader.peeled(type)
            switch Int(dwarf_tag(&peeled)) {
            case DW_TAG_array_type:
                guard let element = CounterReader.type(of: peeled), let elementSize = CounterReader.size(of: element), elementSize > 0 else {
                    return suffix
                }
                let dimensions = CounterReader.dimensions(of: peeled)
                guard !dimensions.isEmpty else { return suffix }
                // Strides of each dimension, innermost last; an unknown inner bound stops here.
                var strides: [UInt64] = []
                var stride = elementSize
                for dimension in dimensions.reversed() {
                    strides.insert(stride, at: 0)
                    guard let count = dimension else {
                        if strides.count < dimensions.count { return suffix }
                        break
                    }
                    let (product, overflow) = stride.multipliedReportingOverflow(by: count)
                    guard !overflow else { return suffix }
                    stride = product
                }
                for (position, dimensionStride) in strides.enumerated() {
                    let index = remaining / dimensionStride
                    if let count = dimensions[position], index >= count { return nil }
                    suffix += "[\(index)]"
                    remaining -= index * dimensionStride
                }
                type = element
            case DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type:
                guard let (member, memberOffset, memberType) = memberHolding(remaining, in: peeled) else {
                    return remaining == 0 ? suffix : nil
                }
                var tagged = member
                if dwarf_tag(&tagged) == DW_TAG_member, let name = CounterReader.name(of: member) {
                    suffix += "." + name
                }
                remaining -= memberOffset
                type = memberType
            default:
                return remaining == 0 ? suffix : nil
            }
        }
        return suffix
    }

    /// Whether `type` (looked through qualifiers, typedef by typedef) is a lock's own type.
    private static func isLockType(_ type: Dwarf_Die) -> Bool {
        var current = type
        for _ in 0..<8 {
            current = CounterReader.unqualified(current)
            if let name = CounterReader.name(of: current),
               lockTypeNames.contains(String(name.prefix { $0 != "<" })) {
                return true
            }
            var tagged = current
            let tag = Int(dwarf_tag(&tagged))
            if tag == DW_TAG_union_type { return true }
            guard tag == DW_TAG_typedef, let inner = CounterReader.type(of: current) else { return false }
            current = inner
        }
        return false
    }

    /// The data member or base class of `aggregate` whose bytes hold `offset`: its DIE, its
    /// offset and its type. The first one wins in a union.
    private static func memberHolding(_ offset: UInt64, in aggregate: Dwarf_Die) -> (Dwarf_Die, UInt64, Dwarf_Die)? {
        for child in CounterReader.children(of: aggregate) {
            var tagged = child
            let tag = Int(dwarf_tag(&tagged))
            guard tag == DW_TAG_member || tag == DW_TAG_inheritance,
                  !CounterReader.has(child, DW_AT_declaration), !CounterReader.isBitField(child),
                  let start = CounterReader.memberOffset(child), let type = CounterReader.type(of: child),
                  let size = CounterReader.size(of: type), start <= offset, offset - start < size
            else { continue }
            return (child, start, type)
        }
        return nil
    }

    /// The variables of `module` with a fixed address, by address, built on first use.
    private func variables(in module: OpaquePointer) -> [UInt64: Dwarf_Die] {
        if let known = variablesByModule[module] { return known }
        var found: [UInt64: Dwarf_Die] = [:]
        var bias: Dwarf_Addr = 0
        if let dwarf = dwfl_module_getdwarf(module, &bias) {
            var budget = Self.maximumVisitedDIEs
            CounterReader.forEachUnitRoot(of: dwarf) { root in
                Self.collect(in: root, bias: bias, into: &found, budget: &budget, depth: 0)
                return budget > 0
            }
        }
        variablesByModule[module] = found
        return found
    }

    private static func collect(in scope: Dwarf_Die, bias: Dwarf_Addr, into found: inout [UInt64: Dwarf_Die], budget: inout Int, depth: Int) {
        guard depth < maximumDepth else { return }
        for child in CounterReader.children(of: scope) {
            guard budget > 0 else { return }
            budget -= 1
            var tagged = child
            switch Int(dwarf_tag(&tagged)) {
            case DW_TAG_variable:
                if let address = fixedAddress(of: child) {
                    let (relocated, _) = address.addingReportingOverflow(bias)
                    if found[relocated] == nil { found[relocated] = child }
                }
            case DW_TAG_namespace, DW_TAG_subprogram, DW_TAG_lexical_block:
                collect(in: child, bias: bias, into: &found, budget: &budget, depth: depth + 1)
            default:
                continue
            }
        }
    }

    /// The address of a `DW_OP_addr` location (optionally plus a constant), before the bias.
    private static func fixedAddress(of variable: Dwarf_Die) -> UInt64? {
        var die = variable
        var attribute = Dwarf_Attribute()
        guard dwarf_attr(&die, UInt32(DW_AT_location), &attribute) != nil else { return nil }
        var operations: UnsafeMutablePointer<Dwarf_Op>?
        var count = 0
        guard dwarf_getlocation(&attribute, &operations, &count) == 0, let operations, count >= 1 else { return nil }
        let expression = UnsafeBufferPointer(start: operations, count: count)
        var address: Dwarf_Addr = 0
        switch Int(expression[0].atom) {
        case DW_OP_addr:
            address = expression[0].number
        case DW_OP_addrx, DW_OP_GNU_addr_index:
            var indexed = Dwarf_Attribute()
            guard dwarf_getlocation_attr(&attribute, operations, &indexed) == 0, dwarf_formaddr(&indexed, &address) == 0 else { return nil }
        default:
            return nil
        }
        for operation in expression.dropFirst() {
            guard operation.atom == DW_OP_plus_uconst else { return nil }
            address &+= operation.number
        }
        return address
    }
}
