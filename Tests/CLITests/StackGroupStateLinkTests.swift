import Foundation
import Testing
import FixtureSupport

/// The state in a stack group's header of the HTML report links the thread it names to that
/// thread's stack, as the thread table does, and writes the names it quotes as code.
@Suite struct StackGroupStateLinkTests {
    @Test func aJoinsStateLinksTheThreadItWaitsFor() throws {
        let fixture = Fixture("lock-chain")
        let flusher = try fixture.tid("flusher_tid")
        #expect(flusher == 10533)
        let html = try Command.capture(AnalyzeDumpBinary.path, [
            fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", "html",
        ]).standardOutput
        #expect(html.contains("<span class=\"state\">waiting for thread <a class=\"tid\" href=\"#thread-10533\">10533</a> to end</span> <span class=\"role\">main thread</span>"))
        #expect(html.contains("<span id=\"thread-10533\">10533</span>"))
        #expect(html.contains("<span class=\"state\">waiting for recursive mutex <code>index_lock</code></span>"))
        #expect(!html.contains("<span class=\"state\">waiting for thread 10533 to end</span>"))
    }
}
