import DumpModel

/// What one `NT_PRSTATUS` note says of a thread.
struct ThreadStatusNote {
    var tid: Int32
    var currentSignal: Int32
    var pendingSignals: UInt64
    var blockedSignals: UInt64
    var cpuTime: CPUTime
    /// General-purpose registers in `user_regs_struct` order.
    var registers: [UInt64]
}

/// Decodes `struct elf_prstatus`, whose layout depends only on the word size up to the
/// register block: 64-bit cores put the registers at 112, 32-bit ones at 72.
enum PRStatusDecoder {
    /// Decodes one note, or returns nil when it is shorter than the layout needs.
    static func decode(_ note: ByteReader, wordSize: Int, layout: RegisterLayout) -> ThreadStatusNote? {
        let wide = wordSize == 8
        let registersOffset = wide ? 112 : 72
        let timeOffset = wide ? 48 : 40
        let pidOffset = wide ? 32 : 24
        guard note.count >= registersOffset + layout.names.count * wordSize,
              let cursig = note.int16(at: 12),
              let pending = note.word(at: 16, size: wordSize),
              let held = note.word(at: 16 + wordSize, size: wordSize),
              let tid = note.int32(at: pidOffset),
              let user = timeval(note, at: timeOffset, wordSize: wordSize),
              let system = timeval(note, at: timeOffset + 2 * wordSize, wordSize: wordSize)
        else { return nil }
        let registers = (0..<layout.names.count).map {
            note.word(at: registersOffset + $0 * wordSize, size: wordSize) ?? 0
        }
        return ThreadStatusNote(
            tid: tid, currentSignal: Int32(cursig), pendingSignals: pending, blockedSignals: held,
            cpuTime: CPUTime(userMicroseconds: user, systemMicroseconds: system), registers: registers)
    }

    /// A `struct timeval` in microseconds; negative or overflowing values (corrupt notes)
    /// read as zero.
    private static func timeval(_ note: ByteReader, at offset: Int, wordSize: Int) -> UInt64? {
        guard let seconds = note.signedWord(at: offset, size: wordSize),
              let microseconds = note.signedWord(at: offset + wordSize, size: wordSize)
        else { return nil }
        guard seconds >= 0, microseconds >= 0 else { return 0 }
        let scaled = seconds.multipliedReportingOverflow(by: 1_000_000)
        let total = scaled.partialValue.addingReportingOverflow(microseconds)
        return scaled.overflow || total.overflow ? 0 : UInt64(total.partialValue)
    }
}
