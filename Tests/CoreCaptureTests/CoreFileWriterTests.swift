import Foundation
import Glibc
import Testing
@testable import CoreCapture
import FixtureSupport

/// A core is written under a name `mkstemp` makes up next to it, then renamed: a link planted
/// at a guessable name is never followed, and a failure leaves nothing behind.
@Suite struct CoreFileWriterTests {
    @Test func thePartialFileIsNewAndRenamedIntoPlace() throws {
        let directory = try Scratch.makeDirectory(named: "core-writer-planted-link")
        let path = directory + "/process_1_now_20260101T000000Z.core", victim = directory + "/victim"
        try "victim\n".write(toFile: victim, atomically: false, encoding: .utf8)
        #expect(symlink(victim, path + ".partial") == 0)

        var writer = try CoreFileWriter(path: path)
        #expect(writer.partialPath.hasPrefix(path + ".partial-") && writer.partialPath.count == path.count + 15)
        var status = stat()
        #expect(lstat(writer.partialPath, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && status.st_mode & 0o777 == 0o600)
        try writer.write([1, 2, 3], at: 0)
        try writer.finish(fileSize: 8)

        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [1, 2, 3, 0, 0, 0, 0, 0])
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "victim\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
            "process_1_now_20260101T000000Z.core", "process_1_now_20260101T000000Z.core.partial", "victim",
        ])
    }

    @Test func aFailureOrAnAbandonedCoreLeavesNoPartialFile() throws {
        let directory = try Scratch.makeDirectory(named: "core-writer-failure")
        // A directory that is not empty at the core's path: the rename fails.
        let blocked = directory + "/blocked.core"
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        var writer = try CoreFileWriter(path: blocked)
        try writer.write([1], at: 0)
        #expect(throws: CaptureError.self) { try writer.finish(fileSize: 1) }

        let abandoned = try CoreFileWriter(path: directory + "/abandoned.core")
        abandoned.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["blocked.core"])
    }
}
