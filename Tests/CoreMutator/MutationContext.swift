/// What a mutation works on: the editor over the fixture's bytes, the seeded generator, and
/// the description it builds of what it changed.
public struct MutationContext {
    public var editor: CoreEditor
    public var random: SplitMix64
    public let source: SourceCore
    private(set) var changes: [String] = []

    init(source: SourceCore, random: SplitMix64) {
        self.source = source
        self.random = random
        editor = CoreEditor(bytes: source.bytes, layout: source.layout)
    }

    var layout: CoreLayout { source.layout }

    /// Records one change for the summary.
    mutating func say(_ change: String) {
        changes.append(change)
    }

    /// An interesting value for an unsigned field of `width` bytes that held `original`.
    mutating func interesting(_ original: UInt64, width: Int) -> UInt64 {
        InterestingValue.unsigned(original: original, width: width, fileSize: UInt64(editor.bytes.count), random: &random)
    }

    /// `value`, or when it equals `original` (no mutation at all), `original` with its lowest
    /// bit flipped.
    func differing(_ value: UInt64, from original: UInt64) -> UInt64 {
        value != original ? value : original ^ 1
    }

    /// One hostile string (as bytes) for a name, a path or a command line.
    mutating func hostileText() -> [UInt8] {
        random.pick(InterestingValue.hostileTexts)
    }
}

/// Values that break size and offset arithmetic, and strings that break renderers.
enum InterestingValue {
    static func unsigned(original: UInt64, width: Int, fileSize: UInt64, random: inout SplitMix64) -> UInt64 {
        let bits = width * 8
        let maximum: UInt64 = bits >= 64 ? .max : (1 << UInt64(bits)) - 1
        let candidates: [UInt64] = [
            0, 1, original &+ 1, original &- 1, original &* 2, original / 2,
            maximum, maximum - 1, maximum - random.next() % 4096, maximum &- original,
            1 << UInt64(bits - 1), (1 << UInt64(bits - 1)) - 1, 0xffff_ffff, 0x1_0000_0000,
            fileSize, fileSize - 1, fileSize + 1, random.next(), random.next() % 4096,
            original ^ (1 << (random.next() % UInt64(bits))),
        ]
        let value = random.pick(candidates) & maximum
        // A mutation that leaves the field as it was is no mutation.
        return value != original ? value : original ^ (1 << (random.next() % UInt64(bits)))
    }

    /// Names, paths and command lines a renderer must escape or survive.
    static let hostileTexts: [[UInt8]] = [
        Array("\u{1b}[2J\u{1b}[31mred alert\u{1b}[0m".utf8),
        Array("line one\nanalyze-dump: error: forged".utf8),
        Array("back\u{08}\u{08}\u{08}\u{08}bell\u{07}\rcarriage".utf8),
        Array("\u{1b}]0;terminal title\u{07}".utf8),
        [0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x41],
        Array("bidi \u{202e}txt.exe\u{202c}".utf8),
        Array("%s%s%n%x".utf8),
        Array("<script>alert(1)</script>&amp;\"'".utf8),
        Array("\"},{\"forged\":true,\"x\":\"".utf8),
        Array("tab\there\u{7f}del".utf8),
        Array(repeating: UInt8(ascii: "A"), count: 4096),
        Array(String(repeating: "/very/long/path", count: 300).utf8),
        [],
        Array("\u{0}hidden after nul".utf8),
    ]
}
