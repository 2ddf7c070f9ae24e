import Foundation
import Testing
import DumpAnalysis
import DumpModel
@testable import DumpReport

/// The crash section's instruction, source lines and stack, from a process built in code
/// whose code reader returns hostile source lines: each report escapes them for its medium and
/// marks the crashing line.
@Suite struct CrashDetailsTests {
    /// A source line that tries to close the HTML element, a Markdown block and a terminal line.
    static let hostileLine = "x = 1; </pre><script>alert(1)</script> ``` \u{1B}[2J\u{202E}"

    /// Code that answers every address with `mov eax, dword ptr [rax + 0x10]` and every source
    /// position with three lines, the middle one marked.
    final class Code: CodeReader {
        var askedFor: [DumpModel.SourceLocation] = []
        func instruction(at address: UInt64) -> MachineInstruction? {
            MachineInstruction(address: address, bytes: [0x8B, 0x40, 0x10], text: "mov eax, dword ptr [rax + 0x10]")
        }
        func sourceExcerpt(around location: DumpModel.SourceLocation) -> SourceExcerpt? {
            askedFor.append(location)
            return SourceExcerpt(path: "/src/<app>.c", location: location, lines: [
                .init(number: location.line - 1, text: "{"),
                .init(number: location.line, text: CrashDetailsTests.hostileLine),
                .init(number: location.line + 1, text: "}"),
            ])
        }
    }

    final class NoMemory: ProcessMemory {
        func readWord(at address: UInt64, size: Int) -> UInt64? { nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    final class NoSymbols: SymbolLookup {
        func symbol(containing address: UInt64) -> SymbolReference? { nil }
        func address(ofSymbol name: String) -> UInt64? { nil }
    }

    /// Thread 2 dies of a NULL dereference in `process_order`, called from 19 `descend`s, or
    /// from the functions `callers`.
    static func model(
        code: Code, callers: [String] = Array(repeating: "descend", count: 19)
    ) -> (process: DumpModel.Process, analysis: ProcessAnalysis) {
        let functions = ["process_order"] + callers + ["start_thread"]
        let frames = functions.enumerated().map {
            Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call,
                  trust: $0.offset == 0 ? .context : .cfi, moduleIndex: 0, moduleOffset: 0x1000,
                  function: $0.element, source: DumpModel.SourceLocation(file: "/build/app.c", line: 50 + $0.offset))
        }
        let thread = Thread(
            tid: 2, isMainThread: false, currentSignal: 11, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: frames, unwindStatus: .complete, systemCall: nil)
        let process = DumpModel.Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil,
            signal: SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil),
            signalledThreadTID: 2, threads: [thread],
            modules: [Module(name: "/srv/app", startAddress: 0x40_0000, endAddress: 0x50_0000, buildID: "ab", filePath: "/srv/app", debugFilePath: nil, symbolStatus: .debugInfo)],
            mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: NoMemory(), symbols: NoSymbols(), code: code))
        return (process, analysis)
    }

    @Test func theAnalysisAsksForTheApplicationFramesLineAndKeepsTheStack() throws {
        let code = Code()
        let (_, analysis) = Self.model(code: code)
        let crash = try #require(analysis.crash)
        #expect(code.askedFor == [DumpModel.SourceLocation(file: "/build/app.c", line: 50)])
        #expect(crash.source?.location.line == 50)
        #expect(crash.instruction?.address == 0x40_1000)
        #expect(crash.frames.count == 21)
        #expect(crash.stack.depth == 21)
        #expect(CrashDetails.innermostFrames(crash).count == 16)
        // The 19 `descend`s are folded as the thread's stack group folds them: every frame fits.
        let lines = StackLines(crash.stack, limit: CrashDetails.frameLimit)
        let fold = try #require(crash.stack.fold)
        #expect(fold == analysis.stackGroups.first?.fold)
        #expect(lines.lines == [.frame(index: 0), .frame(index: 1), .fold(fold), .frame(index: 19), .frame(index: 20)])
        #expect(lines.framesLeftOut == 0)
        #expect(CrashDetails.moreFrames(lines.framesLeftOut, of: crash, section: "Stacks") == nil)
        // Without a code reader (or with nothing to read) there is neither.
        let bare = ProcessAnalysis.analyze(ProcessImage(process: Self.model(code: code).process, memory: NoMemory(), symbols: NoSymbols()))
        #expect(bare.crash?.instruction == nil && bare.crash?.source == nil)
    }

    @Test func everyReportEscapesTheSourceLinesAndMarksTheCrashingOne() throws {
        let (process, analysis) = Self.model(code: Code())
        let text = AnalysisTextReport.render(process, analysis: analysis)
        #expect(text.contains("\n  instruction: 0x401000: mov eax, dword ptr [rax + 0x10] (bytes 8b 40 10)\n"))
        #expect(text.contains("\n  source: /src/<app>.c:50\n      49  {\n    > 50  x = 1; </pre><script>alert(1)</script> ``` \\u{1b}[2J\\u{202e}\n      51  }\n"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}"))

        let html = HTMLReport.render(process, analysis: analysis, toolVersion: "9.9.9")
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("<h3>Source <span class=\"mono\">/src/&lt;app&gt;.c:50</span></h3>"))
        #expect(html.contains("<mark class=\"crashing-line\">&gt; 50  x = 1; &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt; ``` \\u{1b}[2J\\u{202e}</mark>\n"))
        #expect(html.contains("<table id=\"crash-stack\" class=\"frames\">"))
        #expect(!html.contains("more-frames"))

        let markdown = MarkdownReport.render(process, analysis: analysis)
        // The fence is longer than the line's run of three backticks.
        #expect(markdown.contains("\n````\n  49  {\n> 50  x = 1; </pre><script>alert(1)</script> ``` \\u{1b}[2J\\u{202e}\n  51  }\n````\n"))

        let json = JSONReport.render(process, analysis: analysis, toolVersion: "9.9.9")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let crash = try #require(document["crash"] as? [String: Any])
        let lines = try #require((crash["source"] as? [String: Any])?["lines"] as? [[String: Any]])
        #expect(lines.first { $0["crashing"] as? Bool == true }?["text"] as? String == Self.hostileLine)
        #expect((crash["instruction"] as? [String: Any])?["bytes"] as? String == "8b 40 10")
        #expect(crash["frame_count"] as? Int == 21)
    }

    /// A stack of 21 different functions has no recursion to fold: the section shows 16 and
    /// says exactly how many more there are, linked to the thread's stack in HTML.
    @Test func aDeepStackWithoutRecursionPointsToTheRestExactly() throws {
        let (process, analysis) = Self.model(code: Code(), callers: (1...19).map { "caller\($0)" })
        let crash = try #require(analysis.crash)
        #expect(crash.stack.fold == nil)
        let lines = StackLines(crash.stack, limit: CrashDetails.frameLimit)
        #expect(lines.lines == (0..<16).map { .frame(index: $0) })
        #expect(lines.framesLeftOut == 5)

        let text = AnalysisTextReport.render(process, analysis: analysis)
        #expect(text.contains("\n  stack (21 frames):\n    #0  0x0000000000401000 process_order "))
        #expect(text.contains("\n    #15 0x00000000004010f0 caller15 at /build/app.c:65 (app) [cfi]\n    5 more frames: see thread 2 under Stacks\n"))

        let html = HTMLReport.render(process, analysis: analysis, toolVersion: "9.9.9")
        #expect(html.contains("<h3>Stack of the faulting thread (21 frames)</h3>"))
        #expect(html.contains("<p class=\"more-frames\"><a class=\"tid\" href=\"#thread-2\">5 more frames: see thread 2 under Threads</a></p>"))
        #expect(html.contains("<dt>Faulting thread</dt><dd><a class=\"tid\" href=\"#thread-2\">2</a></dd>"))

        let markdown = MarkdownReport.render(process, analysis: analysis)
        #expect(markdown.contains("Stack of the faulting thread (21 frames):"))
        #expect(markdown.contains("\n  5 more frames: see thread 2 under Stacks\n"))
    }
}
