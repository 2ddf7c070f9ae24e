internal import CElfUtils
import DumpModel
import RuntimeStacks

/// Structure layouts by type name from the modules' DWARF, through libdw, for the runtime
/// readers (``TypeLayoutLookup``).
///
/// Each module's top-level structures are indexed by name the first time a type is asked for,
/// module by module in libdwfl's order until one defines it (a Go executable is the first
/// module, so a library's DWARF is never walked for `runtime.g`), or in the one module a
/// scoped lookup covers. The first definition of a name in a module wins; declarations
/// without members are skipped. The DIEs it keeps live as long as the session.
final class DWARFTypeLayouts: TypeLayoutLookup {
    private let session: DwflSession
    private var pendingModules: [OpaquePointer]?
    private var structures: [String: Dwarf_Die] = [:]
    private var sizes: [String: UInt64?] = [:]
    private var members: [String: TypeMemberLayout?] = [:]

    /// Structures deeper than this are not looked into: no runtime's path is longer, and a
    /// hostile DWARF could nest types without end.
    private static let maximumPathDepth = 8

    /// A lookup over `modules` (every module of the session when nil, in libdwfl's order).
    init(session: DwflSession, modules: [OpaquePointer]? = nil) {
        self.session = session
        pendingModules = modules
    }

    func scoped(toModuleContaining address: UInt64) -> (any TypeLayoutLookup)? {
        session.perform { dwfl_addrmodule(session.dwfl, address) }.map { DWARFTypeLayouts(session: session, modules: [$0]) }
    }

    func size(ofType type: String) -> UInt64? {
        if let known = sizes[type] { return known }
        let size = session.perform { structure(named: type).flatMap(CounterReader.size(of:)) }
        sizes[type] = size
        return size
    }

    func member(_ path: String, ofType type: String) -> TypeMemberLayout? {
        let key = type + "\u{0}" + path
        if let known = members[key] { return known }
        let layout = session.perform { () -> TypeMemberLayout? in
            guard var structure = structure(named: type) else { return nil }
            let names = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard names.count <= Self.maximumPathDepth else { return nil }
            var offset: UInt64 = 0
            var size: UInt64 = 0
            for (position, name) in names.enumerated() {
                guard let member = CounterReader.children(of: structure).first(where: { child in
                    var child = child
                    return dwarf_tag(&child) == DW_TAG_member && CounterReader.name(of: child) == name
                }), let memberOffset = CounterReader.memberOffset(member), let type = CounterReader.type(of: member)
                else { return nil }
                let (sum, overflow) = offset.addingReportingOverflow(memberOffset)
                guard !overflow, let memberSize = CounterReader.size(of: type) else { return nil }
                offset = sum
                size = memberSize
                if position < names.count - 1 {
                    let inner = CounterReader.peeled(type)
                    guard CounterReader.isAggregate(inner) else { return nil }
                    structure = inner
                }
            }
            return TypeMemberLayout(offset: offset, size: size)
        }
        members[key] = layout
        return layout
    }

    /// The definition of the structure called `name`, indexing modules until one has it.
    private func structure(named name: String) -> Dwarf_Die? {
        if let known = structures[name] { return known }
        if pendingModules == nil { pendingModules = session.modules() }
        while let module = pendingModules?.first {
            pendingModules?.removeFirst()
            index(module)
            if let found = structures[name] { return found }
        }
        return nil
    }

    private func index(_ module: OpaquePointer) {
        var bias: Dwarf_Addr = 0
        guard let dwarf = dwfl_module_getdwarf(module, &bias) else { return }
        var found: [String: Dwarf_Die] = [:]
        CounterReader.walk(dwarf, qualifiers: []) { die, tag, _ in
            guard tag == DW_TAG_structure_type, !CounterReader.has(die, DW_AT_declaration),
                  let name = CounterReader.name(of: die), found[name] == nil
            else { return true }
            found[name] = die
            return true
        }
        structures.merge(found) { earlier, _ in earlier }
    }
}
