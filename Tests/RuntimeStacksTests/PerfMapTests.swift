import Testing
@testable import RuntimeStacks

struct PerfMapTests {
    private func map(_ text: String) -> PerfMap { PerfMap(parsing: Array(text.utf8)) }

    @Test func parsesNodeAndJVMLinesIntoASortedTable() {
        let parsed = map("""
            7fc2d37c5e80 194 JS:*warmUpCache /app/warm.js:1:21
            0x00007f5a64ec7600 0x00000000000000b8 long Hot.warmUpCache(long)
            1000 10 Builtin:ArgumentsAdaptorTrampoline\r

            """)
        #expect(parsed.entries.map(\.start) == [0x1000, 0x7F5A_64EC_7600, 0x7FC2_D37C_5E80])
        #expect(parsed.entries.map(\.name) == ["Builtin:ArgumentsAdaptorTrampoline", "long Hot.warmUpCache(long)", "JS:*warmUpCache /app/warm.js:1:21"])
        #expect(parsed.entry(containing: 0x7FC2_D37C_5F34)?.name == "JS:*warmUpCache /app/warm.js:1:21")
        #expect(parsed.entry(containing: 0x7FC2_D37C_5E80 + 0x194) == nil)
        #expect(parsed.entry(containing: 0x100F)?.end == 0x1010)
        #expect(parsed.entry(containing: 0xFFF) == nil)
        #expect(parsed.skippedLineCount == 0)
    }

    @Test func skipsLinesThatDoNotParseAndCountsThem() {
        let tooLong = "1000 10 " + String(repeating: "x", count: PerfMap.maximumLineLength)
        let parsed = map("""
            zz 10 name
            1000 0 empty
            1000 10
            ffffffffffffffff 2 wraps
            10000000000000000 1 seventeen digits
            \(tooLong)
            2000 10 kept
            """)
        #expect(parsed.entries.map(\.name) == ["kept"])
        #expect(parsed.skippedLineCount == 6)
    }

    @Test func laterEntriesWinWhereEntriesOverlap() {
        // Code space freed and reused: the newer line (later in the file) names the address.
        let parsed = map("""
            1000 100 old
            1080 10 new
            1040 10 older-than-new
            2000 10 first
            2000 10 second
            """)
        #expect(parsed.entry(containing: 0x1000)?.name == "old")
        #expect(parsed.entry(containing: 0x1045)?.name == "older-than-new")
        #expect(parsed.entry(containing: 0x1085)?.name == "new")
        // The old entry's part after the newer one is dropped.
        #expect(parsed.entry(containing: 0x10F0) == nil)
        #expect(parsed.entry(containing: 0x2005)?.name == "second")
        let starts = parsed.entries.map(\.coveredStart)
        #expect(starts == starts.sorted())
        #expect(zip(parsed.entries, parsed.entries.dropFirst()).allSatisfy { $0.end <= $1.coveredStart })
    }

    @Test func anEarlierEntryInsideALaterOneIsCovered() {
        let parsed = map("1010 10 early\n1000 100 late\n")
        #expect(parsed.entries.map(\.name) == ["late"])
        #expect(parsed.entry(containing: 0x1015)?.start == 0x1000)
    }

    @Test func replacesControlCharactersInNames() {
        let parsed = map("1000 10 JS:*a\u{1B}[31mred\u{7F}\u{85}x\t /f.js:1\u{0}\n")
        #expect(parsed.entries.map(\.name) == ["JS:*a?[31mred??x? /f.js:1?"])
    }

    @Test func invalidUTF8IsRepaired() {
        let parsed = PerfMap(parsing: Array("2000 1 ".utf8) + [0xFF, 0x41])
        #expect(parsed.entries.first?.name == "\u{FFFD}A")
    }
}
