import Foundation
import Glibc

/// A MariaDB server (Debian's `mariadbd`) run by a test in a scratch directory, on a Unix
/// socket with networking off, with the clients the test opens against it.
///
/// The server is initialised once per test process (`mariadb-install-db` takes several
/// seconds) and each server copies that data directory. It runs with a 16 MiB buffer pool
/// and a 64 MiB maximum, so that a capture stays near 450 MB apparent, 55 MB on disk; the
/// default maximum reserves 8 TiB, which gcore would write out as zeros (tests capture with
/// `analyze-dump capture`). ``stop()`` kills the clients and the server and deletes the
/// directory with whatever the test wrote there.
public final class MariaDBServer {
    /// Why no server can run here, or nil: the programs of Debian's mariadb-server-core and
    /// mariadb-client-core (`scripts/install-deps`) must be installed.
    public static let unavailableReason: String? = {
        let missing = [installer, server, client].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        return missing.isEmpty ? nil : "\(missing.joined(separator: ", ")) missing: run scripts/install-deps (mariadb-server-core, mariadb-client-core)"
    }()

    private static let installer = "/usr/bin/mariadb-install-db"
    private static let server = "/usr/sbin/mariadbd"
    private static let client = "/usr/bin/mariadb"

    /// The options the data directory is made with and the server runs with: a 4 MiB redo log
    /// keeps each copy near 22 MB (the default is 96 MiB).
    private static let innodbOptions = ["--innodb-log-file-size=4M"]

    /// The data directory `mariadb-install-db` made, once per test process; deleted when the
    /// process exits.
    private static let template: Result<String, any Error> = Result(catching: {
        let directory = try Scratch.makeDirectory(named: "mariadb-template")
        atexit { try? FileManager.default.removeItem(at: Scratch.directory.appendingPathComponent("mariadb-template")) }
        try Command.run(installer, [
            "--no-defaults", "--datadir=\(directory)/data", "--user=root",
            "--auth-root-authentication-method=normal", "--skip-test-db",
        ] + innodbOptions)
        return directory + "/data"
    })

    /// The server's scratch directory (data, socket, error log, and the test's cores).
    public let directory: String
    private let process: Foundation.Process
    private var clients: [Foundation.Process] = []

    /// The server's process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Starts a server in a new scratch directory `name` and returns once it is ready for
    /// connections (within 30 s).
    public init(named name: String) throws {
        directory = try Scratch.makeDirectory(named: name)
        try Command.run("/bin/cp", ["-a", try Self.template.get(), directory + "/data"])
        process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: Self.server)
        process.arguments = [
            "--no-defaults", "--datadir=\(directory)/data", "--socket=\(directory)/sock", "--skip-networking",
            "--user=root", "--pid-file=\(directory)/pid", "--log-error=\(directory)/err.log",
            "--innodb-buffer-pool-size=16M", "--innodb-buffer-pool-size-max=64M",
        ] + Self.innodbOptions
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !log.contains("ready for connections") {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw Command.Failure(description: "mariadbd did not get ready: \(log)")
            }
            usleep(50_000)
        }
    }

    /// The server's error log.
    public var log: String {
        (try? String(contentsOfFile: directory + "/err.log", encoding: .utf8)) ?? ""
    }

    private var clientArguments: [String] { ["--no-defaults", "--socket=\(directory)/sock", "--user=root"] }

    /// Runs `sql` and returns its result rows, each a list of tab-separated columns, without
    /// the header.
    public func query(_ sql: String) throws -> [[String]] {
        let result = try Command.run(Self.client, clientArguments + ["--batch", "--skip-column-names", "-e", sql])
        return result.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Starts a client that runs `sql` and stays connected until ``stop()``, whether its
    /// statements finish (a transaction left open) or block.
    public func startClient(_ sql: String) throws {
        let client = Foundation.Process()
        client.executableURL = URL(fileURLWithPath: Self.client)
        client.arguments = clientArguments + ["--batch"]
        let input = Pipe()
        client.standardInput = input
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        clients.append(client)
        // The pipe stays open (the handle lives as long as the process object), so the client
        // waits for more statements after these.
        input.fileHandleForWriting.write(Data((sql + "\n").utf8))
    }

    /// Polls `query` every 100 ms until `done` holds for its rows (within 20 s).
    public func waitUntil(_ sql: String, _ done: ([[String]]) -> Bool) throws -> [[String]] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let rows = try query(sql)
            if done(rows) { return rows }
            guard Date() < deadline else { throw Command.Failure(description: "timed out waiting on \(sql): \(rows)") }
            usleep(100_000)
        }
    }

    /// Kills the clients and the server with SIGKILL, waits for them and deletes the directory.
    public func stop() {
        for client in clients + [process] where client.isRunning {
            _ = kill(client.processIdentifier, SIGKILL)
            client.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
