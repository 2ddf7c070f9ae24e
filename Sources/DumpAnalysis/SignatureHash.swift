/// The hash behind crash and hang signatures: 64-bit FNV-1a over the parts joined by newlines,
/// written as 16 lowercase hex digits. Changing it regroups every stored crash, so it never
/// changes (docs/signatures.md).
enum SignatureHash {
    /// The 16 lowercase hex digits of the FNV-1a hash of `parts` joined by `\n`.
    static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
