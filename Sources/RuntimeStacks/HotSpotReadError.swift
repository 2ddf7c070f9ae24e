/// Why HotSpot's structures in a core could not be read. Each message is lower case and says
/// what was missing, for the note the reader leaves in place of the Java facts.
enum HotSpotReadError: Error, Equatable, CustomStringConvertible {
    /// libjvm.so's symbol `name` (a `gHotSpotVM...` table or its entry layout) is not in the
    /// symbol tables of the core's modules.
    case missingSymbol(String)
    /// `what` at `address` is outside the memory the core holds, or misaligned.
    case unreadable(String, address: UInt64)
    /// HotSpot's own description of itself lacks `field` of `type`, which the reader needs:
    /// another HotSpot version than the reader knows.
    case missingField(type: String, field: String)
    /// HotSpot's description lacks the constant `name`.
    case missingConstant(String)
    /// A table or list is longer than the reader follows, or loops.
    case tooLong(String, limit: Int)

    var description: String {
        switch self {
        case .missingSymbol(let name):
            "libjvm.so's symbol \(name) was not found (a stripped or non-HotSpot libjvm.so)"
        case .unreadable(let what, let address):
            "\(what) at 0x\(String(address, radix: 16)) is not in the core (or misaligned)"
        case .missingField(let type, let field):
            "gHotSpotVMStructs has no \(type)::\(field) (a HotSpot version the reader does not know)"
        case .missingConstant(let name):
            "gHotSpotVMIntConstants has no \(name) (a HotSpot version the reader does not know)"
        case .tooLong(let what, let limit):
            "\(what) is longer than \(limit) entries or loops"
        }
    }
}
