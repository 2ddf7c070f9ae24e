import DumpModel

/// Decodes `NT_AUXV`: (type, value) word pairs up to `AT_NULL`.
enum AuxiliaryVectorDecoder {
    static func decode(_ note: ByteReader, wordSize: Int) -> [AuxiliaryVectorEntry] {
        var entries: [AuxiliaryVectorEntry] = []
        var offset = 0
        while let type = note.word(at: offset, size: wordSize),
              let value = note.word(at: offset + wordSize, size: wordSize), type != 0 {
            entries.append(AuxiliaryVectorEntry(type: type, value: value))
            offset += 2 * wordSize
        }
        return entries
    }
}
