/// The name a module global holds an object under, found in a frame's globals dict
/// (`f_globals`): how a lock a frame waits for is named (`cache_lock`).
///
/// A dict (3.11 to 3.13, Include/internal/pycore_dict.h; a free-threaded 3.13, whose keys
/// object has a mutex more, is refused before this is read) points at its keys object
/// (`ma_keys`), whose entries follow the hash index (`dk_indices`, `1 << dk_log2_index_bytes`
/// bytes): a key and a value each for a dict with only string keys (`dk_kind` 1, every module's
/// globals), a hash, a key and a value for any other (`dk_kind` 0). A split dict (`dk_kind` 2,
/// an instance's attributes) keeps its values elsewhere and is not read.
enum CPythonGlobalName {
    /// The most entries of one dict looked at.
    static let maxEntries = 1 << 14
    /// `PyDictObject.ma_keys`.
    static let dictKeys = 32
    /// `PyDictKeysObject.dk_log2_index_bytes`, `dk_kind` (bytes) and `dk_nentries`.
    static let keysLog2IndexBytes = 9
    static let keysKind = 10
    static let keysEntryCount = 24
    /// `PyDictKeysObject.dk_indices`: the hash index, then the entries.
    static let keysIndices = 32

    /// The key under which the dict at `dict` holds `object`, nil when it holds it under none
    /// or cannot be read.
    static func key(of object: UInt64, inDict dict: UInt64, layout: CPythonLayout, memory: CPythonMemory) -> String? {
        let words = memory.memory
        guard dict != 0, dict % 8 == 0, let keys = words.readWord(at: dict &+ UInt64(dictKeys), size: 8), keys != 0, keys % 8 == 0,
              let log2IndexBytes = words.readWord(at: keys &+ UInt64(keysLog2IndexBytes), size: 1), log2IndexBytes < 32,
              let kind = words.readWord(at: keys &+ UInt64(keysKind), size: 1), kind <= 1,
              let count = words.readWord(at: keys &+ UInt64(keysEntryCount), size: 8)
        else { return nil }
        let entryWords = kind == 1 ? 2 : 3
        let entryCount = Int(min(count, UInt64(maxEntries)))
        let entries = keys &+ UInt64(keysIndices) &+ (UInt64(1) << log2IndexBytes)
        guard entryCount > 0, let bytes = words.read(at: entries, count: entryCount * entryWords * 8) else { return nil }
        func word(_ index: Int) -> UInt64 { bytes[index * 8..<index * 8 + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        for entry in 0..<entryCount where word(entry * entryWords + entryWords - 1) == object {
            let key = word(entry * entryWords + entryWords - 2)
            return try? CPythonString.read(at: key, layout: layout, memory: memory, "a global's name")
        }
        return nil
    }
}
