import Foundation
import Testing
import FixtureSupport

/// The crash section of every report: the faulting instruction (checked against gdb's
/// `x/i $pc`), the source lines around the crashing line found with `--source-dir`, never read
/// from a FIFO or a device, and the faulting thread's innermost frames.
@Suite struct CrashSectionTests {
    static let scenarios = Fixture.fixturesRoot.appendingPathComponent("scenarios").path

    /// The report of `fixture` in `format` (`text`, `json`, `html`, `markdown`), with `extra`
    /// arguments; at most a minute, so that a FIFO opened by mistake fails the test instead of
    /// hanging it.
    static func report(_ fixture: Fixture, _ format: String, _ extra: [String] = []) throws -> Command.Result {
        try Command.capture("/usr/bin/timeout", [
            "60", AnalyzeDumpBinary.path, fixture.compressedCorePath, "--exe", try fixture.executablePath, "--format", format,
        ] + extra)
    }

    static func crash(_ result: Command.Result) throws -> [String: Any] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        return try #require(document["crash"] as? [String: Any])
    }

    /// gdb's instruction in Intel syntax without its case and spacing: `mov    eax,DWORD PTR
    /// [rax+0x10]` and Capstone's `mov eax, dword ptr [rax + 0x10]` are the same instruction.
    static func normalized(_ instruction: String) -> String {
        instruction.lowercased().filter { !$0.isWhitespace }
    }

    /// Line `number` of the scenario's source, as the file has it.
    static func sourceLine(_ file: String, _ number: Int) throws -> String {
        let text = try String(contentsOfFile: scenarios + "/" + file, encoding: .utf8)
        return String(text.split(separator: "\n", omittingEmptySubsequences: false)[number - 1])
    }

    @Test func nullDerefShowsTheFaultingInstructionAsGDBDoes() throws {
        let fixture = Fixture("null-deref")
        let pc = try #require(fixture.facts["crash_pc"])
        let gdb = try GDB.run(["set disassembly-flavor intel", "x/i $pc"], executable: try fixture.executablePath, core: try fixture.plainCorePath)
        let gdbLine = try #require(gdb.standardOutput.split(separator: "\n").last { $0.hasPrefix("=> ") }, "\(gdb.standardOutput)")
        // => 0x401738 <process_order+12>:\tmov    eax,DWORD PTR [rax+0x10]
        let gdbText = try #require(gdbLine.split(separator: "\t", maxSplits: 1).last).description
        #expect(gdbLine.hasPrefix("=> \(pc) <process_order+12>:"))

        let json = try Self.crash(try Self.report(fixture, "json"))
        let instruction = try #require(json["instruction"] as? [String: Any])
        #expect(instruction["address"] as? String == pc)
        #expect(instruction["bytes"] as? String == "8b 40 10")
        #expect(instruction["text"] as? String == "mov eax, dword ptr [rax + 0x10]")
        #expect(Self.normalized(instruction["text"] as? String ?? "") == Self.normalized(gdbText), "\(gdbText)")

        let text = try Self.report(fixture, "text")
        #expect(text.standardOutput.contains("\n  instruction: \(pc): mov eax, dword ptr [rax + 0x10] (bytes 8b 40 10)\n"))
        let html = try Self.report(fixture, "html").standardOutput
        #expect(html.contains("<code id=\"crash-instruction\">\(pc): mov eax, dword ptr [rax + 0x10]</code> <span class=\"bytes\">(bytes 8b 40 10)</span>"))
    }

    /// i386 and aarch64 are decoded too: i386 checked against objdump's Intel syntax (this
    /// machine's binutils know no aarch64), aarch64 against the ARM manual's `LDR (immediate)`.
    @Test(arguments: [
        ("handler-reraise-i386", "interrupted_pc", "89 41 28", "mov dword ptr [ecx + 0x28], eax"),
        ("null-deref-aarch64", "crash_pc", "00 10 40 b9", "ldr w0, [x0, #0x10]"),
    ])
    func otherArchitecturesAreDecoded(name: String, pcFact: String, bytes: String, text: String) throws {
        let fixture = Fixture(name)
        let pc = try #require(fixture.facts[pcFact])
        let instruction = try #require(try Self.crash(try Self.report(fixture, "json"))["instruction"] as? [String: Any])
        #expect(instruction["address"] as? String == pc)
        #expect(instruction["bytes"] as? String == bytes)
        #expect(instruction["text"] as? String == text)
        guard fixture.facts["arch"] == "i386" else { return }
        let address = try fixture.address(pcFact)
        let objdump = try Command.capture("/usr/bin/objdump", [
            "-d", "-M", "intel", "--start-address=\(address)", "--stop-address=\(address + 3)", try fixture.executablePath,
        ])
        // `80498bf:\t89 41 28             \tmov    DWORD PTR [ecx+0x28],eax`
        let line = try #require(objdump.standardOutput.split(separator: "\n").last { $0.contains(String(pc.dropFirst(2)) + ":") })
        #expect(Self.normalized(String(try #require(line.split(separator: "\t").last))) == Self.normalized(text))
    }

    @Test func theCrashingLineIsQuotedFromTheSourceDirectory() throws {
        let fixture = Fixture("null-deref")
        let crashingLine = try Self.sourceLine("null-deref.c", 50)
        #expect(crashingLine == "    int32_t quantity = order->quantity; /* NULL + 16: SIGSEGV */")
        let missing = Scratch.directory.appendingPathComponent("no-such-source-dir").path

        let text = try Self.report(fixture, "text", ["--source-dir", missing, "--source-dir", Self.scenarios])
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("\n  source: \(Self.scenarios)/null-deref.c:50\n"))
        #expect(text.standardOutput.contains("\n      49  {\n    > 50  \(crashingLine)\n      51  \(try Self.sourceLine("null-deref.c", 51))\n"))

        let jsonResult = try Self.report(fixture, "json", ["--source-dir", Self.scenarios])
        let source = try #require(try Self.crash(jsonResult)["source"] as? [String: Any])
        #expect(source["path"] as? String == Self.scenarios + "/null-deref.c")
        #expect(source["file"] as? String == "/tmp/analyze-dump-fixtures/null-deref/null-deref.c")
        #expect(source["line"] as? Int == 50)
        let lines = try #require(source["lines"] as? [[String: Any]])
        #expect(lines.compactMap { $0["number"] as? Int } == Array(46...54))
        #expect(lines.filter { $0["crashing"] as? Bool == true }.compactMap { $0["text"] as? String } == [crashingLine])
        let path = Scratch.directory.appendingPathComponent("crash-section-null-deref.json").path
        try jsonResult.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
        let schema = try ReportSchema.validate([path])
        #expect(schema.status == 0, "\(schema.standardOutput)\(schema.standardError)")

        let html = try Self.report(fixture, "html", ["--source-dir", Self.scenarios]).standardOutput
        #expect(html.contains("<mark class=\"crashing-line\">&gt; 50      int32_t quantity = order-&gt;quantity; /* NULL + 16: SIGSEGV */</mark>\n"))
        let markdown = try Self.report(fixture, "markdown", ["--source-dir", Self.scenarios]).standardOutput
        #expect(markdown.contains("\n```\n  46  }\n"))
        #expect(markdown.contains("\n> 50  \(crashingLine)\n"))
    }

    @Test func withoutTheSourcesThereIsNoSourceBlockAndNoError() throws {
        let fixture = Fixture("null-deref")
        // The DWARF path is where the fixture was built; were it on this machine, its lines
        // would be shown, rightly.
        try #require(!FileManager.default.fileExists(atPath: "/tmp/analyze-dump-fixtures/null-deref/null-deref.c"))
        let missing = Scratch.directory.appendingPathComponent("no-such-source-dir").path
        let text = try Self.report(fixture, "text", ["--source-dir", missing])
        #expect(text.status == 0)
        #expect(text.standardError.isEmpty)
        #expect(!text.standardOutput.contains("  source: "))
        #expect(text.standardOutput.contains("\n  instruction: "))
        let json = try Self.crash(try Self.report(fixture, "json", ["--source-dir", missing]))
        #expect(json["source"] is NSNull)
        // --no-sources reads none, even where one is.
        let none = try Self.crash(try Self.report(fixture, "json", ["--no-sources", "--source-dir", Self.scenarios]))
        #expect(none["source"] is NSNull)
    }

    @Test func aFIFOOrADeviceInPlaceOfTheSourceIsSkippedWithoutBlocking() throws {
        let fixture = Fixture("null-deref")
        let fifoDirectory = try Scratch.makeDirectory(named: "source-fifo")
        #expect(mkfifo(fifoDirectory + "/null-deref.c", 0o644) == 0)
        let deviceDirectory = try Scratch.makeDirectory(named: "source-device")
        try FileManager.default.createSymbolicLink(atPath: deviceDirectory + "/null-deref.c", withDestinationPath: "/dev/zero")

        let alone = try Self.report(fixture, "json", ["--source-dir", fifoDirectory, "--source-dir", deviceDirectory])
        #expect(alone.status == 0, "status \(alone.status): \(alone.standardError)")
        #expect(try Self.crash(alone)["source"] is NSNull)

        // Skipped, not the end of the search: the scenario's file after them is read.
        let after = try Self.report(fixture, "json", ["--source-dir", fifoDirectory, "--source-dir", deviceDirectory, "--source-dir", Self.scenarios])
        #expect(after.status == 0, "status \(after.status): \(after.standardError)")
        let source = try #require(try Self.crash(after)["source"] as? [String: Any])
        #expect(source["path"] as? String == Self.scenarios + "/null-deref.c")
    }

    @Test func theFaultingThreadsStackIsShownToSixteenFrames() throws {
        let nullDeref = Fixture("null-deref")
        let json = try Self.crash(try Self.report(nullDeref, "json"))
        #expect(json["frame_count"] as? Int == 4)
        let functions = (json["frames"] as? [[String: Any]] ?? []).compactMap { $0["function"] as? String }
        #expect(functions.joined(separator: ";") == nullDeref.facts["crash_stack"])
        let html = try Self.report(nullDeref, "html").standardOutput
        #expect(html.contains("<h3>Stack of the faulting thread (4 frames)</h3>"))
        #expect(!html.contains("more-frames"))
    }

    /// A stack overflow's crash section folds the recursion as the thread's stack group does
    /// and counts the true depth: the 1,024 frames the reader kept and the 6,233 rounds it
    /// only counted, 7,261 in all (`descend` 7,258 times, then `tree_walker`, `start_thread`,
    /// `__clone3`), not 16 rows of `descend` and "1,008 more frames".
    @Test func aStackOverflowsCrashStackIsFoldedToItsTrueDepth() throws {
        let overflow = Fixture("stack-overflow")
        let tid = try overflow.tid("crash_tid")
        #expect(tid == 3314)
        let descend = try #require(overflow.intFact("descend_frame_count"))
        #expect(descend == 7_258)
        #expect(overflow.intFact("crash_frame_count_unlimited") == 7_261)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report(overflow, "json").standardOutput.utf8)) as? [String: Any])
        let crash = try #require(document["crash"] as? [String: Any])
        #expect(crash["frame_count"] as? Int == 7_261)
        let thread = try #require((document["threads"] as? [[String: Any]])?.first { $0["tid"] as? Int == Int(tid) })
        #expect(thread["depth"] as? Int == 7_261)
        #expect((crash["frames"] as? [[String: Any]])?.count == 16)

        let text = try Self.report(overflow, "text").standardOutput
        #expect(text.contains("""

              stack (7,261 frames):
                #0  0x000000000040166d descend+0x8 at /tmp/analyze-dump-fixtures/stack-overflow/stack-overflow.c:21 (stack-overflow) [context]
                … descend recursed ×7,258 (frames #1–#7,256 folded)
                #7257 0x00000000004016e3 descend+0x7d at /tmp/analyze-dump-fixtures/stack-overflow/stack-overflow.c:27 (stack-overflow) [cfi]
                #7258 0x0000000000401755 tree_walker+0x36 at /tmp/analyze-dump-fixtures/stack-overflow/stack-overflow.c:35 (stack-overflow) [cfi]
                #7259 0x0000000000417dbc start_thread+0x30b (stack-overflow) [cfi]
                #7260 0x00000000004678ac __clone3+0x2b (stack-overflow) [cfi]

            """))
        #expect(!text.contains("more frames: see thread"))

        let html = try Self.report(overflow, "html").standardOutput
        #expect(html.contains("<dt>Faulting thread</dt><dd><a class=\"tid\" href=\"#thread-3314\">3314</a></dd>"))
        #expect(html.contains("""
            <h3>Stack of the faulting thread (7,261 frames)</h3>
            <table id="crash-stack" class="frames">
            """))
        #expect(html.contains("<tr class=\"fold\"><td colspan=\"6\">… descend recursed ×7,258 (frames #1–#7,256 folded)\n<tr><td>7257<td>0x00000000004016e3<td>descend+0x7d"))
        #expect(html.contains("<tr class=\"runtime\"><td>7260<td>0x00000000004678ac<td>__clone3+0x2b<td><td>stack-overflow<td>cfi\n</tbody>\n</table>\n"))
        #expect(!html.contains("more-frames"))
        // The section's rows are the thread's group's: the same fold line, once in each.
        #expect(html.components(separatedBy: "… descend recursed ×7,258 (frames #1–#7,256 folded)").count == 3)

        let markdown = try Self.report(overflow, "markdown").standardOutput
        #expect(markdown.contains("Stack of the faulting thread (7,261 frames):\n\n```\n  #0  0x000000000040166d descend+0x8"))
        #expect(markdown.contains("\n  … descend recursed ×7,258 (frames #1–#7,256 folded)\n  #7257 0x00000000004016e3 descend+0x7d"))
    }

    /// Behind a crash handler the section shows the interrupted stack, as before.
    @Test func handlerReraiseShowsTheInterruptedStack() throws {
        let fixture = Fixture("handler-reraise")
        let tid = try fixture.tid("crash_tid")
        let text = try Self.report(fixture, "text").standardOutput
        #expect(text.contains("""

              stack (6 frames):
                #0  0x0000000000401817 touch_session+0x1a at /tmp/analyze-dump-fixtures/handler-reraise/handler-reraise.c:72 (handler-reraise) [cfi]
                #1  0x0000000000401831 handle_command+0x12 at /tmp/analyze-dump-fixtures/handler-reraise/handler-reraise.c:77 (handler-reraise) [cfi]
                #2  0x000000000040195d main+0xd2 at /tmp/analyze-dump-fixtures/handler-reraise/handler-reraise.c:106 (handler-reraise) [cfi]
                #3  0x0000000000401cc4 __libc_start_call_main+0x63 (handler-reraise) [cfi]
                #4  0x00000000004033c0 __libc_start_main_impl+0x89f (handler-reraise) [cfi]
                #5  0x0000000000401561 _start+0x20 (handler-reraise) [cfi]

            """))
        let json = try Self.crash(try Self.report(fixture, "json"))
        #expect(json["frame_count"] as? Int == 6)
        #expect((json["frames"] as? [[String: Any]])?.first?["function"] as? String == "touch_session")
        let html = try Self.report(fixture, "html").standardOutput
        #expect(html.contains("<dt>Faulting thread</dt><dd><a class=\"tid\" href=\"#thread-\(tid)\">\(tid)</a></dd>"))
        #expect(html.contains("<h3>Stack of the faulting thread (6 frames)</h3>\n<table id=\"crash-stack\" class=\"frames\">\n<thead><tr><th>#</th><th>PC</th><th>function</th><th>source</th><th>module</th><th>found by</th></tr></thead>\n<tbody>\n<tr><td>0<td>0x0000000000401817<td>touch_session+0x1a"))
    }

    @Test func findingTitlesQuoteNamesAsCodeInHTMLAndPlainInJSON() throws {
        let fixture = Fixture("stack-overflow")
        let tid = try fixture.tid("crash_tid")
        let html = try Self.report(fixture, "html").standardOutput
        #expect(html.contains("Stack overflow in thread <a class=\"tid\" href=\"#thread-\(tid)\">\(tid)</a>: <code>descend</code> recursed"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(try Self.report(fixture, "json").standardOutput.utf8)) as? [String: Any])
        let finding = try #require((document["findings"] as? [[String: Any]])?.first)
        let title = try #require(finding["title"] as? String)
        #expect(title.hasPrefix("Stack overflow in thread \(tid): descend recursed"), "\(title)")
        #expect(!title.contains("`") && !(finding["recommendation"] as? String ?? "`").contains("`"))
        // Text keeps the backticks.
        #expect(try Self.report(fixture, "text").standardOutput.contains("Stack overflow in thread \(tid): `descend` recursed"))
    }
}
