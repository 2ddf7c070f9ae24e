import Testing
import DumpAnalysis
import DumpModel
import DumpReport

/// A core's names holding Markdown syntax, backtick runs, newlines, tabs and terminal escapes
/// cannot format the Markdown report, close its code blocks or start a line of their own, nor
/// add a field or a line to the oneline report.
@Suite struct MarkdownOnelineHostileTests {
    /// A function name that tries to close a code block (a run of six backticks, then a newline
    /// and a fence), to start a heading and a table, to format and link, and to colour the
    /// terminal.
    static let function = "fn``````\n```\n# FORGED | *bold* _em_ [link](x) <b>&amp; \u{1B}[31m\t!"

    /// ``HostileStringTests/model()`` with ``function`` as the name of the frame every thread
    /// starts from (`start...` and `main`) and as the first finding's title.
    static func model() -> (DumpModel.Process, ProcessAnalysis) {
        var (process, analysis) = HostileStringTests.model()
        for index in process.threads.indices {
            guard let last = process.threads[index].frames.indices.last else { continue }
            let old = process.threads[index].frames[last]
            process.threads[index].frames[last].symbol = FrameSymbol(
                function: function, mangledName: old.mangledName, functionOffset: old.functionOffset, source: old.source)
        }
        analysis.findings[0].title = function
        // The stacks changed after the analysis grouped them.
        analysis.stackGroups = StackGroup.groups(of: process)
        return (process, analysis)
    }

    @Test func markdownCodeBlocksCannotBeClosedByTheCore() throws {
        let (process, analysis) = Self.model()
        let markdown = MarkdownReport.render(process, analysis: analysis)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!lines.contains { $0.unicodeScalars.contains(where: TextEscaping.isHidden) })
        #expect(!lines.contains { $0.hasPrefix("FORGED") || $0.hasPrefix("# FORGED") || $0.hasPrefix("```\\n") })

        // A block holding the name opens and closes with a fence of seven backticks (the name
        // holds six), the others with three; inside, every line is a frame (none is or starts
        // like a fence) and the name is there escaped.
        // One block per stack group, and one for the crashing thread's stack.
        let crashBlocks = analysis.crash?.frames.isEmpty == false ? 1 : 0
        let fences = lines.indices.filter { lines[$0].allSatisfy { $0 == "`" } && !lines[$0].isEmpty }
        #expect(fences.count == 2 * (StackGroup.groups(of: process).count + crashBlocks))
        var blocksWithTheName = 0
        for pair in stride(from: 0, to: fences.count - 1, by: 2) {
            let inside = lines[(fences[pair] + 1)..<fences[pair + 1]]
            #expect(lines[fences[pair]] == lines[fences[pair + 1]])
            #expect(!inside.isEmpty)
            #expect(inside.allSatisfy { $0.hasPrefix("  #") || $0 == "  (no frames)" })
            if inside.contains(where: { $0.contains(TextEscaping.escaped(Self.function) + "+0x10 at ") }) {
                blocksWithTheName += 1
                #expect(lines[fences[pair]] == String(repeating: "`", count: 7))
            } else {
                #expect(lines[fences[pair]] == "```")
            }
        }
        let crashBlocksWithTheName = analysis.crash?.frames.contains { $0.function == Self.function } == true ? 1 : 0
        #expect(blocksWithTheName == process.threads.filter { !$0.frames.isEmpty }.count + crashBlocksWithTheName)
    }

    @Test func markdownProseShowsTheSyntaxLiterally() throws {
        let (process, analysis) = Self.model()
        let markdown = MarkdownReport.render(process, analysis: analysis)
        let title = ##"fn\`\`\`\`\`\`\\n\`\`\`\\n\# FORGED \| \*bold\* \_em\_ \[link\](x) \<b\>\&amp; \\u{1b}\[31m\\t\!"##
        #expect(MarkdownEscaping.escaped(Self.function) == title)
        #expect(MarkdownEscaping.quotingNamesAsCode(Self.function) == title)
        #expect(markdown.contains("\n1. **error: \(title)**\n"))
        #expect(markdown.hasPrefix("# analyze-dump: process 10 (comm\\\\u{1b}\\[2J"))
    }

    /// The names an analysis quotes in backticks become code spans; backticks that do not
    /// pair into a span with a name inside are escaped.
    @Test func quotedNamesBecomeCodeSpans() {
        #expect(MarkdownEscaping.quotingNamesAsCode("Thread 671 holds `model_lock` while running `warm_up`; 8 wait")
            == "Thread 671 holds `model_lock` while running `warm_up`; 8 wait")
        #expect(MarkdownEscaping.quotingNamesAsCode("a `x*[y]|` b_c") == "a `x*[y]|` b\\_c")
        #expect(MarkdownEscaping.quotingNamesAsCode("odd ` one") == "odd \\` one")
        #expect(MarkdownEscaping.quotingNamesAsCode("` spaced ` and ``") == "\\` spaced \\` and \\`\\`")
        #expect(MarkdownEscaping.quotingNamesAsCode("`a\nb`") == "`a\\nb`")
        #expect(MarkdownEscaping.quotingNamesAsCode("`a\u{1B}b`") == "`a\\u{1b}b`")
    }

    @Test func theFenceIsLongerThanEveryBacktickRun() {
        #expect(MarkdownEscaping.codeBlock(["a", "b"]) == ["```", "a", "b", "```"])
        #expect(MarkdownEscaping.codeBlock(["x ```` y", "``"]).first == "`````")
        #expect(MarkdownEscaping.codeBlock([]) == ["```", "```"])
    }

    @Test func onelineIsOneLineOfFiveFieldsThatUnescapeExactly() throws {
        let (_, analysis) = Self.model()
        let core = "/cores/a\tb\nc\\d"
        let line = OnelineReport.render(core: core, analysis: analysis)
        #expect(line.hasSuffix("\n"))
        let body = line.dropLast()
        #expect(!body.unicodeScalars.contains { TextEscaping.isHidden($0) && $0 != "\t" })
        let fields = body.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 5)
        let signature = try #require(analysis.signature)
        #expect(fields[0] == #"/cores/a\tb\nc\\d"#)
        #expect(fields[1] == "crash")
        #expect(fields[2] == signature.value)
        #expect(fields[3] == analysis.findings[0].kind.rawValue)
        #expect(fields[4] == #"fn``````\n```\n# FORGED | *bold* _em_ [link](x) <b>&amp; \u{1b}[31m\t!"#)
    }

    @Test func aHealthyCoreHasDashes() throws {
        var (_, analysis) = Self.model()
        analysis.signature = nil
        analysis.findings = []
        #expect(OnelineReport.render(core: "", analysis: analysis) == "-\thealthy\t-\t-\t-\n")
    }
}
