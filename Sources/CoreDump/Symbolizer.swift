internal import CElfUtils
import Glibc
import DumpModel

/// Turns addresses into modules, functions, source lines and inlined calls through libdwfl,
/// remembering every answer: the stacks of a blocked service repeat the same return addresses
/// thousands of times, and libdwfl's symbol lookup scans a module's whole symbol table per call.
final class Symbolizer {
    /// What an address resolves to, independent of the frame it was found in.
    private struct Resolution {
        var moduleIndex: Int?
        var moduleOffset: UInt64?
        /// Innermost first: inlined calls, then the function the machine frame is in.
        var functions: [FunctionAtAddress]
    }

    private struct FunctionAtAddress {
        var symbol: FrameSymbol
        var isInlined: Bool

        /// - Parameter symbolName: the name as the symbol table or DWARF has it, demangled here.
        init(symbolName: String?, offset: UInt64?, source: SourceLocation?, isInlined: Bool) {
            let demangled = symbolName.map(Demangler.demangle)
            symbol = FrameSymbol(
                function: demangled, mangledName: demangled == symbolName ? nil : symbolName,
                functionOffset: offset, source: source)
            self.isInlined = isInlined
        }
    }

    private let session: DwflSession
    private let moduleIndex: [OpaquePointer: Int]
    private var resolutions: [UInt64: Resolution] = [:]
    private var cfiCoverage: [UInt64: Bool] = [:]
    /// Symbol tables of modules read from core memory, built on first use (nil: not needed).
    private var memoryImageSymbols: [OpaquePointer: MemoryImageSymbols?] = [:]
    /// Units by address for modules without `.debug_aranges` (Go binaries).
    private let compileUnits = CompileUnitRanges()

    /// - Parameter moduleIndex: the position of each `Dwfl_Module` in the model's module list.
    init(session: DwflSession, moduleIndex: [OpaquePointer: Int]) {
        self.session = session
        self.moduleIndex = moduleIndex
    }

    /// The frames of a thread from its machine frames: each machine frame becomes one frame,
    /// preceded by one frame per call inlined at its PC.
    func frames(for stack: [UnwoundFrame]) -> [Frame] {
        var frames: [Frame] = []
        frames.reserveCapacity(stack.count)
        var calleeLookupAddress: UInt64?
        for machineFrame in stack {
            var frame = Frame(pc: machineFrame.pc, kind: machineFrame.kind, trust: .context)
            if let calleeLookupAddress {
                frame.trust = hasCFI(at: calleeLookupAddress) ? .cfi : .framePointer
            }
            calleeLookupAddress = frame.lookupAddress
            let resolution = resolve(frame.lookupAddress)
            frame.moduleIndex = resolution.moduleIndex
            frame.moduleOffset = resolution.moduleOffset
            if resolution.functions.isEmpty {
                frames.append(frame)
                continue
            }
            for function in resolution.functions {
                frame.symbol = function.symbol
                frames.append(function.isInlined ? Frame(
                    pc: frame.pc, kind: frame.kind, trust: .inlined, moduleIndex: frame.moduleIndex,
                    moduleOffset: frame.moduleOffset, symbol: function.symbol) : frame)
            }
        }
        return frames
    }

    /// Whether libdwfl found call frame information for the code at `address`: if so, it
    /// unwound the caller with CFI, otherwise with the architecture's frame-pointer fallback.
    private func hasCFI(at address: UInt64) -> Bool {
        if let known = cfiCoverage[address] { return known }
        var covered = false
        if let module = dwfl_addrmodule(session.dwfl, address) {
            var bias: Dwarf_Addr = 0
            for cfi in [dwfl_module_eh_cfi(module, &bias), dwfl_module_dwarf_cfi(module, &bias)] {
                guard let cfi else { continue }
                var frame: OpaquePointer?
                if dwarf_cfi_addrframe(cfi, address &- bias, &frame) == 0 {
                    free(UnsafeMutableRawPointer(frame))
                    covered = true
                    break
                }
            }
        }
        cfiCoverage[address] = covered
        return covered
    }

    private func resolve(_ address: UInt64) -> Resolution {
        if let known = resolutions[address] { return known }
        let resolution = session.perform { computeResolution(address) }
        resolutions[address] = resolution
        return resolution
    }

    private func computeResolution(_ address: UInt64) -> Resolution {
        guard let module = dwfl_addrmodule(session.dwfl, address) else {
            return Resolution(moduleIndex: nil, moduleOffset: nil, functions: [])
        }
        var start: Dwarf_Addr = 0
        _ = dwfl_module_info(module, nil, &start, nil, nil, nil, nil, nil)
        var resolution = Resolution(moduleIndex: moduleIndex[module], moduleOffset: address &- start, functions: [])

        var symbolOffset: GElf_Off = 0
        var symbol = GElf_Sym()
        var symbolName = dwfl_module_addrinfo(module, address, &symbolOffset, &symbol, nil, nil, nil)
            .map { String(cString: $0) }
        if symbolName == nil, let fallback = memoryImageSymbolTable(of: module)?.symbol(at: address) {
            symbolName = fallback.name
            symbolOffset = fallback.offset
        }
        let lineSource = sourceLocation(module: module, address: address)

        let inlined = inlinedCalls(module: module, address: address, pcSource: lineSource)
        // DWARF's enclosing subprogram names the machine frame's function, as eu-stack -i
        // does: code a compiler split off (`f.cold`, `f.part.0`) is still `f`. The symbol
        // table is the fallback, and its offset is shown only when it names the same function.
        let outerName = inlined.outerName ?? symbolName
        if outerName != nil || lineSource != nil {
            let outer = FunctionAtAddress(
                symbolName: outerName, offset: symbolName != nil && symbolName == outerName ? symbolOffset : nil,
                source: inlined.outerSource ?? lineSource, isInlined: false)
            resolution.functions = inlined.calls + [outer]
        }
        return resolution
    }

    private func memoryImageSymbolTable(of module: OpaquePointer) -> MemoryImageSymbols? {
        if let known = memoryImageSymbols[module] { return known }
        let table = MemoryImageSymbols(module: module)
        memoryImageSymbols[module] = table
        return table
    }

    /// The line of `address` from the module's line table.
    private func sourceLocation(module: OpaquePointer, address: UInt64) -> SourceLocation? {
        guard let line = dwfl_module_getsrc(module, address) else {
            guard let (unit, bias) = compileUnits.unit(of: module, containing: address),
                  let line = dwarf_getsrc_die(unit, address &- bias), let file = dwarf_linesrc(line, nil, nil)
            else { return nil }
            var number: Int32 = 0
            var column: Int32 = 0
            _ = dwarf_lineno(line, &number)
            _ = dwarf_linecol(line, &column)
            return SourceLocation(file: String(cString: file), line: Int(number), column: Int(column))
        }
        var number: Int32 = 0
        var column: Int32 = 0
        guard let file = dwfl_lineinfo(line, nil, &number, &column, nil, nil) else { return nil }
        return SourceLocation(file: String(cString: file), line: Int(number), column: Int(column))
    }

    /// The calls inlined at `address`, innermost first, as eu-stack finds them: the innermost
    /// function scope at the PC from `dwarf_getscopes`, then the DIE parents of that scope
    /// from `dwarf_getscopes_die` up to the enclosing subprogram. Each inlined call's source is
    /// the PC's line for the innermost one, else the call site recorded by the callee.
    private func inlinedCalls(module: OpaquePointer, address: UInt64, pcSource: SourceLocation?)
        -> (calls: [FunctionAtAddress], outerName: String?, outerSource: SourceLocation?)
    {
        var bias: Dwarf_Addr = 0
        var foundByRanges = false
        guard let compileUnit = dwfl_module_addrdie(module, address, &bias)
                ?? compileUnits.unit(of: module, containing: address).map({ bias = $0.bias; foundByRanges = true; return $0.unit })
        else { return ([], nil, nil) }
        var scopes: UnsafeMutablePointer<Dwarf_Die>?
        let scopeCount = dwarf_getscopes(compileUnit, address &- bias, &scopes)
        defer { free(scopes) }
        guard scopeCount > 0, let scopes else {
            // Only for DWARF without `.debug_aranges` (Go): elsewhere the frames stay as
            // eu-stack shows them, the oracle of the other tests.
            guard foundByRanges else { return ([], nil, nil) }
            var chain = Self.containingFunctions(compileUnit, address &- bias)
            return chain.withUnsafeMutableBufferPointer { inlinedCalls(in: $0, compileUnit: compileUnit, pcSource: pcSource) }
        }
        guard let innermost = (0..<Int(scopeCount)).first(where: { Self.isFunctionScope(&scopes[$0]) }) else {
            return ([], nil, nil)
        }
        var chain: UnsafeMutablePointer<Dwarf_Die>?
        let chainCount = dwarf_getscopes_die(&scopes[innermost], &chain)
        defer { free(chain) }
        guard chainCount > 0, let chain else { return ([], nil, nil) }

        return inlinedCalls(in: UnsafeMutableBufferPointer(start: chain, count: Int(chainCount)), compileUnit: compileUnit, pcSource: pcSource)
    }

    /// The inlined calls of `chain` (the scopes at a PC, innermost first, up to the enclosing
    /// subprogram), and that subprogram's name and the call site in it.
    private func inlinedCalls(in chain: UnsafeMutableBufferPointer<Dwarf_Die>, compileUnit: UnsafeMutablePointer<Dwarf_Die>, pcSource: SourceLocation?)
        -> (calls: [FunctionAtAddress], outerName: String?, outerSource: SourceLocation?)
    {
        var calls: [FunctionAtAddress] = []
        var source = pcSource
        for index in chain.indices where Self.isFunctionScope(&chain[index]) {
            let name = Self.name(of: &chain[index])
            if dwarf_tag(&chain[index]) == DW_TAG_subprogram {
                return (calls, name, source)
            }
            calls.append(FunctionAtAddress(
                symbolName: name, offset: nil,
                source: source, isInlined: true))
            source = Self.callSite(of: &chain[index], compileUnit: compileUnit)
        }
        return (calls, nil, source)
    }

    /// The function scopes of `unit` containing `pc` (a module address), innermost first,
    /// found by descending from the unit through the children that cover it. `dwarf_getscopes` finds nothing when an inlined call's abstract origin lies in
    /// another unit, as Go writes every call inlined across packages.
    private static func containingFunctions(_ unit: UnsafeMutablePointer<Dwarf_Die>, _ pc: UInt64) -> [Dwarf_Die] {
        var found: [Dwarf_Die] = []
        var scope = unit.pointee
        // Nesting deeper than this is not followed: compilers nest a few levels of blocks.
        for _ in 0..<64 {
            var child = Dwarf_Die()
            guard dwarf_child(&scope, &child) == 0 else { break }
            var inner: Dwarf_Die?
            repeat {
                let tag = dwarf_tag(&child)
                if tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block,
                   dwarf_haspc(&child, pc) == 1 {
                    inner = child
                    break
                }
                var next = Dwarf_Die()
                guard dwarf_siblingof(&child, &next) == 0 else { break }
                child = next
            } while true
            guard var inner else { break }
            if isFunctionScope(&inner) { found.append(inner) }
            scope = inner
        }
        return found.reversed()
    }

    private static func isFunctionScope(_ die: UnsafeMutablePointer<Dwarf_Die>) -> Bool {
        let tag = dwarf_tag(die)
        return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine || tag == DW_TAG_entry_point
    }

    /// The linkage (mangled) name of a function DIE, following abstract origins, else its name.
    private static func name(of die: UnsafeMutablePointer<Dwarf_Die>) -> String? {
        var attribute = Dwarf_Attribute()
        for code in [DW_AT_linkage_name, DW_AT_MIPS_linkage_name] {
            if dwarf_attr_integrate(die, UInt32(code), &attribute) != nil, let text = dwarf_formstring(&attribute) {
                return String(cString: text)
            }
        }
        return dwarf_diename(die).map { String(cString: $0) }
    }

    /// Where an inlined call was made: its `DW_AT_call_file` and `DW_AT_call_line`.
    private static func callSite(of die: UnsafeMutablePointer<Dwarf_Die>, compileUnit: UnsafeMutablePointer<Dwarf_Die>) -> SourceLocation? {
        var attribute = Dwarf_Attribute()
        var fileIndex: Dwarf_Word = 0
        var line: Dwarf_Word = 0
        guard dwarf_attr(die, UInt32(DW_AT_call_file), &attribute) != nil, dwarf_formudata(&attribute, &fileIndex) == 0,
              dwarf_attr(die, UInt32(DW_AT_call_line), &attribute) != nil, dwarf_formudata(&attribute, &line) == 0
        else { return nil }
        var column: Dwarf_Word = 0
        if dwarf_attr(die, UInt32(DW_AT_call_column), &attribute) != nil { _ = dwarf_formudata(&attribute, &column) }
        var files: OpaquePointer?
        var fileCount = 0
        guard dwarf_getsrcfiles(compileUnit, &files, &fileCount) == 0, let files,
              let name = dwarf_filesrc(files, Int(fileIndex), nil, nil)
        else { return nil }
        return SourceLocation(file: String(cString: name), line: Int(line), column: Int(column))
    }
}
