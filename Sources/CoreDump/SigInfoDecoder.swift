import DumpModel

/// Decodes the kernel's `siginfo_t` (`NT_SIGINFO`): `si_signo`, `si_errno`, `si_code`, then
/// a union that starts at 16 on 64-bit machines and 12 on 32-bit ones.
enum SigInfoDecoder {
    /// The signal, or nil when the note is too short or names no signal (`si_signo` 0).
    static func decode(_ note: ByteReader, wordSize: Int) -> SignalInfo? {
        guard let number = note.int32(at: 0), number > 0,
              let errorNumber = note.int32(at: 4),
              let code = note.int32(at: 8)
        else { return nil }
        let unionOffset = wordSize == 8 ? 16 : 12
        var signal = SignalInfo(
            number: number, code: code, errorNumber: errorNumber, faultAddress: nil,
            senderPID: nil, senderUID: nil)
        if SignalInfo.faultSignals.contains(number) && code > 0 {
            signal.faultAddress = note.word(at: unionOffset, size: wordSize)
        } else if code <= 0 {
            // SI_USER, SI_QUEUE, SI_TKILL ...: sent by a process, which the union names.
            signal.senderPID = note.int32(at: unionOffset)
            signal.senderUID = note.uint32(at: unionOffset + 4)
        }
        return signal
    }
}
