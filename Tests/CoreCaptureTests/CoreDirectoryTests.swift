import Foundation
import Testing
import CoreCapture
import FixtureSupport

/// `capture -o`: the cores' directory is made as `mkdir -p` makes one, private to its owner.
struct CoreDirectoryTests {
    /// Each missing component is made 0700; a directory that exists keeps its mode.
    @Test func missingComponentsAreMadePrivateAndExistingOnesKeepTheirMode() throws {
        let base = try Scratch.makeDirectory(named: "core-directory")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: base)
        try CoreDirectory.create(base + "/a//b/")
        try CoreDirectory.create(base + "/a/b")
        #expect(try Self.mode(base) == 0o755)
        #expect(try Self.mode(base + "/a") == 0o700)
        #expect(try Self.mode(base + "/a/b") == 0o700)
    }

    /// A symbolic link to a directory is followed, as `mkdir -p` does.
    @Test func aLinkToADirectoryIsUsed() throws {
        let base = try Scratch.makeDirectory(named: "core-directory-link")
        try FileManager.default.createDirectory(atPath: base + "/target", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: base + "/target")
        try CoreDirectory.create(base + "/link/cores")
        #expect(try Self.mode(base + "/target/cores") == 0o700)
    }

    /// A component that is a file stops the creation there, named in the error.
    @Test func aFileInThePathIsRefused() throws {
        let base = try Scratch.makeDirectory(named: "core-directory-file")
        _ = FileManager.default.createFile(atPath: base + "/file", contents: Data())
        #expect(throws: CaptureError.cannotCreateDirectory(path: base + "/file", reason: "it exists and is not a directory")) {
            try CoreDirectory.create(base + "/file/cores")
        }
        #expect(CaptureError.cannotCreateDirectory(path: "/x", reason: "permission denied").description
            == "cannot create the directory /x for the cores: permission denied; give another with -o")
    }

    private static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
}
