import DumpModel

/// Finds the `NT_FILE` mapping that holds an address, by binary search over the mappings
/// sorted once: ``ModuleCatalog`` asks for up to ``CoreReadLimits/maximumModuleCount``
/// modules among up to ``CoreReadLimits/maximumMappedFileCount`` mappings.
///
/// The kernel writes disjoint mappings. A core whose mappings overlap is searched in note
/// order instead, so that the first mapping the note lists for an address still wins.
struct MappedFileLookup {
    /// The mappings in note order.
    private let mappings: [MappedFile]
    /// The non-empty mappings ordered by start address, or nil when two of them overlap.
    private let sorted: [MappedFile]?

    init(_ mappings: [MappedFile]) {
        self.mappings = mappings
        let sorted = mappings.filter { $0.startAddress < $0.endAddress }.sorted { $0.startAddress < $1.startAddress }
        let isDisjoint = zip(sorted, sorted.dropFirst()).allSatisfy { $0.endAddress <= $1.startAddress }
        self.sorted = isDisjoint ? sorted : nil
    }

    /// The first mapping in note order whose range holds `address`, if any.
    func mapping(containing address: UInt64) -> MappedFile? {
        guard let sorted else {
            return mappings.first { $0.startAddress <= address && address < $0.endAddress }
        }
        guard let index = sorted.lastIndex(withKeyAtMost: address, key: \.startAddress) else { return nil }
        return address < sorted[index].endAddress ? sorted[index] : nil
    }
}
