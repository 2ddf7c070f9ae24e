import Foundation
import Glibc
import Testing
import FixtureSupport

/// The documented exit statuses: 0 complete, 1 shown with problems, 2 nothing analysed,
/// 64 usage; fatal errors are one line on stderr and nothing on stdout.
@Suite struct ExitStatusTests {
    let fixture = Fixture("warmup-lock")

    @Test func completeReportExitsZeroWithNothingOnStderr() throws {
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", fixture.executablePath])
        #expect(result.status == 0)
        #expect(result.standardError == "")
        #expect(result.standardOutput.hasPrefix("analyze-dump: process \(fixture.facts["pid"]!) (warmup-lock), x86_64, 10 threads, SIGQUIT\n"))
    }

    /// A report sent to a device or a FIFO is written into it: renaming a finished file over
    /// it, as for a regular file, would replace the device (run as root, `-o /dev/null` once
    /// turned /dev/null into a file of HTML).
    @Test func reportToAFIFOIsWrittenInPlace() throws {
        let directory = try Scratch.makeDirectory(named: "cli-fifo")
        let fifo = directory + "/report.fifo"
        unlink(fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try Command.capture("/bin/sh", ["-c", "'\(AnalyzeDumpBinary.path)' '\(fixture.compressedCorePath)' --exe '\(fixture.executablePath)' --format json -o '\(fifo)' & cat '\(fifo)'; wait $!"])
        #expect(reader.status == 0)
        #expect(reader.standardOutput.hasPrefix("{\"schema_version\":2,"))
        var status = stat()
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    /// A report to a symbolic link goes to its target, and the link stays (renaming over it,
    /// as root with `-o /dev/stdout`, would replace the link for everyone).
    @Test func reportToASymbolicLinkGoesToItsTarget() throws {
        let directory = try Scratch.makeDirectory(named: "cli-symlink")
        let target = directory + "/report.json", link = directory + "/latest.json"
        unlink(target)
        unlink(link)
        #expect(symlink("report.json", link) == 0)
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", fixture.executablePath, "--format", "json", "-o", link])
        #expect(result.status == 0, "\(result.standardError)")
        var status = stat()
        #expect(lstat(link, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{\"schema_version\":2,"))
    }

    @Test func missingModuleExitsOneAndSaysWhat() throws {
        let empty = try Scratch.makeDirectory(named: "cli-empty-root")
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--sysroot", empty])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("\nDiagnostics\n  warning: libdw cannot find the executable at \(fixture.facts["executable_path"]!)"))
        // The module with the fix, then one line that says why, for a pipeline's log.
        #expect(result.standardError == """
            analyze-dump: warning: libdw cannot find the executable at \(fixture.facts["executable_path"]!) (build-id \(fixture.facts["build_id"]!)): pass --exe; its frames show as module+offset
            analyze-dump: warning: 1 module was not found; 10 stacks are incomplete (see Diagnostics)

            """)
    }

    /// The core cut short 77,088 bytes before its end, in the main thread's stack segment.
    @Test func truncatedCoreExitsOneAndSaysSoOnStandardError() throws {
        let core = try Array(Data(contentsOf: URL(fileURLWithPath: try fixture.plainCorePath)))
        let truncated = try Scratch.file(named: "cli-truncated.core", bytes: Array(core.prefix(2_700_000)))
        let result = try AnalyzeDumpBinary.run([truncated, "--exe", try fixture.executablePath, "-o", "/dev/null"])
        #expect(result.status == 1)
        #expect(result.standardError == "analyze-dump: warning: the core is truncated (see Diagnostics)\n")

        let compared = try AnalyzeDumpBinary.run(["compare", fixture.compressedCorePath, truncated, "--exe", try fixture.executablePath])
        #expect(compared.status == 1)
        #expect(compared.standardError == "analyze-dump: warning: 1 of 2 cores is incomplete: \(truncated) (the core is truncated); analyse each alone for its diagnostics\n")
    }

    /// `analyze-dump CORE | head`: the reader leaves after 100 bytes, the rest of a 1.7 MB
    /// report (the JSON of stack-overflow's 7,261 frames: text folds them) meets a closed
    /// pipe, and the run ends quietly with the status of its report.
    @Test func aReaderThatStopsEarlyEndsTheRunQuietly() throws {
        let fixture = Fixture("stack-overflow")
        let errors = Scratch.directory.appendingPathComponent("cli-pipe-stderr.txt").path
        let pipeline = "'\(AnalyzeDumpBinary.path)' '\(fixture.compressedCorePath)' --exe '\(try fixture.executablePath)' --max-frames 100000 --format json 2>'\(errors)' | head -c 100; exit ${PIPESTATUS[0]}"
        let result = try Command.capture("/bin/bash", ["-c", pipeline])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("{\"schema_version\":"))
        #expect(result.standardOutput.utf8.count == 100)
        #expect(try String(contentsOfFile: errors, encoding: .utf8) == "")
    }

    @Test func stacksPrintsWarningsOnStderrAndExitsOne() throws {
        let empty = try Scratch.makeDirectory(named: "cli-empty-root-2")
        let result = try AnalyzeDumpBinary.run(["stacks", fixture.compressedCorePath, "--sysroot", empty])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("analyze-dump: warning: libdw cannot find the executable at"))
        #expect(result.standardError.hasSuffix("\nanalyze-dump: warning: 1 module was not found; 10 stacks are incomplete (see the warnings above)\n"))
    }

    @Test(arguments: [
        (["/nonexistent/core"], "analyze-dump: error: cannot open core file /nonexistent/core: no such file\n"),
        (["stacks", "/nonexistent/core"], "analyze-dump: error: cannot open core file /nonexistent/core: no such file\n"),
    ])
    func missingFileIsOneLineAndExitTwo(arguments: [String], message: String) throws {
        let result = try AnalyzeDumpBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.standardError == message)
        #expect(result.standardOutput == "")
    }

    @Test func badInputsAreOneLineErrorsWithExitTwo() throws {
        let empty = try Scratch.file(named: "cli-empty", bytes: [])
        let text = try Scratch.file(named: "cli-text", bytes: Array("not a core".utf8))
        let cases: [(String, String)] = [
            (empty, "analyze-dump: error: core file \(empty) is empty: the core was not written (check ulimit -c and /proc/sys/kernel/core_pattern)\n"),
            (text, "analyze-dump: error: \(text) is not an ELF core file (no ELF, zstd, lz4 or xz magic number)\n"),
            (try fixture.executablePath, "analyze-dump: error: \(try fixture.executablePath) is an executable, not a core: pass it with --exe and give the core file as the argument\n"),
        ]
        for (path, message) in cases {
            let result = try AnalyzeDumpBinary.run([path])
            #expect(result.status == 2)
            #expect(result.standardError == message)
            #expect(result.standardOutput == "")
        }
    }

    @Test(arguments: [[], ["--no-such-option", "core"], ["core", "--max-frames", "0"], ["stacks"]])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        let result = try AnalyzeDumpBinary.run(arguments)
        #expect(result.status == 64)
        #expect(result.standardOutput == "")
    }
}
