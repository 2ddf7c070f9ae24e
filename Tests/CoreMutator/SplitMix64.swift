/// A small, fast, seedable random number generator (Steele, Lea and Flood's SplitMix64), so
/// that a mutated core is a function of its name alone: the same fixture, mutation and seed
/// give the same bytes on every machine and every run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator seeded from a name and a number, through a hash that does not change
    /// between processes (Swift's `Hasher` is seeded per process).
    public init(name: String, seed: UInt64) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        self.init(seed: hash ^ (seed &* 0x9e37_79b9_7f4a_7c15))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }

    /// An index in `0..<count`; 0 when `count` is not positive.
    public mutating func index(_ count: Int) -> Int {
        count > 0 ? Int(next() % UInt64(count)) : 0
    }

    /// One element of a non-empty array.
    public mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[index(elements.count)]
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        index(denominator) < numerator
    }
}
