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
        #expect(reader.standardOutput.hasPrefix("{\"schema_version\":1,"))
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
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{\"schema_version\":1,"))
    }

    @Test func missingModuleExitsOneAndSaysWhat() throws {
        let empty = try Scratch.makeDirectory(named: "cli-empty-root")
        let result = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--sysroot", empty])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("\nDiagnostics\n  warning: libdw cannot find the executable at \(fixture.facts["executable_path"]!)"))
    }

    @Test func stacksPrintsWarningsOnStderrAndExitsOne() throws {
        let empty = try Scratch.makeDirectory(named: "cli-empty-root-2")
        let result = try AnalyzeDumpBinary.run(["stacks", fixture.compressedCorePath, "--sysroot", empty])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("analyze-dump: warning: libdw cannot find the executable at"))
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
            (text, "analyze-dump: error: \(text) is not an ELF core file (no ELF or zstd magic number)\n"),
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
