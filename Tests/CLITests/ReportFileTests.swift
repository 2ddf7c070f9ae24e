import Foundation
import Glibc
import Testing
import FixtureSupport

/// Report files (`-o`, `--json`, `--html`) are written to a temporary file `mkstemp` names in
/// the target's directory, then renamed: no name another user could guess, nothing left
/// behind on a failure, and no link planted in a shared directory followed.
@Suite struct ReportFileTests {
    let fixture = Fixture("warmup-lock")

    /// The temporary name used to be `PATH.tmp-PID`: a link planted there made the report
    /// overwrite the file it pointed to (as root, any file), and then became the report's
    /// path. A link at that name is left alone now.
    @Test func aLinkAtTheOldTemporaryNameIsLeftAlone() throws {
        let directory = try Scratch.makeDirectory(named: "report-planted-link")
        // `exec` keeps the shell's PID: `$$` is the PID analyze-dump writes as.
        let script = """
            echo victim > victim; ln -s victim report.txt.tmp-$$; ln -s victim report.json.tmp-$$
            exec '\(AnalyzeDumpBinary.path)' '\(fixture.compressedCorePath)' --exe '\(try fixture.executablePath)' -o report.txt --json report.json
            """
        let result = try Command.capture("/bin/sh", ["-c", script], directory: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try String(contentsOfFile: directory + "/victim", encoding: .utf8) == "victim\n")
        var status = stat()
        #expect(lstat(directory + "/report.txt", &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
        #expect(status.st_mode & 0o777 == 0o644 & ~Self.creationMask)
        #expect(try String(contentsOfFile: directory + "/report.txt", encoding: .utf8).hasPrefix("analyze-dump: process 669 (warmup-lock)"))
        #expect(try String(contentsOfFile: directory + "/report.json", encoding: .utf8).hasPrefix("{\"schema_version\":2,"))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names.count == 5)
        #expect(names.filter { $0.hasPrefix("report.txt.tmp-") || $0.hasPrefix("report.json.tmp-") }.allSatisfy {
            lstat(directory + "/" + $0, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
        })
    }

    /// A write that fails half-way (the file size limit, with `SIGXFSZ` ignored so that
    /// `write` fails with `EFBIG`) removes its temporary file: the directory stays empty.
    @Test func aFailedWriteLeavesNoTemporaryFile() throws {
        let directory = try Scratch.makeDirectory(named: "report-too-large")
        // The plain core: decompressing one would meet the limit first. 20 blocks of 512 bytes.
        let script = """
            trap '' XFSZ; ulimit -f 20
            exec '\(AnalyzeDumpBinary.path)' '\(try fixture.plainCorePath)' --exe '\(try fixture.executablePath)' --format html -o report.html
            """
        let result = try Command.capture("/bin/sh", ["-c", script], directory: directory)
        #expect(result.status == 74)
        #expect(result.standardError == "analyze-dump: error: cannot write the report to report.html: File too large\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [])
    }

    /// In a sticky directory everyone may write (`/tmp`), a link that another user owns is
    /// not followed, as the kernel's `fs.protected_symlinks` refuses it; a link of the
    /// directory's owner still is.
    @Test(.enabled(if: geteuid() == 0, "needs root to give a link to another user"))
    func aLinkAnotherUserPlantedInASharedDirectoryIsRefused() throws {
        let directory = try Scratch.makeDirectory(named: "report-shared-directory")
        #expect(chmod(directory, 0o1777) == 0)
        let victim = directory + "/victim", planted = directory + "/report.txt", own = directory + "/own.txt"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        #expect(symlink(victim, planted) == 0 && lchown(planted, 65534, 65534) == 0)
        #expect(symlink(victim, own) == 0)

        let refused = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "-o", planted])
        #expect(refused.status == 74)
        #expect(refused.standardError == "analyze-dump: error: cannot write the report to \(planted): it is a symbolic link that another user owns in a shared directory (sticky and writable by all, like /tmp); remove it or write elsewhere\n")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "victim\n")

        let followed = try AnalyzeDumpBinary.run([fixture.compressedCorePath, "--exe", try fixture.executablePath, "-o", own])
        #expect(followed.status == 0, "\(followed.standardError)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8).hasPrefix("analyze-dump: process 669 (warmup-lock)"))
    }

    /// This process's file creation mask.
    static var creationMask: mode_t {
        let mask = umask(0)
        umask(mask)
        return mask
    }
}
