internal import CElfUtils
import Glibc

/// The compile unit covering an address, from each unit's own address ranges, for modules
/// whose DWARF has no `.debug_aranges`: Go's linker writes none, and libdw before 0.191 finds
/// no unit (so no line, no inlined call) without it.
///
/// A module's units are indexed on first use: each unit's `DW_AT_low_pc`/`DW_AT_high_pc` or
/// `DW_AT_ranges` through `dwarf_ranges`, sorted by start. The unit DIEs are kept in memory
/// this index owns, for as long as the session lives.
final class CompileUnitRanges {
    private struct Entry {
        var start: UInt64
        var end: UInt64
        var unit: UnsafeMutablePointer<Dwarf_Die>
    }

    private var entriesByModule: [OpaquePointer: [Entry]] = [:]
    private var units: [UnsafeMutablePointer<Dwarf_Die>] = []

    /// More ranges than this in one module are not indexed: a hostile DWARF could list
    /// millions; Go's own runtime has a few thousand.
    private static let maximumRanges = 1_000_000

    deinit {
        for unit in units { unit.deallocate() }
    }

    /// The unit of `module` whose ranges cover `address` (a process address), and the
    /// module's bias, nil when none does or the module has no DWARF.
    func unit(of module: OpaquePointer, containing address: UInt64) -> (unit: UnsafeMutablePointer<Dwarf_Die>, bias: UInt64)? {
        var bias: Dwarf_Addr = 0
        guard dwfl_module_getdwarf(module, &bias) != nil else { return nil }
        let entries = entriesByModule[module] ?? index(module)
        let target = address &- bias
        // The last entry starting at or before the target.
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].start <= target { low = middle + 1 } else { high = middle }
        }
        guard low > 0, target < entries[low - 1].end else { return nil }
        return (entries[low - 1].unit, bias)
    }

    private func index(_ module: OpaquePointer) -> [Entry] {
        var bias: Dwarf_Addr = 0
        var entries: [Entry] = []
        if let dwarf = dwfl_module_getdwarf(module, &bias) {
            var offset: Dwarf_Off = 0
            var next: Dwarf_Off = 0
            var headerSize = 0
            while entries.count < Self.maximumRanges,
                  dwarf_nextcu(dwarf, offset, &next, &headerSize, nil, nil, nil) == 0 {
                defer { offset = next }
                var die = Dwarf_Die()
                guard dwarf_offdie(dwarf, offset &+ Dwarf_Off(headerSize), &die) != nil else { continue }
                let unit = UnsafeMutablePointer<Dwarf_Die>.allocate(capacity: 1)
                unit.initialize(to: die)
                units.append(unit)
                var base: Dwarf_Addr = 0
                var start: Dwarf_Addr = 0
                var end: Dwarf_Addr = 0
                var rangeOffset = dwarf_ranges(unit, 0, &base, &start, &end)
                while rangeOffset > 0, entries.count < Self.maximumRanges {
                    if end > start { entries.append(Entry(start: start, end: end, unit: unit)) }
                    rangeOffset = dwarf_ranges(unit, rangeOffset, &base, &start, &end)
                }
            }
        }
        entries.sort { $0.start < $1.start }
        entriesByModule[module] = entries
        return entries
    }
}
