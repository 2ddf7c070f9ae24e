import CoreTriage
import CrashStore
import FixtureSupport
import Foundation
import Testing

@Suite struct CoreDiscoveryTests {
    static let bootID = "0123456789abcdef0123456789abcdef"

    @Test func takesCoreNamesOnlyAndNeverOpensOrFollows() throws {
        let directory = try Scratch.makeDirectory(named: "discovery")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["core", "core.1234", "app.core.zst", "core.sh.0.\(Self.bootID).7.1700000000000000.lz4", "notes.txt", "core.x.json", ".rate"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try FileManager.default.createDirectory(atPath: directory + "/core.dir", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/core.link", withDestinationPath: "/etc/passwd")
        #expect(mkfifo(directory + "/core.fifo", 0o600) == 0)
        #expect(mkfifo(directory + "/named.fifo", 0o600) == 0)

        let (cores, skipped) = CoreDiscovery.find([directory, directory + "/named.fifo", directory + "/core", directory + "/missing"])
        #expect(cores.map { $0.path.dropFirst(directory.count + 1) } == ["app.core.zst", "core", "core.1234", "core.sh.0.\(Self.bootID).7.1700000000000000.lz4"])
        #expect(cores.last?.fileName?.pid == 7)
        #expect(cores.last?.crashTimeMicroseconds == 1_700_000_000_000_000)
        #expect(skipped.map(\.path) == [directory + "/core.fifo", directory + "/core.link", directory + "/named.fifo", directory + "/missing"])
        #expect(skipped[2].reason == "not a regular file or a directory (a FIFO or a device is never opened)")
        #expect(skipped[3].reason == "cannot examine it: No such file or directory")
    }

    @Test func identifiesCopiesApartAndTheSameFileOnce() throws {
        let directory = try Scratch.makeDirectory(named: "discovery-identity")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = directory + "/core.1"
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: original))
        try FileManager.default.copyItem(atPath: original, toPath: directory + "/core.2")
        try FileManager.default.linkItem(atPath: original, toPath: directory + "/core.3")
        let (cores, _) = CoreDiscovery.find([directory, original])
        #expect(cores.count == 2, "the hard link and the argument are the same file as core.1")
        #expect(cores[0].identity.size == 4096)
        #expect(cores[0].identity.inode != cores[1].identity.inode)
    }

    @Test func readsSystemdCoredumpAttributes() throws {
        let directory = try Scratch.makeDirectory(named: "discovery-xattr")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/core.a.0.\(Self.bootID).1.1.zst"
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        #expect(CoredumpAttributes(path: path).isEmpty)
        for (name, value) in [("hostname", "db-3"), ("timestamp", "1700000001000000"), ("exe", "/usr/sbin/db"), ("signal", "6"), ("pid", "9")] {
            try Command.run("/usr/bin/setfattr", ["-n", "user.coredump.\(name)", "-v", value, path])
        }
        #expect(CoredumpAttributes(path: path) == CoredumpAttributes(timeMicroseconds: 1_700_000_001_000_000, hostname: "db-3", executable: "/usr/sbin/db", signal: 6))
        try Command.run("/usr/bin/setfattr", ["-n", "user.coredump.signal", "-v", "999", path])
        try Command.run("/usr/bin/setfattr", ["-n", "user.coredump.timestamp", "-v", "-5", path])
        let clamped = CoredumpAttributes(path: path)
        #expect(clamped.signal == nil)
        #expect(clamped.timeMicroseconds == nil)
    }
}
