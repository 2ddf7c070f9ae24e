import Testing
@testable import DumpReport

/// The names findings quote in backticks: `<code>` in HTML, without backticks in JSON, each
/// part escaped for its medium.
@Suite struct QuotedNamesTests {
    @Test func pairedBackticksQuoteNamesAndOthersStay() {
        #expect(QuotedNames.plain("`descend` recursed at least 1024 times") == "descend recursed at least 1024 times")
        #expect(QuotedNames.plain("Thread 671 holds `model_lock` while running `warm_up`; 8 wait")
            == "Thread 671 holds model_lock while running warm_up; 8 wait")
        #expect(QuotedNames.plain("odd ` one") == "odd ` one")
        #expect(QuotedNames.plain("` spaced ` and ``") == "` spaced ` and ``")
        #expect(QuotedNames.plain("no names") == "no names")
        #expect(QuotedNames.spans("a `b` c `d") == [
            .init(text: "a ", isName: false), .init(text: "b", isName: true), .init(text: " c `d", isName: false),
        ])
        #expect(QuotedNames.spans("") == [.init(text: "", isName: false)])
    }

    @Test func htmlWritesNamesAsCodeAndEscapesEveryPart() {
        var html = HTMLWriter(capacity: 256)
        html.textQuotingNames("`<descend>` recursed & `x\u{1B}[2J` <b>`</b>")
        #expect(html.string == "<code>&lt;descend&gt;</code> recursed &amp; <code>x\\u{1b}[2J</code> &lt;b&gt;`&lt;/b&gt;")
    }
}
