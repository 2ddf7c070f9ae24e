import Foundation
import Testing
import FixtureSupport

/// `make install-files` (what `make install` installs after its release build), run on the
/// tests' debug binary into a scratch DESTDIR: the man pages generated from the parser are
/// valid roff and name every subcommand and option, and the completions are in place.
@Suite(.serialized) struct ManualPageTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let subcommands = ["summary", "stacks", "compare", "capture", "handle", "triage"]

    /// The install tree, made once.
    static let installed: Result<String, Error> = Result {
        let destination = try Scratch.makeDirectory(named: "cli-install-root")
        let work = try Scratch.makeDirectory(named: "cli-install-work")
        try Command.run("/usr/bin/make", [
            "-s", "install-files", "BINARY=\(AnalyzeDumpBinary.path)", "DESTDIR=\(destination)", "PREFIX=/usr", "MAN_WORK=\(work)",
        ], directory: packageRoot.path)
        return destination
    }

    private func path(_ relative: String) throws -> String { try Self.installed.get() + "/usr/" + relative }

    @Test func installPutsEveryFileInItsStandardPlace() throws {
        let expected = ["bin/analyze-dump", "share/man/man1/analyze-dump.1",
                        "share/bash-completion/completions/analyze-dump", "share/zsh/site-functions/_analyze-dump",
                        "share/fish/vendor_completions.d/analyze-dump.fish"]
            + Self.subcommands.map { "share/man/man1/analyze-dump-\($0).1" }
        for file in expected {
            #expect(FileManager.default.fileExists(atPath: try path(file)), "\(file)")
        }
        #expect(FileManager.default.isExecutableFile(atPath: try path("bin/analyze-dump")))
        let bash = try String(contentsOfFile: try path("share/bash-completion/completions/analyze-dump"), encoding: .utf8)
        #expect(bash.contains("complete -o filenames -F _analyze-dump analyze-dump") || bash.contains("-F _analyze-dump analyze-dump"))
        #expect(try Command.capture("/bin/bash", ["-n", try path("share/bash-completion/completions/analyze-dump")]).status == 0)
        let zsh = try String(contentsOfFile: try path("share/zsh/site-functions/_analyze-dump"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef analyze-dump"))
    }

    @Test(arguments: [""] + subcommands)
    func everyPageIsValidRoffWithEveryOption(subcommand: String) throws {
        let name = subcommand.isEmpty ? "analyze-dump" : "analyze-dump-\(subcommand)"
        let page = try path("share/man/man1/\(name).1")
        let groff = try Command.capture("/usr/bin/groff", ["-man", "-Tutf8", "-ww", "-z", page])
        #expect(groff.status == 0)
        #expect(groff.standardError.isEmpty, "\(groff.standardError)")
        let roff = try String(contentsOfFile: page, encoding: .utf8)
        #expect(roff.contains(".SH EXAMPLES"))
        let help = try AnalyzeDumpBinary.run((subcommand.isEmpty ? [] : [subcommand]) + ["--help"]).standardOutput
        // Every long option the help lists is in the page, as roff writes it (\-\-name).
        let options = Set(help.split(whereSeparator: { " ,[]<>=\n".contains($0) }).filter { $0.hasPrefix("--") && $0.count > 2 })
        #expect(!options.isEmpty)
        for option in options {
            #expect(roff.contains(option.replacingOccurrences(of: "-", with: "\\-")), "\(name): \(option)")
        }
        if subcommand.isEmpty {
            for other in Self.subcommands { #expect(roff.contains("\\fBanalyze\\-dump\\-\(other)\\fR(1)")) }
        }
    }
}
