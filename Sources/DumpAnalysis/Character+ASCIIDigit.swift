extension Character {
    /// Whether the character is one of `0` to `9` (not any Unicode digit).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
