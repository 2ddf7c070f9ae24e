import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// A recursion folded into one line in the text stacks, on models built in code: a cycle of
/// two functions, a stack whose middle rounds the reader omitted, a stack cut inside the
/// recursion, and a short recursion shown whole.
@Suite struct RecursionFoldTests {
    static func frame(_ function: String, pc: UInt64, line: Int) -> Frame {
        Frame(pc: pc, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: pc - 0x400000,
              function: function, functionOffset: 0x10, source: SourceLocation(file: "/src/parse.c", line: line))
    }

    static let term = frame("parse_term", pc: 0x401110, line: 12)
    static let expression = frame("parse_expression", pc: 0x401210, line: 30)

    /// `memset`, then `parse_term -> parse_expression` 300 times, then `main`.
    static let cycleFrames = [frame("memset", pc: 0x401010, line: 1)]
        + (0..<300).flatMap { _ in [term, expression] } + [frame("main", pc: 0x401310, line: 50)]

    static func model(_ frames: [Frame], status: UnwindStatus = .complete, omitted: OmittedFrames? = nil) -> Process {
        var thread = TextReportTests.thread(101, main: false, frames: frames, status: status)
        thread.omittedFrames = omitted
        return TextReportTests.process(threads: [thread])
    }

    /// The frame lines of the first stack the `stacks` command prints.
    static func stackLines(_ model: Process) -> [String] {
        StacksTextReport.render(model).split(separator: "\n").dropFirst().map(String.init)
    }

    @Test func aCycleOfTwoFunctionsFoldsAsACycle() throws {
        let model = Self.model(Self.cycleFrames)
        let group = try #require(StackGroup.groups(of: model).first)
        let fold = try #require(group.fold)
        #expect(fold.recursion.cycle == ["parse_term", "parse_expression"])
        #expect(fold.recursion.repetitions == 300)
        #expect(fold.head == 0..<3)
        #expect(fold.foldedNumbers == 3...598)
        #expect(fold.tailStart == 599)
        #expect(Self.stackLines(model) == [
            "  #0  0x0000000000401010 memset+0x10 at /src/parse.c:1 (server) [cfi]",
            "  #1  0x0000000000401110 parse_term+0x10 at /src/parse.c:12 (server) [cfi]",
            "  #2  0x0000000000401210 parse_expression+0x10 at /src/parse.c:30 (server) [cfi]",
            "  … parse_term -> parse_expression recursed ×300 (frames #3–#598 folded)",
            "  #599 0x0000000000401110 parse_term+0x10 at /src/parse.c:12 (server) [cfi]",
            "  #600 0x0000000000401210 parse_expression+0x10 at /src/parse.c:30 (server) [cfi]",
            "  #601 0x0000000000401310 main+0x10 at /src/parse.c:50 (server) [cfi]",
        ])
    }

    /// The reader kept 20 rounds, omitted 1,000 and kept the last one and `main`: the count
    /// and the numbers are those of the whole stack.
    @Test func omittedRoundsAreCountedAndFramesKeepTheirNumbers() throws {
        let kept = [Self.frame("memset", pc: 0x401010, line: 1)] + (0..<20).flatMap { _ in [Self.term, Self.expression] }
        let frames = kept + [Self.term, Self.expression, Self.frame("main", pc: 0x401310, line: 50)]
        let model = Self.model(frames, omitted: OmittedFrames(index: kept.count, count: 2_000, cycleLength: 2))
        let thread = try #require(model.thread(tid: 101))
        #expect(thread.depth == 2_044)
        #expect(thread.frameNumber(at: kept.count) == 2_041)
        let recursion = try #require(StackRecursion.find(in: thread, of: model))
        #expect(recursion.repetitions == 1_021)
        #expect(!recursion.isLowerBound)
        #expect(Array(Self.stackLines(model).suffix(4)) == [
            "  … parse_term -> parse_expression recursed ×1,021 (frames #3–#2,040 folded)",
            "  #2041 0x0000000000401110 parse_term+0x10 at /src/parse.c:12 (server) [cfi]",
            "  #2042 0x0000000000401210 parse_expression+0x10 at /src/parse.c:30 (server) [cfi]",
            "  #2043 0x0000000000401310 main+0x10 at /src/parse.c:50 (server) [cfi]",
        ])
    }

    @Test func aStackCutInsideTheRecursionSaysSo() {
        let frames = Array(repeating: Self.frame("descend", pc: 0x401500, line: 27), count: 1024)
        let lines = Self.stackLines(Self.model(frames, status: .truncated(limit: 1024)))
        #expect(lines == [
            "  #0  0x0000000000401500 descend+0x10 at /src/parse.c:27 (server) [cfi]",
            "  … descend recursed ×1,024 or more (frames #1–#1,022 folded; the stack was cut at 1,024 frames)",
            "  #1023 0x0000000000401500 descend+0x10 at /src/parse.c:27 (server) [cfi]",
        ])
    }

    /// Folding seven frames into one line would save too little to hide them.
    @Test func aShortRecursionIsShownWhole() {
        let frames = Array(repeating: Self.frame("descend", pc: 0x401500, line: 27), count: 9)
        #expect(StackGroup.groups(of: Self.model(frames)).first?.fold == nil)
        #expect(Self.stackLines(Self.model(frames)).count == 9)
    }

    /// The Markdown report folds the same way, within its 40 lines.
    @Test func markdownFoldsTheRecursion() {
        let model = Self.model(Self.cycleFrames)
        let markdown = MarkdownReport.render(model, analysis: TextReportTests.analysis(of: model))
        #expect(markdown.contains("\n  … parse_term -> parse_expression recursed ×300 (frames #3–#598 folded)\n  #599 "))
        // No stack group is cut (the crash section points to the whole stack with its own words).
        #expect(!markdown.contains(" more frames\n"))
    }
}
