internal import CElfUtils
import DumpModel

/// The symbol tables of a core's modules, through libdwfl, for naming data addresses (a lock
/// called `model_lock`) and finding globals by name (`__abort_msg`, `main_arena`). It keeps the
/// libdwfl session of the read alive.
public final class CoreSymbols: SymbolLookup {
    private struct Definition {
        var address: UInt64
        var isGlobal: Bool
    }

    let session: DwflSession
    private var namesByModule: [OpaquePointer: [String: Definition]] = [:]

    private lazy var variablePaths = VariablePaths(session: session)

    init(session: DwflSession) {
        self.session = session
    }

    /// Demangles `_ZTS` + `mangled` (the symbol of the type's name string) and keeps the type.
    public func demangledTypeName(_ mangled: String) -> String? {
        let prefix = "typeinfo name for "
        let demangled = Demangler.demangle("_ZTS" + mangled)
        guard demangled.hasPrefix(prefix), demangled.count > prefix.count else { return nil }
        return String(demangled.dropFirst(prefix.count))
    }

    public func variablePath(of address: UInt64, in symbol: SymbolReference) -> String? {
        variablePaths.path(of: address, in: symbol)
    }

    public func symbol(containing address: UInt64) -> SymbolReference? {
        session.perform {
            guard let module = dwfl_addrmodule(session.dwfl, address) else { return nil }
            var offset: GElf_Off = 0
            var symbol = GElf_Sym()
            guard let name = dwfl_module_addrinfo(module, address, &offset, &symbol, nil, nil, nil) else { return nil }
            return SymbolReference(
                name: Demangler.demangle(String(cString: name)), address: address - offset,
                size: symbol.st_size, offset: offset)
        }
    }

    public func address(ofSymbol name: String) -> UInt64? {
        session.perform {
            var best: Definition?
            for module in session.modules() {
                guard let found = definitions(in: module)[name] else { continue }
                if found.isGlobal { return found.address }
                best = best ?? found
            }
            return best?.address
        }
    }

    /// The defined symbols of `module` by name, built on first use.
    private func definitions(in module: OpaquePointer) -> [String: Definition] {
        if let known = namesByModule[module] { return known }
        var names: [String: Definition] = [:]
        let count = dwfl_module_getsymtab(module)
        if count > 0 {
            for index in 0..<count {
                var symbol = GElf_Sym()
                guard let raw = dwfl_module_getsym(module, index, &symbol, nil),
                      symbol.st_shndx != UInt16(SHN_UNDEF), symbol.st_value != 0
                else { continue }
                let name = String(cString: raw)
                let isGlobal = (symbol.st_info >> 4) != UInt8(STB_LOCAL)
                if let existing = names[name], existing.isGlobal || !isGlobal { continue }
                names[name] = Definition(address: symbol.st_value, isGlobal: isGlobal)
            }
        }
        namesByModule[module] = names
        return names
    }
}
