import Foundation
import Testing
import DumpAnalysis
import DumpModel
import DumpReport

/// Every string a core can put in a report (names of the program, threads, functions, source
/// files, modules, locks, the command line, build-ids, the abort message, the capture's
/// trigger, `--queue` expressions, diagnostics, unwinder messages, core paths) holding a
/// terminal escape, BEL, CR, backspace, a newline, a right-to-left override and a line
/// separator: no report lets one through as itself, so none can forge a line or drive the
/// terminal.
@Suite struct HostileStringTests {
    /// Clear screen, bell, carriage return, backspace, newline, a line that would pass for the
    /// report's own, right-to-left override, line separator.
    static let hostile = "\u{1B}[2J\u{07}\r\u{08}\nFORGED\u{202E}\u{2028}"
    /// ``hostile`` as every text report writes it.
    static let escaped = #"\u{1b}[2J\u{7}\r\u{8}\nFORGED\u{202e}\u{2028}"#

    /// The fields that carry ``hostile`` after a tag naming them, and that the text report
    /// shows (the unwinder's reasons are in the `stacks` output).
    static let textFields = [
        "comm", "args", "thread", "fn", "/src/file", "/lib/mod", "/lib/other", "build", "other-build", "/file",
        "/debug", "lock", "handler", "start", "compute", "prog", "expr", "type", "warning", "note", "trigger",
    ]

    @Test func theTextReportEscapesEveryFieldAndKeepsItsOwnLines() throws {
        let (process, analysis) = Self.model()
        // Wide enough that the escaped headline is one line.
        let text = AnalysisTextReport.render(process, analysis: analysis, options: TextReportOptions(width: 200))
        try Self.expectSafe(text)
        for tag in Self.textFields {
            #expect(text.contains(tag + Self.escaped), "\(tag) is not in the report")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "analyze-dump: process 10 (comm\(Self.escaped)), x86_64, 4 threads, SIGABRT")
        #expect(lines.contains("Process 10 comm\(Self.escaped)"))
        #expect(lines.contains("  command line: args\(Self.escaped)"))
        #expect(lines.contains("  parent 1, uid 0, gid 0, state \\u{1b}"))
        #expect(lines.contains("  #3  0x0000000000400030 fn\(Self.escaped)+0x10 at /src/file\(Self.escaped):42 (mod\(Self.escaped)) [cfi]"))
        #expect(lines.contains("  warning: warning\(Self.escaped)"))
        let signature = try #require(analysis.signature)
        #expect(lines.contains("Signature: crash \(signature.value) (\(TextEscaping.escaped(signature.title)))"))
        #expect(signature.title.contains(Self.hostile), "the title holds the hostile function name as it is")
    }

    @Test func colourIsTheOnlyEscapeSequenceOnATerminal() throws {
        let (process, analysis) = Self.model()
        let text = AnalysisTextReport.render(process, analysis: analysis, options: TextReportOptions(colour: true))
        var uncoloured = text
        for code in ["1", "0", "1;31", "1;33", "1;36"] { uncoloured = uncoloured.replacingOccurrences(of: "\u{1B}[\(code)m", with: "") }
        #expect(uncoloured.count < text.count)
        try Self.expectSafe(uncoloured)
    }

    @Test func stacksEscapeNamesHeadingsAndFrames() throws {
        let (process, _) = Self.model()
        let stacks = StacksTextReport.render(process)
        try Self.expectSafe(stacks)
        #expect(stacks.hasPrefix("Thread 11 \"thread\\u{1b}[2J\\u{7}\\r\\u{8}\\nFORGED\\u{202e}\\u{2028}\" (main thread, received SIGABRT): user 1.00 s, system 0.00 s (process total) [stack incomplete: stopped\(Self.escaped)]\n"))
        #expect(stacks.contains("\nThread 14 \"thread\\u{1b}[2J\\u{7}\\r\\u{8}\\nFORGED\\u{202e}\\u{2028}\": user 0.00 s, system 0.00 s [no stack: failed\(Self.escaped)]\n"))
        try Self.expectSafe(StacksTextReport.render(process, groups: StackGroup.groups(of: process)))
    }

    @Test func theComparisonEscapesCorePathsAndWhatTheCoresHold() throws {
        let comparison = Self.comparison()
        let text = ComparisonTextReport.render(comparison)
        try Self.expectSafe(text)
        #expect(text.contains("\n  1. /cores/one\(Self.escaped): pid 10, 4 threads\n"))
        for tag in ["lock", "compute", "thread"] {
            #expect(text.contains(tag + Self.escaped), "\(tag) is not in the comparison")
        }
        for page in [ComparisonHTMLReport.render(comparison, toolVersion: "test")] {
            try Self.expectSafe(page)
            #expect(page.contains("/cores/one\(Self.escaped)"))
        }
        let json = ComparisonJSONReport.render(comparison, toolVersion: "test")
        #expect(!json.unicodeScalars.contains { TextEscaping.isHidden($0) && $0 != "\n" })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((document["cores"] as? [[String: Any]])?.first?["path"] as? String == "/cores/one" + Self.hostile)
    }

    /// JSON keeps the exact text, as escapes: a terminal showing the document sees none of
    /// the characters themselves.
    @Test func jsonHasTheExactTextEscaped() throws {
        let (process, analysis) = Self.model()
        let json = JSONReport.render(process, analysis: analysis, toolVersion: "test")
        #expect(!json.unicodeScalars.contains { TextEscaping.isHidden($0) && $0 != "\n" })
        #expect(json.contains(#""command":"comm\u001b[2J\u0007\r\u0008\nFORGED\u202e\u2028""#))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let status = try #require((document["process"] as? [String: Any]))
        #expect(status["command"] as? String == "comm" + Self.hostile)
    }

    /// A page shows the characters visibly, as the text report does: a browser would show
    /// them as nothing or reorder the text around them.
    @Test func htmlShowsTheCharactersVisibly() throws {
        let (process, analysis) = Self.model()
        let html = HTMLReport.render(process, analysis: analysis, toolVersion: "test")
        try Self.expectSafe(html)
        #expect(html.contains("<h1>Process 10 <span class=\"command\">comm\(Self.escaped)</span></h1>"))
        #expect(html.contains("<td class=\"mono\">/file\(Self.escaped)<br>debug: /debug\(Self.escaped)</td>"))
        let island = try #require(html.range(of: "<script type=\"application/json\" id=\"flame-data\">"))
        let data = html[island.upperBound...].prefix { $0 != "<" }
        #expect(data.contains(#"fn\\u{1b}[2J\\u{7}\\r\\u{8}\\nFORGED\\u{202e}\\u{2028}"#))
    }

    @Test func escapingIsIdempotentAndQuotingEscapesQuotes() {
        #expect(TextEscaping.escaped(Self.hostile) == Self.escaped)
        #expect(TextEscaping.escaped(Self.escaped) == Self.escaped)
        #expect(TextEscaping.escaped("plain \\ text é") == "plain \\ text é")
        #expect(TextEscaping.escaped("\u{7F}\u{85}\u{9B}\u{61C}\u{200E}\u{2069}\t") == #"\u{7f}\u{85}\u{9b}\u{61c}\u{200e}\u{2069}\t"#)
        #expect(TextEscaping.quoted("a\"b\\\n") == #""a\"b\\\n""#)
    }

    // MARK: The model

    /// Every text-like field of a process holding ``hostile`` after a tag: a capture of a
    /// process that aborted on a failed assertion, with a thread waiting for a mutex its
    /// owner holds while computing, a pool, a `--queue` counter, two modules and diagnostics.
    static func model() -> (DumpModel.Process, ProcessAnalysis) {
        let h = hostile
        let modules = [
            Module(name: "/lib/mod" + h, startAddress: 0x40_0000, endAddress: 0x50_0000, buildID: "build" + h,
                   filePath: "/file" + h, debugFilePath: "/debug" + h, symbolStatus: .debugInfo),
            Module(name: "/lib/other" + h, startAddress: 0x60_0000, endAddress: 0x70_0000, buildID: nil,
                   filePath: nil, debugFilePath: nil, symbolStatus: .buildIDMismatch(fileBuildID: "other-build" + h)),
        ]
        func frames(_ functions: [String]) -> [Frame] {
            functions.enumerated().map { index, function in
                Frame(pc: 0x40_0000 + UInt64(index) * 16, kind: index == 0 ? .interrupted : .call, trust: index == 0 ? .context : .cfi,
                      moduleIndex: 0, moduleOffset: UInt64(index) * 16, function: function, mangledName: "_Z" + function,
                      functionOffset: 0x10, source: DumpModel.SourceLocation(file: "/src/file" + h, line: 42))
            }
        }
        func thread(_ tid: Int32, _ functions: [String], cpu: UInt64 = 0, status: UnwindStatus = .complete,
                    futex: UInt64? = nil) -> DumpModel.Thread {
            DumpModel.Thread(
                tid: tid, isMainThread: tid == 11, currentSignal: tid == 11 ? 6 : 0, pendingSignals: 0, blockedSignals: 0,
                recordedCPUTime: CPUTime(userMicroseconds: cpu, systemMicroseconds: 0),
                registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
                hasFloatingPointRegisters: false, frames: frames(functions), unwindStatus: status,
                systemCall: futex.map { SystemCall(number: 202, name: "futex", arguments: [$0, 128, 2, 0, 0, 0]) },
                name: "thread" + h)
        }
        let threads = [
            thread(11, ["raise", "abort", "__assert_fail", "fn" + h, "main"], cpu: 1_000_000, status: .stopped(reason: "stopped" + h)),
            thread(12, ["__lll_lock_wait", "__pthread_mutex_lock", "handler" + h, "start" + h, "start_thread"], futex: 0x6000),
            thread(13, ["compute" + h, "start" + h, "start_thread"], cpu: 2_000_000),
            thread(14, [], status: .failed(reason: "failed" + h)),
        ]
        let process = DumpModel.Process(
            pid: 10, architecture: .x86_64, producer: .analyzeDump,
            status: ProcessStatus(command: "comm" + h, arguments: "args" + h, state: "\u{1B}", nice: 0, flags: 0,
                                  uid: 0, gid: 0, parentPID: 1, processGroupID: 10, sessionID: 10),
            signal: SignalInfo(number: 6, code: -6, errorNumber: 0, faultAddress: nil, senderPID: 10, senderUID: 0),
            signalledThreadTID: 11, threads: threads, modules: modules,
            mappedFiles: [MappedFile(startAddress: 0x40_0000, endAddress: 0x50_0000, fileOffset: 0, path: "/map" + h)],
            auxiliaryVector: [], diagnostics: [.warning("warning" + h), .note("note" + h)],
            capture: CaptureNote(captureTimeNanoseconds: 0, stoppedNanoseconds: 1_000_000, trigger: "trigger" + h,
                                 threads: threads.map { CaptureNote.ThreadRecord(tid: $0.tid, name: $0.name ?? "") }))

        let memory = Memory()
        memory.store(2, size: 4, at: 0x6000)  // the mutex: locked with waiters,
        memory.store(13, size: 4, at: 0x6008)  // owned by thread 13,
        memory.store(0, size: 4, at: 0x6010)  // a normal mutex
        memory.store(0xA000, size: 8, at: 0x9000)  // __abort_msg
        memory.store(0, size: 4, at: 0xA000)
        memory.store(Array("prog\(h): /src/a.c:7: main: Assertion `x\(h)' failed.\n".utf8) + [0], at: 0xA004)
        let symbols = Symbols(symbols: [
            SymbolReference(name: "lock" + h, address: 0x6000, size: 40, offset: 0),
            SymbolReference(name: "__abort_msg", address: 0x9000, size: 8, offset: 0),
        ])
        let counter = QueueCounter(expression: "expr" + h, value: .unsigned(5), typeName: "type" + h, address: 0x7000, byteSize: 8)
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: memory, symbols: symbols), counters: [counter])
        return (process, analysis)
    }

    /// Two captures of ``model()``, a second apart, at hostile paths.
    static func comparison() -> CoreComparison {
        let (process, analysis) = model()
        var later = process
        later.capture?.captureTimeNanoseconds = 1_000_000_000
        return CoreComparison.compare([
            CoreComparison.Sample(label: "/cores/one" + hostile, captureTime: 0, process: process, analysis: analysis),
            CoreComparison.Sample(label: "/cores/two" + hostile, captureTime: 1, process: later, analysis: analysis),
        ])
    }

    /// No line of `text` holds a hidden character (``TextEscaping/isHidden(_:)``) or starts with
    /// the text ``hostile`` would have put on a line of its own, and the hostile text is there,
    /// escaped.
    static func expectSafe(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hidden = lines.firstIndex { $0.unicodeScalars.contains(where: TextEscaping.isHidden) }
        #expect(hidden == nil, "line \(hidden.map { $0 + 1 } ?? 0) holds a hidden character", sourceLocation: sourceLocation)
        #expect(!lines.contains { $0.hasPrefix("FORGED") }, sourceLocation: sourceLocation)
        #expect(text.contains(escaped), sourceLocation: sourceLocation)
    }

    /// Process memory of a few stored values; every other address is not in the core.
    final class Memory: ProcessMemory {
        private var bytes: [UInt64: UInt8] = [:]

        func store(_ value: UInt64, size: Int, at address: UInt64) {
            for index in 0..<size { bytes[address + UInt64(index)] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
        }

        func store(_ values: [UInt8], at address: UInt64) {
            for (index, byte) in values.enumerated() { bytes[address + UInt64(index)] = byte }
        }

        func readWord(at address: UInt64, size: Int) -> UInt64? {
            guard let values = read(at: address, count: size) else { return nil }
            return values.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }

        func read(at address: UInt64, count: Int) -> [UInt8]? {
            var values: [UInt8] = []
            for index in 0..<count {
                guard let byte = bytes[address + UInt64(index)] else { return nil }
                values.append(byte)
            }
            return values
        }
    }

    /// Symbols covering address ranges.
    final class Symbols: SymbolLookup {
        let symbols: [SymbolReference]

        init(symbols: [SymbolReference]) { self.symbols = symbols }

        func symbol(containing address: UInt64) -> SymbolReference? {
            symbols.first { $0.address <= address && address < $0.address + max($0.size, 1) }
                .map { SymbolReference(name: $0.name, address: $0.address, size: $0.size, offset: address - $0.address) }
        }

        func address(ofSymbol name: String) -> UInt64? { symbols.first { $0.name == name }?.address }
    }
}
