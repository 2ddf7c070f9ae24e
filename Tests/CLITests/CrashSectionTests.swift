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

        let overflow = Fixture("stack-overflow")
        let tid = try overflow.tid("crash_tid")
        let overflowJSON = try Self.crash(try Self.report(overflow, "json"))
        let frameCount = try #require(overflowJSON["frame_count"] as? Int)
        #expect(frameCount >= 1024)
        #expect((overflowJSON["frames"] as? [[String: Any]])?.count == 16)
        let text = try Self.report(overflow, "text").standardOutput
        #expect(text.contains("\n  stack (\(frameCount.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) frames):\n    #0  0x000000000040166d descend+0x8 at "))
        #expect(text.contains("\n    #15 0x00000000004016e3 descend+0x7d at "))
        #expect(!text.contains("\n    #16 0x"))
        #expect(text.contains("\n    \((frameCount - 16).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) more frames: see thread \(tid) under Stacks\n"))
        let html = try Self.report(overflow, "html").standardOutput
        #expect(html.contains("<p class=\"more-frames\"><a href=\"#stacks\">"))
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
